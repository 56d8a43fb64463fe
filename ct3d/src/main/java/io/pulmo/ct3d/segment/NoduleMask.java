package io.pulmo.ct3d.segment;

import io.pulmo.common.PulmoException;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.IrcIndex;
import io.pulmo.ct3d.load.XyzMm;

import java.util.Arrays;
import java.util.List;

/**
 * The voxels of a CT that belong to annotated nodules: the segmentation target of the book's chapter 13
 * ({@code Ct.buildAnnotationMask} in {@code p2ch13/dsets.py}, threshold {@value #THRESHOLD_HU} HU).
 *
 * <p><b>Rule.</b> For each nodule centre (patient mm → the nearest voxel, {@link CtVolume#toIrc}) and each axis
 * (index, row, col) separately, a radius grows from {@value #START_RADIUS} while the two voxels at
 * {@code centre ± radius} on that axis are both denser than {@value #THRESHOLD_HU} HU; it stops at the first
 * radius where either is not. The box {@code [centre − radius, centre + radius]} on every axis, cut to the volume, is
 * marked, and the mask is the union of the boxes AND {@code HU > }{@value #THRESHOLD_HU} (stored values, before any
 * clipping).
 *
 * <p><b>Edges</b>, where the book differs: a voxel outside the volume counts as air (not denser than the
 * threshold), so the radius stops at the volume's edge and the box is cut there. The book reads numpy's negative
 * indices, which wrap to the far side of the volume, and on running off the far end it shrinks the radius by one;
 * neither happens here. The book also closes the column range with the row radius ({@code cc + row_radius}), a
 * typo; here each axis uses its own radius.
 *
 * <p><b>Memory.</b> Only the positive voxels are kept, as sorted flat offsets {@code (index * rows + row) * cols +
 * col}: 4 bytes per nodule voxel (a 10 mm nodule is a few thousand voxels), nothing for the rest of the volume, so
 * the masks of every series of LUNA16 fit in memory at once. Immutable.
 */
public final class NoduleMask {

    /** The book's threshold: a voxel of the box is nodule when denser than this. */
    public static final short THRESHOLD_HU = -700;
    /** The radius every axis starts from. */
    public static final int START_RADIUS = 2;

    private final int depth;
    private final int rows;
    private final int cols;
    private final int[] voxels;

    private NoduleMask(int depth, int rows, int cols, int[] voxels) {
        this.depth = depth;
        this.rows = rows;
        this.cols = cols;
        this.voxels = voxels;
    }

    /**
     * The mask of the nodules centred at {@code centres} in {@code ct}.
     *
     * @param centres nodule centres in patient mm (LUNA16's {@code annotations.csv}); none gives an empty mask
     * @throws PulmoException naming the series when a centre's nearest voxel lies outside the volume
     */
    public static NoduleMask build(CtVolume ct, List<XyzMm> centres) {
        int plane = ct.rows() * ct.cols();
        short[] hu = ct.huArray();
        int[] found = new int[64];
        int n = 0;
        for (XyzMm centre : centres) {
            IrcIndex irc = ct.toIrc(centre);
            if (!ct.contains(irc)) {
                throw new PulmoException("series " + ct.seriesUid() + ": annotated nodule at " + centre
                        + " mm lies outside the volume (voxel " + irc + ", volume (index, row, col) = (" + ct.depth()
                        + ", " + ct.rows() + ", " + ct.cols() + "))");
            }
            int[] radius = radii(ct, irc);
            int i0 = Math.max(0, irc.index() - radius[0]);
            int i1 = Math.min(ct.depth() - 1, irc.index() + radius[0]);
            int r0 = Math.max(0, irc.row() - radius[1]);
            int r1 = Math.min(ct.rows() - 1, irc.row() + radius[1]);
            int c0 = Math.max(0, irc.col() - radius[2]);
            int c1 = Math.min(ct.cols() - 1, irc.col() + radius[2]);
            for (int i = i0; i <= i1; i++) {
                for (int r = r0; r <= r1; r++) {
                    int base = i * plane + r * ct.cols();
                    for (int c = c0; c <= c1; c++) {
                        if (hu[base + c] > THRESHOLD_HU) {
                            if (n == found.length) {
                                found = Arrays.copyOf(found, 2 * n);
                            }
                            found[n++] = base + c;
                        }
                    }
                }
            }
        }
        return new NoduleMask(ct.depth(), ct.rows(), ct.cols(), distinctSorted(found, n));
    }

