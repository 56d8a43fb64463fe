package io.pulmo.common.phantom;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a phantom generator wrote.
 *
 * @param root     the dataset root (the {@code --out} directory)
 * @param counts   images per split and class: split name -> class (folder) name -> number of images, in on-disk order
 * @param patients number of distinct patients (each patient's images lie in exactly one split)
 */
public record PhantomSummary(Path root, Map<String, Map<String, Integer>> counts, int patients) {
    public PhantomSummary {
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        counts.forEach((split, perClass) -> copy.put(split, Collections.unmodifiableMap(new LinkedHashMap<>(perClass))));
        counts = Collections.unmodifiableMap(copy);
    }

    /** Total number of images over all splits and classes. */
    public int total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }

    /** Number of images in one split (0 when the split is absent). */
    public int total(String split) {
        return counts.getOrDefault(split, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }
}
