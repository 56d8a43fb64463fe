package io.pulmo.ct3d.group;

import java.util.ArrayList;
import java.util.List;

/**
 * 3-D connected components of a binary mask and their sizes and centres of mass, as
 * {@code scipy.ndimage.label} and {@code scipy.ndimage.center_of_mass}.
 *
 * <p>Labels run from 1 in the order of each component's first voxel in raster order (index, then row, then
 * col), which is how {@code scipy.ndimage.label} numbers them. Each component is found by a breadth-first
 * flood fill from that voxel; the queue is a growable ring of voxel offsets, so memory beyond the mask is
 * proportional to the largest flood front, not to the volume, and nothing is boxed per voxel.
 */
public final class ConnectedComponents {

    private ConnectedComponents() {
    }

    /**
     * A label per voxel.
     *
     * @param labels 0 for background, else the voxel's component label in [1, count]
     * @param count  number of components
     */
    public record Labelling(int[] labels, int count) {
    }

    /**
     * Labels the connected components of {@code mask} (scipy: {@code label(mask, structure)}).
     *
     * @param mask         foreground voxels, flat in the grid's order; not modified
     * @param shape        the grid
     * @param connectivity 6 or 26 neighbours
     * @return the label array (4 bytes per voxel) and the component count
     */
    public static Labelling label(boolean[] mask, GridShape shape, Connectivity connectivity) {
        shape.requireLength("mask", mask.length);
        int[] labels = new int[mask.length];
        List<CandidateComponent> components = flood(mask.clone(), null, shape, connectivity, labels);
        return new Labelling(labels, components.size());
    }

    /**
     * The components of {@code mask} with their voxel counts and centres of mass, without a label array:
     * the mask is consumed (every visited voxel is cleared), which keeps the memory to the mask itself.
     *
     * @param mask         foreground voxels; cleared on return
     * @param hu           Hounsfield units in the same grid, or null: with a CT the centre of mass is weighted by
     *                     {@link #huWeight(short) clip(HU, −1000, 1000) + 1001} (the book's
     *                     {@code center_of_mass(hu.clip(-1000, 1000) + 1001, labels, ...)}), without one it is
     *                     the mean voxel position
     * @param shape        the grid
     * @param connectivity 6 or 26 neighbours
     * @return the components in label order
     */
    public static List<CandidateComponent> measureConsuming(boolean[] mask, short[] hu, GridShape shape,
                                                            Connectivity connectivity) {
        shape.requireLength("mask", mask.length);
        if (hu != null) {
            shape.requireLength("CT", hu.length);
        }
        return flood(mask, hu, shape, connectivity, null);
    }

    /** The centre-of-mass weight of a voxel: {@code clip(hu, −1000, 1000) + 1001}, in [1, 2001]. */
    public static int huWeight(short hu) {
        return Math.max(-1000, Math.min(1000, hu)) + 1001;
    }

    /**
     * The flood fill behind {@link #label} and {@link #measureConsuming}: scans the mask in raster order and
     * floods each foreground voxel's component, clearing the mask as it goes. Sums are exact longs.
     *
     * @param hu      null for unit weights
     * @param labels  null, or an array that receives each voxel's label
     */
    static List<CandidateComponent> flood(boolean[] mask, short[] hu, GridShape shape,
                                          Connectivity connectivity, int[] labels) {
        int depth = shape.depth();
        int rows = shape.rows();
        int cols = shape.cols();
        int plane = shape.plane();
        int n = mask.length;
        IntRing queue = new IntRing();
        List<CandidateComponent> components = new ArrayList<>();
        boolean six = connectivity == Connectivity.SIX;
        for (int seed = 0; seed < n; seed++) {
            if (!mask[seed]) {
                continue;
            }
            int label = components.size() + 1;
            long count = 0;
            long sumW = 0;
            long sumI = 0;
            long sumR = 0;
            long sumC = 0;
            mask[seed] = false;
            queue.push(seed);
            while (!queue.isEmpty()) {
                int p = queue.pop();
                int i = p / plane;
                int rest = p - i * plane;
                int r = rest / cols;
                int c = rest - r * cols;
                long w = hu == null ? 1 : huWeight(hu[p]);
                count++;
                sumW += w;
                sumI += w * i;
                sumR += w * r;
                sumC += w * c;
                if (labels != null) {
                    labels[p] = label;
                }
                if (six) {
                    if (c > 0) visit(mask, queue, p - 1);
                    if (c < cols - 1) visit(mask, queue, p + 1);
                    if (r > 0) visit(mask, queue, p - cols);
                    if (r < rows - 1) visit(mask, queue, p + cols);
                    if (i > 0) visit(mask, queue, p - plane);
                    if (i < depth - 1) visit(mask, queue, p + plane);
                } else {
                    int i0 = Math.max(i - 1, 0);
                    int i1 = Math.min(i + 1, depth - 1);
                    int r0 = Math.max(r - 1, 0);
                    int r1 = Math.min(r + 1, rows - 1);
                    int c0 = Math.max(c - 1, 0);
                    int c1 = Math.min(c + 1, cols - 1);
                    for (int ii = i0; ii <= i1; ii++) {
                        for (int rr = r0; rr <= r1; rr++) {
                            int base = (ii * rows + rr) * cols;
                            for (int cc = c0; cc <= c1; cc++) {
                                visit(mask, queue, base + cc);
                            }
                        }
                    }
                }
            }
            components.add(new CandidateComponent(label, count,
                    (double) sumI / sumW, (double) sumR / sumW, (double) sumC / sumW));
        }
        return components;
    }

    private static void visit(boolean[] mask, IntRing queue, int q) {
        if (mask[q]) {
            mask[q] = false;
            queue.push(q);
        }
    }

    /** A growable FIFO ring of ints. */
    static final class IntRing {
        private int[] items = new int[1 << 12];
        private int head;
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        void push(int value) {
            if (size == items.length) {
                int[] grown = new int[items.length * 2];
                int firstPart = items.length - head;
                System.arraycopy(items, head, grown, 0, firstPart);
                System.arraycopy(items, 0, grown, firstPart, head);
                items = grown;
                head = 0;
            }
            items[(head + size) & (items.length - 1)] = value;
            size++;
        }

        int pop() {
            int value = items[head];
            head = (head + 1) & (items.length - 1);
            size--;
            return value;
        }
    }
}
