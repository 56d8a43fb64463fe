package io.pulmo.ct3d.load;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a CT's voxels lie in patient space: the origin (centre of voxel (0, 0, 0)), the spacing between voxel
 * centres along the array's x, y and z axes (col, row, index), and the direction matrix {@code D} whose
 * <em>columns</em> are the unit vectors of those axes in patient space — ITK's and SimpleITK's convention.
 *
 * <p>The two maps, with {@code (c, r, i)·spacing} the component-wise product {@code (c·sx, r·sy, i·sz)}:
 * <pre>
 *   irc → xyz:  xyz = D · ((c, r, i)·spacing) + origin
 *   xyz → irc:  (c, r, i) = (D⁻¹ · (xyz − origin)) / spacing,   rounded half-to-even as numpy.round
 * </pre>
 * The book's {@code xyz2irc} computes {@code (xyz − origin) @ inv(D)}, i.e. {@code D⁻ᵀ · (xyz − origin)}: that
 * equals the above only when {@code D} is symmetric (every LUNA16 scan has the identity); this class uses the
 * correct inverse for any non-singular {@code D}.
 *
 * <p>{@link #direction()} is row-major, exactly as SimpleITK's {@code GetDirection()}: element {@code (row, col)}
 * sits at {@code row * 3 + col}. Immutable; arrays are copied in and out.
 */
public final class Geometry {

    private static final double[] IDENTITY = {1, 0, 0, 0, 1, 0, 0, 0, 1};

    /** Origin 0, spacing 1 mm, identity direction. */
    public static final Geometry DEFAULT = identity(XyzMm.ZERO, new XyzMm(1, 1, 1));

    private final XyzMm origin;
    private final XyzMm spacing;
    private final double[] d;
    private final double[] inv;

    /**
     * @param origin    patient position of the centre of voxel (index, row, col) = (0, 0, 0), in mm
     * @param spacing   distance between voxel centres along the x (col), y (row) and z (index) array axes, in mm;
     *                  each positive
     * @param direction {@code D} row-major, 9 finite numbers, non-singular; column {@code k} is the patient-space
     *                  direction of array axis {@code k} (x, y, z)
     * @throws IllegalArgumentException on a non-positive spacing or a bad direction matrix
     */
    public Geometry(XyzMm origin, XyzMm spacing, double[] direction) {
        if (origin == null || spacing == null || direction == null) {
            throw new IllegalArgumentException("origin, spacing and direction must not be null");
        }
        if (!(spacing.x() > 0 && spacing.y() > 0 && spacing.z() > 0)) {
            throw new IllegalArgumentException("spacing must be positive, got " + format(spacing));
        }
        if (direction.length != 9) {
            throw new IllegalArgumentException("direction must have 9 numbers (3 × 3 row-major), got "
                    + direction.length);
        }
        for (double v : direction) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("direction must be finite, got " + Arrays.toString(direction));
            }
        }
        this.origin = origin;
        this.spacing = spacing;
        this.d = direction.clone();
        this.inv = inverse(d);
    }

    /** A geometry with the identity direction. */
    public static Geometry identity(XyzMm origin, XyzMm spacing) {
        return new Geometry(origin, spacing, IDENTITY);
    }

    /** Patient position of the centre of voxel (0, 0, 0), mm. */
    public XyzMm origin() {
        return origin;
    }

    /** Spacing along the x (col), y (row) and z (index) array axes, mm. */
    public XyzMm spacing() {
        return spacing;
    }

    /** {@code D} row-major (SimpleITK's {@code GetDirection()}), a copy. */
    public double[] direction() {
        return d.clone();
    }

    /** Element {@code (row, col)} of {@code D}. */
    public double direction(int row, int col) {
        return d[row * 3 + col];
    }

    /** Whether {@code D} is exactly the identity. */
    public boolean isIdentityDirection() {
        return Arrays.equals(d, IDENTITY);
    }

    /** The patient position of the centre of voxel {@code irc}. */
    public XyzMm toXyz(IrcIndex irc) {
        return toXyz(irc.index(), irc.row(), irc.col());
    }

    /** The patient position of the fractional voxel position {@code (index, row, col)} (e.g. a centre of mass). */
    public XyzMm toXyz(double index, double row, double col) {
        double vx = col * spacing.x(), vy = row * spacing.y(), vz = index * spacing.z();
        return new XyzMm(
                d[0] * vx + d[1] * vy + d[2] * vz + origin.x(),
                d[3] * vx + d[4] * vy + d[5] * vz + origin.y(),
                d[6] * vx + d[7] * vy + d[8] * vz + origin.z());
    }

    /**
     * The fractional voxel position of {@code xyz}, not rounded: {@code {index, row, col}}.
     *
     * @return a new 3-element array in (index, row, col) order (package-private: outside this package positions
     *         travel as {@link XyzMm} or {@link IrcIndex})
     */
    double[] toIrcFractional(XyzMm xyz) {
        double px = xyz.x() - origin.x(), py = xyz.y() - origin.y(), pz = xyz.z() - origin.z();
        double c = (inv[0] * px + inv[1] * py + inv[2] * pz) / spacing.x();
        double r = (inv[3] * px + inv[4] * py + inv[5] * pz) / spacing.y();
        double i = (inv[6] * px + inv[7] * py + inv[8] * pz) / spacing.z();
        return new double[] {i, r, c};
    }

    /**
     * The voxel nearest to {@code xyz}: {@link #toIrcFractional} rounded half-to-even (numpy's {@code round}).
     * The result may lie outside any particular volume.
     */
    public IrcIndex toIrc(XyzMm xyz) {
        double[] irc = toIrcFractional(xyz);
        return new IrcIndex((int) Math.rint(irc[0]), (int) Math.rint(irc[1]), (int) Math.rint(irc[2]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Geometry g && origin.equals(g.origin) && spacing.equals(g.spacing)
                && Arrays.equals(d, g.d);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * origin.hashCode() + spacing.hashCode()) + Arrays.hashCode(d);
    }

    @Override
    public String toString() {
        return "Geometry[origin=" + format(origin) + ", spacing=" + format(spacing) + ", direction="
                + Arrays.toString(d) + "]";
    }

    private static String format(XyzMm v) {
        return String.format(Locale.ROOT, "(%s, %s, %s)", v.x(), v.y(), v.z());
    }

    /** The inverse of a row-major 3 × 3 matrix by its adjugate. */
    private static double[] inverse(double[] m) {
        double c00 = m[4] * m[8] - m[5] * m[7];
        double c01 = m[5] * m[6] - m[3] * m[8];
        double c02 = m[3] * m[7] - m[4] * m[6];
        double det = m[0] * c00 + m[1] * c01 + m[2] * c02;
        double scale = 0;
        for (double v : m) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (!(Math.abs(det) > 1e-12 * scale * scale * scale)) {
            throw new IllegalArgumentException("direction matrix is singular (determinant " + det + "): "
                    + Arrays.toString(m));
        }
        return new double[] {
            c00 / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
            c01 / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
            c02 / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det,
        };
    }
}
