package io.pulmo.common.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled image on disk.
 *
 * @param path  the file
 * @param id    the path relative to the dataset root, with '/' separators (the {@code id} column of {@code predictions.csv})
 * @param label class index into the dataset's class list
 * @param group the grouping key for leakage-free splits (a patient id where the file name carries one, else the id)
 */
public record ImageItem(Path path, String id, int label, String group) {
    public ImageItem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(group, "group");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, got " + label + " for " + path);
        }
    }
}
