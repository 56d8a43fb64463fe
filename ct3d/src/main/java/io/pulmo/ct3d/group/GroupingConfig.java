package io.pulmo.ct3d.group;

/**
 * How a heat map becomes candidate nodules (the book's {@code segmentCt} + {@code groupSegmentationOutput}).
 *
 * @param threshold         a voxel is foreground when its probability is strictly greater ({@code >}, as the
 *                          book's {@code output_a > 0.5}); finite, default {@value #DEFAULT_THRESHOLD}
 * @param erosionIterations binary erosions with the 6-neighbour cross before labelling, 0 = none;
 *                          default {@value #DEFAULT_EROSION} (the book's {@code binary_erosion(mask, iterations=1)})
 * @param connectivity      neighbourhood of the connected components; default {@link Connectivity#SIX}
 *                          ({@code scipy.ndimage.label}'s default)
 */
public record GroupingConfig(double threshold, int erosionIterations, Connectivity connectivity) {

    public static final double DEFAULT_THRESHOLD = 0.5;
    public static final int DEFAULT_EROSION = 1;
    /** Threshold 0.5, one erosion, 6-connectivity. */
    public static final GroupingConfig DEFAULT =
            new GroupingConfig(DEFAULT_THRESHOLD, DEFAULT_EROSION, Connectivity.SIX);

    public GroupingConfig {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        if (erosionIterations < 0) {
            throw new IllegalArgumentException("erosion iterations must be >= 0, got " + erosionIterations);
        }
        if (connectivity == null) {
            throw new IllegalArgumentException("connectivity must be given (6 or 26)");
        }
    }

    public GroupingConfig withThreshold(double value) {
        return new GroupingConfig(value, erosionIterations, connectivity);
    }

    public GroupingConfig withErosion(int iterations) {
        return new GroupingConfig(threshold, iterations, connectivity);
    }

    public GroupingConfig withConnectivity(Connectivity value) {
        return new GroupingConfig(threshold, erosionIterations, value);
    }
}