    /**
     * The grown radius of each axis, {@code {index, row, col}}, around {@code centre} (inside the volume): the first
     * radius from {@value #START_RADIUS} at which a voxel on either side is not denser than the threshold or lies
     * outside.
     */
    static int[] radii(CtVolume ct, IrcIndex centre) {
        int[] out = new int[3];
        int[] size = {ct.depth(), ct.rows(), ct.cols()};
        int[] at = {centre.index(), centre.row(), centre.col()};
        for (int axis = 0; axis < 3; axis++) {
            int radius = START_RADIUS;
            while (dense(ct, at, axis, at[axis] + radius, size) && dense(ct, at, axis, at[axis] - radius, size)) {
                radius++;
            }
            out[axis] = radius;
        }
        return out;
    }

    /** Whether the voxel {@code centre} moved to {@code position} along {@code axis} lies inside and is dense. */
    private static boolean dense(CtVolume ct, int[] centre, int axis, int position, int[] size) {
        if (position < 0 || position >= size[axis]) {
            return false;
        }
        int i = axis == 0 ? position : centre[0];
        int r = axis == 1 ? position : centre[1];
        int c = axis == 2 ? position : centre[2];
        return ct.hu(i, r, c) > THRESHOLD_HU;
    }

    private static int[] distinctSorted(int[] values, int n) {
        int[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        int k = 0;
        for (int j = 0; j < v.length; j++) {
            if (k == 0 || v[j] != v[k - 1]) {
                v[k++] = v[j];
            }
        }
        return k == v.length ? v : Arrays.copyOf(v, k);
    }

    /** Slices (index axis) of the volume the mask covers. */
    public int depth() {
        return depth;
    }

    /** Rows per slice. */
    public int rows() {
        return rows;
    }

    /** Columns per row. */
    public int cols() {
        return cols;
    }

    /** Positive voxels in the whole volume. */
    public int count() {
        return voxels.length;
    }

    /** Positive voxels in slice {@code index}. */
    public int count(int index) {
        return sliceEnd(index) - sliceStart(index);
    }

    /** Whether voxel (index, row, col) is nodule; false outside the volume. */
    public boolean get(int index, int row, int col) {
        if (index < 0 || index >= depth || row < 0 || row >= rows || col < 0 || col >= cols) {
            return false;
        }
        return Arrays.binarySearch(voxels, (index * rows + row) * cols + col) >= 0;
    }

    /** The slice indices that hold at least one positive voxel, ascending: the book's {@code positive_indexes}. */
    public int[] positiveSlices() {
        int plane = rows * cols;
        return Arrays.stream(voxels).map(v -> v / plane).distinct().toArray();
    }

    /**
     * Writes the mask of a {@code height × width} window of slice {@code index} whose top-left voxel is
     * {@code (row0, col0)} into {@code out} from {@code offset}, row after row: 1 for nodule, 0 otherwise (also for
     * window pixels outside the volume, and for a slice outside it).
     */
    public void fillPlane(int index, int row0, int col0, int height, int width, float[] out, int offset) {
        Arrays.fill(out, offset, offset + height * width, 0f);
        if (index < 0 || index >= depth) {
            return;
        }
        int plane = rows * cols;
        for (int k = sliceStart(index), end = sliceEnd(index); k < end; k++) {
            int inPlane = voxels[k] - index * plane;
            int r = inPlane / cols - row0;
            int c = inPlane % cols - col0;
            if (r >= 0 && r < height && c >= 0 && c < width) {
                out[offset + r * width + c] = 1f;
            }
        }
    }

    private int sliceStart(int index) {
        return lowerBound(index * rows * cols);
    }

    private int sliceEnd(int index) {
        return lowerBound((index + 1) * rows * cols);
    }

    /** The first position whose offset is at least {@code value}. */
    private int lowerBound(int value) {
        int k = Arrays.binarySearch(voxels, value);
        return k >= 0 ? k : -k - 1;
    }

    @Override
    public String toString() {
        return "NoduleMask[(index, row, col) = (" + depth + ", " + rows + ", " + cols + "), " + voxels.length
                + " voxels in " + positiveSlices().length + " slices]";
    }
}
