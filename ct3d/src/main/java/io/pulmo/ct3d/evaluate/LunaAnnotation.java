package io.pulmo.ct3d.evaluate;

/**
 * One nodule of LUNA16's {@code annotations.csv} (or {@code annotations_excluded.csv}):
 * {@code seriesuid,coordX,coordY,coordZ,diameter_mm}.
 *
 * @param seriesuid  the scan
 * @param x          patient x of the centre in mm
 * @param y          patient y of the centre in mm
 * @param z          patient z of the centre in mm
 * @param diameterMm the diameter in mm; a negative diameter stands for 10 mm, as in the official script
 *                   (several entries of {@code annotations_excluded.csv} are −1)
 */
public record LunaAnnotation(String seriesuid, double x, double y, double z, double diameterMm) {

    /** The diameter the official script uses when an annotation's is negative. */
    public static final double DEFAULT_DIAMETER_MM = 10.0;

    public LunaAnnotation {
        if (seriesuid == null || seriesuid.isEmpty()) {
            throw new IllegalArgumentException("annotation seriesuid must not be empty");
        }
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("annotation on " + seriesuid + " has a non-finite centre ("
                    + x + ", " + y + ", " + z + ")");
        }
        if (!Double.isFinite(diameterMm)) {
            throw new IllegalArgumentException("annotation on " + seriesuid + " has a non-finite diameter "
                    + diameterMm);
        }
    }

    /** The hit radius in mm: half the diameter, or half of {@value #DEFAULT_DIAMETER_MM} for a negative one. */
    public double radiusMm() {
        return (diameterMm < 0 ? DEFAULT_DIAMETER_MM : diameterMm) / 2.0;
    }
}
