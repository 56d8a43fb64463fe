package io.pulmo.ct3d.load;

/**
 * One row of LUNA16's {@code annotations.csv}: {@code seriesuid,coordX,coordY,coordZ,diameter_mm}, a nodule of
 * at least 3 mm accepted by at least 3 of the 4 LIDC readers.
 *
 * @param seriesuid  the scan
 * @param centre     the nodule's centre in patient mm
 * @param diameterMm its diameter in mm (the mean of the readers'); LUNA16's {@code annotations_excluded.csv}
 *                   uses −1 for "unknown"
 */
public record LunaNodule(String seriesuid, XyzMm centre, double diameterMm) {
    public LunaNodule {
        if (seriesuid == null || seriesuid.isEmpty() || centre == null) {
            throw new IllegalArgumentException("annotation needs a seriesuid and a centre");
        }
        if (!Double.isFinite(diameterMm)) {
            throw new IllegalArgumentException("annotation diameter must be finite, got " + diameterMm);
        }
    }
}
