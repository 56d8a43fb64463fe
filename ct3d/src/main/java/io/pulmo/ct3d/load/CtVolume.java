package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;

import java.nio.file.Path;

/**
 * A CT scan in Hounsfield units as stored (LUNA16's {@code MET_SHORT}, int16), with its {@link Geometry}: the
 * book's {@code Ct}. The array is flat in (index, row, col) = (z, y, x) order, col fastest — voxel
 * {@code (i, r, c)} at {@code (i * rows + r) * cols + c}, a C-ordered numpy array of shape
 * {@code (depth, rows, cols)}, the order of the MetaImage file.
 *
 * <p>Unlike the book, which clips the whole array to [-1000, 1000] HU on loading, the volume keeps the stored
 * values (out-of-field markers such as −2000 or −3024, bone above 1000) and clips where values are consumed:
 * {@link #chunk} (the book's {@code getRawCandidate}) and {@link #huClipped}. Memory: the {@code short[]} only,
 * 2 bytes per voxel.
 */
public final class CtVolume {

    /** Lower clipping bound of the book: air. */
    public static final short HU_MIN = -1000;
    /** Upper clipping bound of the book: dense bone and metal are cut here. */
    public static final short HU_MAX = 1000;

    private final String seriesUid;
    private final int depth;
    private final int rows;
    private final int cols;
    private final Geometry geometry;
    private final short[] hu;

    private CtVolume(String seriesUid, int depth, int rows, int cols, Geometry geometry, short[] hu) {
        this.seriesUid = seriesUid;
        this.depth = depth;
        this.rows = rows;
        this.cols = cols;
        this.geometry = geometry;
        this.hu = hu;
    }

    /**
     * A volume over {@code hu} (not copied).
     *
     * @throws IllegalArgumentException when the sizes do not match the array
     */
    public static CtVolume of(String seriesUid, int depth, int rows, int cols, Geometry geometry, short[] hu) {
        if (seriesUid == null || seriesUid.isEmpty() || geometry == null || hu == null) {
            throw new IllegalArgumentException("seriesUid, geometry and hu must be given");
        }
        if (depth < 1 || rows < 1 || cols < 1 || (long) depth * rows * cols != hu.length) {
            throw new IllegalArgumentException("volume (index, row, col) = (" + depth + ", " + rows + ", " + cols
                    + ") does not match " + hu.length + " values");
        }
        return new CtVolume(seriesUid, depth, rows, cols, geometry, hu);
    }

    /**
     * Reads a MetaImage as Hounsfield units; the series UID is the file name without {@code .mhd}/{@code .mha}.
     * A {@code MET_SHORT} file fills the array directly; any other type is converted piece by piece (rounded,
     * saturated at the int16 range), never held in its stored type.
     *
     * @throws PulmoException naming the file on any problem with header or data
     */
    public static CtVolume read(Path file) {
        MetaImage image = MetaImage.read(file, ElementType.MET_SHORT);
        String name = file.getFileName().toString();
        String uid = name.replaceFirst("(?i)\\.(mhd|mha)$", "");
        return new CtVolume(uid, image.sizeZ(), image.sizeY(), image.sizeX(), image.geometry(), image.shorts());
    }

    /** This volume as a 3-D {@code MET_SHORT} MetaImage sharing the array. */
    public MetaImage toMetaImage() {
        return MetaImage.ofShorts(cols, rows, depth, geometry, hu);
    }

    public String seriesUid() {
        return seriesUid;
    }

    /** Slices (index axis, z). */
    public int depth() {
        return depth;
    }

    /** Rows per slice (y). */
    public int rows() {
        return rows;
    }

    /** Columns per row (x). */
    public int cols() {
        return cols;
    }

    public Geometry geometry() {
        return geometry;
    }

    /** The backing array (not a copy), (index, row, col) order, col fastest. */
    public short[] huArray() {
        return hu;
    }

    /** Bytes held by the voxels. */
    public long bytes() {
        return 2L * hu.length;
    }

    /** The stored value at (index, row, col). */
    public short hu(int index, int row, int col) {
        return hu[(index * rows + row) * cols + col];
    }

