package io.pulmo.ct3d.segment;

/**
 * One sample of the segmentation data: a slice of a series and the window served around it.
 *
 * <ul>
 *   <li>{@link Kind#TRAINING_CROP}: an annotated nodule, the book's {@code TrainingLuna2dSegmentationDataset} item;
 *       {@code (slice, row, col)} is the voxel nearest to the nodule's centre, and the served crop is cut around it
 *       ({@link SegmentBatchIterator});</li>
 *   <li>{@link Kind#FULL_SLICE}: a whole slice, the book's {@code Luna2dSegmentationDataset} item for validation;
 *       {@code (row, col)} is the slice's centre pixel ({@code rows / 2, cols / 2}).</li>
 * </ul>
 *
 * @param seriesuid the scan
 * @param slice     the slice (index axis), 0-based
 * @param row       centre row of the served window
 * @param col       centre column of the served window
 * @param kind      what is served
 */
public record SegmentSample(String seriesuid, int slice, int row, int col, Kind kind) {

    /** What a sample serves. */
    public enum Kind {
        /** A random sub-crop of a window around a nodule (training). */
        TRAINING_CROP,
        /** The whole slice (validation, inference). */
        FULL_SLICE
    }

    public SegmentSample {
        if (seriesuid == null || seriesuid.isEmpty() || kind == null) {
            throw new IllegalArgumentException("a segment sample needs a series UID and a kind");
        }
        if (slice < 0) {
            throw new IllegalArgumentException("slice must be >= 0, got " + slice + " in series " + seriesuid);
        }
    }

    /** A training crop around the nodule voxel {@code (slice, row, col)}. */
    public static SegmentSample crop(String seriesuid, int slice, int row, int col) {
        return new SegmentSample(seriesuid, slice, row, col, Kind.TRAINING_CROP);
    }

    /** The whole slice {@code slice} of a scan of {@code rows × cols} pixels. */
    public static SegmentSample fullSlice(String seriesuid, int slice, int rows, int cols) {
        return new SegmentSample(seriesuid, slice, rows / 2, cols / 2, Kind.FULL_SLICE);
    }

    /** {@code seriesuid#slice}, for messages. */
    public String id() {
        return seriesuid + "#" + slice;
    }
}
