package io.pulmo.ct3d.group;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The book's grouping stage ({@code segmentCt}'s threshold and erosion, then {@code groupSegmentationOutput}):
 * a segmentation heat map becomes candidate nodules.
 *
 * <ol>
 *   <li>threshold: a voxel is foreground when {@code heat > threshold} (strictly, as the book's
 *       {@code output_a > 0.5}; NaN is background);</li>
 *   <li>{@link BinaryErosion binary erosion} with the 6-neighbour cross, {@code erosionIterations} times
 *       (scipy's {@code binary_erosion} with {@code border_value = 0}: voxels on the volume's faces go);</li>
 *   <li>{@link ConnectedComponents connected components} with 6- or 26-connectivity, numbered by their first
 *       voxel in raster order as {@code scipy.ndimage.label} does;</li>
 *   <li>per component, its voxel count and centre of mass in (index, row, col): weighted by
 *       {@code clip(HU, −1000, 1000) + 1001} when a CT is given, else the mean voxel position.</li>
 * </ol>
 *
 * <p>Memory: one {@code boolean} per voxel for the mask, a second one while eroding, and the flood queue; no
 * label array. A 512 × 512 × 300 heat map needs about 160 MB beyond its own 315 MB.
 */
public final class CandidateGrouper {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateGrouper.class);

    private CandidateGrouper() {
    }

    /**
     * Groups a heat map into components.
     *
     * @param heat   probabilities, flat in (index, row, col) order, col fastest
     * @param hu     Hounsfield units of the CT in the same grid, or null for unweighted centres
     * @param shape  the grid of both arrays
     * @param config threshold, erosion and connectivity
     * @return the components in label order (first voxel in raster order); empty when nothing passes
     * @throws IllegalArgumentException when an array's length does not match the grid
     */
    public static List<CandidateComponent> group(float[] heat, short[] hu, GridShape shape, GroupingConfig config) {
        shape.requireLength("heat map", heat.length);
        if (hu != null) {
            shape.requireLength("CT", hu.length);
        }
        long start = System.nanoTime();
        boolean[] mask = threshold(heat, config.threshold());
        if (config.erosionIterations() > 0) {
            mask = BinaryErosion.erode(mask, shape, config.erosionIterations());
        }
        List<CandidateComponent> components =
                ConnectedComponents.measureConsuming(mask, hu, shape, config.connectivity());
        LOG.debug("grouped {} voxels into {} components in {} ms", heat.length, components.size(),
                (System.nanoTime() - start) / 1_000_000);
        return components;
    }

    /** Same as {@link #group(float[], short[], GridShape, GroupingConfig)} with the grid given as three sizes. */
    public static List<CandidateComponent> group(float[] heat, short[] hu, int depth, int rows, int cols,
                                                 GroupingConfig config) {
        return group(heat, hu, new GridShape(depth, rows, cols), config);
    }

    /**
     * The foreground mask {@code heat[i] > threshold} (NaN is background).
     *
     * @return a new array, one element per voxel
     */
    public static boolean[] threshold(float[] heat, double threshold) {
        boolean[] mask = new boolean[heat.length];
        for (int i = 0; i < heat.length; i++) {
            mask[i] = heat[i] > threshold;
        }
        return mask;
    }
}