    /** The value at (index, row, col) clipped to [{@value #HU_MIN}, {@value #HU_MAX}]. */
    public short huClipped(int index, int row, int col) {
        return clip(hu(index, row, col));
    }

    /** Whether {@code irc} lies inside the volume. */
    public boolean contains(IrcIndex irc) {
        return irc.index() >= 0 && irc.index() < depth && irc.row() >= 0 && irc.row() < rows && irc.col() >= 0
                && irc.col() < cols;
    }

    /** The voxel nearest to {@code xyz} ({@link Geometry#toIrc}); it may lie outside the volume. */
    public IrcIndex toIrc(XyzMm xyz) {
        return geometry.toIrc(xyz);
    }

    /** The patient position of voxel {@code irc}. */
    public XyzMm toXyz(IrcIndex irc) {
        return geometry.toXyz(irc);
    }

    /** {@link #chunk(IrcIndex, ChunkShape)} around the voxel nearest to {@code centre}. */
    public CtChunk chunk(XyzMm centre, ChunkShape shape) {
        return chunk(toIrc(centre), shape);
    }

    /**
     * The chunk of {@code shape} around {@code centre}, values clipped to [{@value #HU_MIN}, {@value #HU_MAX}]:
     * the book's {@code getRawCandidate}. Per axis, with the volume size {@code n} and the chunk width {@code w}:
     * <ul>
     *   <li>the chunk starts at {@code centre − w/2} (integer division: the book's {@code round(centre − w/2)}
     *       for even widths; for odd widths the centre voxel is the middle one);</li>
     *   <li>a chunk that would start before 0 starts at 0, one that would end past {@code n} ends at {@code n}
     *       (it is shifted inside, not cut or padded, as in the book), so the centre is then off-centre;</li>
     *   <li>an axis shorter than the chunk (the book would slice garbage there) gets the volume centred in the
     *       chunk, {@code start = floor((n − w) / 2)}, and the voxels outside it read {@value #HU_MIN}
     *       (air).</li>
     * </ul>
     *
     * @throws IllegalArgumentException when {@code centre} lies outside the volume (the book asserts)
     */
    public CtChunk chunk(IrcIndex centre, ChunkShape shape) {
        if (!contains(centre)) {
            throw new IllegalArgumentException("chunk centre " + centre + " lies outside series " + seriesUid
                    + " of (index, row, col) = (" + depth + ", " + rows + ", " + cols + ")");
        }
        int i0 = chunkStart(centre.index(), shape.depth(), depth);
        int r0 = chunkStart(centre.row(), shape.rows(), rows);
        int c0 = chunkStart(centre.col(), shape.cols(), cols);
        short[] out = new short[shape.size()];
        int k = 0;
        for (int i = i0; i < i0 + shape.depth(); i++) {
            boolean iIn = i >= 0 && i < depth;
            for (int r = r0; r < r0 + shape.rows(); r++) {
                if (!iIn || r < 0 || r >= rows) {
                    java.util.Arrays.fill(out, k, k + shape.cols(), HU_MIN);
                    k += shape.cols();
                    continue;
                }
                int base = (i * rows + r) * cols;
                for (int c = c0; c < c0 + shape.cols(); c++) {
                    out[k++] = c >= 0 && c < cols ? clip(hu[base + c]) : HU_MIN;
                }
            }
        }
        return new CtChunk(seriesUid, shape, centre, new IrcIndex(i0, r0, c0), out);
    }

    /** The first volume index of a chunk of {@code width} around {@code centre} along an axis of {@code size}. */
    static int chunkStart(int centre, int width, int size) {
        if (size < width) {
            return Math.floorDiv(size - width, 2);
        }
        int start = centre - width / 2;
        if (start < 0) {
            return 0;
        }
        return Math.min(start, size - width);
    }

    static short clip(short v) {
        return v < HU_MIN ? HU_MIN : v > HU_MAX ? HU_MAX : v;
    }

    @Override
    public String toString() {
        return "CtVolume[" + seriesUid + ", (index, row, col) = (" + depth + ", " + rows + ", " + cols + "), "
                + geometry + "]";
    }
}
