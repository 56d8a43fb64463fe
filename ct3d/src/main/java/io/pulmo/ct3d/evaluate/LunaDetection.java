package io.pulmo.ct3d.evaluate;

/**
 * One CAD mark in LUNA16's submission format ({@code seriesuid,coordX,coordY,coordZ,probability}).
 *
 * @param seriesuid   the scan
 * @param x           patient x in mm
 * @param y           patient y in mm
 * @param z           patient z in mm
 * @param probability the mark's score; any finite number (only its order matters)
 */
public record LunaDetection(String seriesuid, double x, double y, double z, double probability) {

    public LunaDetection {
        if (seriesuid == null || seriesuid.isEmpty()) {
            throw new IllegalArgumentException("detection seriesuid must not be empty");
        }
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("detection on " + seriesuid + " has a non-finite position ("
                    + x + ", " + y + ", " + z + ")");
        }
        if (!Double.isFinite(probability)) {
            throw new IllegalArgumentException("detection on " + seriesuid + " has a non-finite probability "
                    + probability);
        }
    }

    /** Squared distance in mm² to a point. */
    double distanceSquared(double px, double py, double pz) {
        double dx = x - px;
        double dy = y - py;
        double dz = z - pz;
        return dx * dx + dy * dy + dz * dz;
    }
}
