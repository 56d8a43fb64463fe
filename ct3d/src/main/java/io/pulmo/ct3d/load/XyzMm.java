package io.pulmo.ct3d.load;

/**
 * A point in patient coordinates, in millimetres: LUNA16's {@code coordX, coordY, coordZ} and the book's
 * {@code XyzTuple}. The frame is the scanner's (DICOM LPS): x grows towards the patient's left, y towards the
 * back, z towards the head. Also used for per-axis sizes in mm along x, y and z (a voxel's spacing).
 *
 * @param x mm along x
 * @param y mm along y
 * @param z mm along z
 */
public record XyzMm(double x, double y, double z) {

    /** The origin of the frame. */
    public static final XyzMm ZERO = new XyzMm(0, 0, 0);

    public XyzMm {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("xyz must be finite, got (" + x + ", " + y + ", " + z + ")");
        }
    }

    /** The Euclidean distance to {@code other} in mm. */
    public double distance(XyzMm other) {
        double dx = x - other.x, dy = y - other.y, dz = z - other.z;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    /** {@code this - other}, component-wise. */
    public XyzMm minus(XyzMm other) {
        return new XyzMm(x - other.x, y - other.y, z - other.z);
    }

    /** {@code this + other}, component-wise. */
    public XyzMm plus(XyzMm other) {
        return new XyzMm(x + other.x, y + other.y, z + other.z);
    }
}
