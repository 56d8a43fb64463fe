package io.pulmo.common.data;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.TreeMap;

/**
 * A dataset divided into train, validation and test items over one class list.
 *
 * @param classes class names, index = label
 * @param train   training items
 * @param val     validation items (may be empty)
 * @param test    test items
 */
public record DatasetSplits(List<String> classes, List<ImageItem> train, List<ImageItem> val, List<ImageItem> test) {
    public DatasetSplits {
        classes = List.copyOf(classes);
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /** Items of the split named {@code train}, {@code val} or {@code test}. */
    public List<ImageItem> split(String name) {
        return List.of(train, val, test).get(index(name));
    }

    /** 0, 1, 2 for {@code train}, {@code val} ({@code valid}, {@code validation}), {@code test}. */
    static int index(String name) {
        return switch (name) {
            case "train" -> 0;
            case "val", "valid", "validation" -> 1;
            case "test" -> 2;
            default -> throw new IllegalArgumentException("unknown split '" + name + "'; known: train, val, test");
        };
    }

    /** Images per class in each split (train, val, test in that order): {@code {train: {NORMAL: 80, ...}, ...}}. */
    public Map<String, Map<String, Integer>> counts() {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (String s : List.of("train", "val", "test")) {
            Map<String, Integer> perClass = new TreeMap<>();
            for (String c : classes) {
                perClass.put(c, 0);
            }
            for (ImageItem item : split(s)) {
                perClass.merge(classes.get(item.label()), 1, Integer::sum);
            }
            out.put(s, perClass);
        }
        return out;
    }
}
