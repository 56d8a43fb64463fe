package io.pulmo.ct3d.group;

/**
 * Binary erosion of a 3-D mask with the 6-neighbour cross, as {@code scipy.ndimage.binary_erosion(mask,
 * iterations=n)} with its defaults ({@code structure = generate_binary_structure(3, 1)},
 * {@code border_value = 0}): after one iteration a voxel stays foreground only when it and its six face
 * neighbours are foreground, and a neighbour outside the volume counts as background, so every foreground
 * voxel on the volume's faces is removed. One iteration removes structures one or two voxels thin; a
 * solid box of {@code a × b × c} voxels becomes {@code (a−2) × (b−2) × (c−2)}.
 *
 * <p>Unlike scipy, {@code iterations = 0} means no erosion (scipy repeats until nothing changes).
 */
public final class BinaryErosion {

    private BinaryErosion() {
    }

    /**
     * Erodes {@code mask} {@code iterations} times; the input is not modified. Memory: one new mask for one
     * iteration, two for more.
     *
     * @param mask       foreground voxels, flat in the grid's order
     * @param shape      the grid
     * @param iterations number of erosions, at least 0; 0 returns a copy
     * @return the eroded mask, a new array
     * @throws IllegalArgumentException on a negative count or a mask of the wrong length
     */
    public static boolean[] erode(boolean[] mask, GridShape shape, int iterations) {
        shape.requireLength("mask", mask.length);
        if (iterations < 0) {
            throw new IllegalArgumentException("erosion iterations must be >= 0, got " + iterations);
        }
        if (iterations == 0) {
            return mask.clone();
        }
        // the first pass reads the input; later passes ping-pong between two new buffers
        boolean[] current = new boolean[mask.length];
        erodeOnce(mask, current, shape);
        boolean[] spare = iterations > 1 ? new boolean[mask.length] : null;
        for (int it = 1; it < iterations; it++) {
            erodeOnce(current, spare, shape);
            boolean[] t = current;
            current = spare;
            spare = t;
        }
        return current;
    }

    /** One erosion of {@code src} into {@code dst} (every element of {@code dst} is written). */
    static void erodeOnce(boolean[] src, boolean[] dst, GridShape shape) {
        int depth = shape.depth();
        int rows = shape.rows();
        int cols = shape.cols();
        int plane = shape.plane();
        for (int i = 0; i < depth; i++) {
            boolean innerIndex = i > 0 && i < depth - 1;
            for (int r = 0; r < rows; r++) {
                int start = (i * rows + r) * cols;
                if (!innerIndex || r == 0 || r == rows - 1 || cols < 3) {
                    // the whole row touches the border along index or row: nothing survives
                    java.util.Arrays.fill(dst, start, start + cols, false);
                    continue;
                }
                dst[start] = false;
                dst[start + cols - 1] = false;
                for (int p = start + 1, end = start + cols - 1; p < end; p++) {
                    dst[p] = src[p] && src[p - 1] && src[p + 1] && src[p - cols] && src[p + cols]
                            && src[p - plane] && src[p + plane];
                }
            }
        }
    }
}
