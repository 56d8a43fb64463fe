package io.pulmo.ct3d.classify;

import io.pulmo.ct3d.load.CandidateInfo;

import java.util.List;
import java.util.function.Predicate;

/**
 * What a chunk classifier tells apart: the nodule model (chapter 12–13 of the book) or the malignancy model fine-tuned
 * from it (chapter 14, {@code MalignantLunaDataset}). Column 1 of the labels is the positive class.
 */
public enum ChunkTarget {
    /** Nodule against non-nodule, over every candidate. */
    NODULE(List.of("non-nodule", "nodule"), CandidateInfo::nodule),
    /** Malignant against benign, over the annotated nodules only. */
    MALIGNANCY(List.of("benign", "malignant"), CandidateInfo::malignant);

    private final List<String> classes;
    private final Predicate<CandidateInfo> positive;

    ChunkTarget(List<String> classes, Predicate<CandidateInfo> positive) {
        this.classes = classes;
        this.positive = positive;
    }

    /** Class names by label column. */
    public List<String> classes() {
        return classes;
    }

    /** Whether {@code c} belongs to the positive class (column 1). */
    public boolean positive(CandidateInfo c) {
        return positive.test(c);
    }

    /** The samples this target trains on: all candidates for {@link #NODULE}, the nodules for {@link #MALIGNANCY}. */
    public List<CandidateInfo> samples(List<CandidateInfo> candidates) {
        return this == NODULE ? candidates : candidates.stream().filter(CandidateInfo::nodule).toList();
    }
}
