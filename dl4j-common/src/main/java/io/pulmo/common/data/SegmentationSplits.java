package io.pulmo.common.data;

import java.util.List;

/** A segmentation dataset's parts: images with masks for training, validation (may be empty) and test. */
public record SegmentationSplits(List<SegmentationItem> train, List<SegmentationItem> val, List<SegmentationItem> test) {
    public SegmentationSplits {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /** A part by name: {@code train}, {@code val} (also {@code valid}, {@code validation}) or {@code test}. */
    public List<SegmentationItem> split(String name) {
        return List.of(train, val, test).get(DatasetSplits.index(name));
    }
}
