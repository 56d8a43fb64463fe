package io.pulmo.ct3d.load;

/**
 * One row of LUNA16's {@code candidates.csv}: {@code seriesuid,coordX,coordY,coordZ,class}.
 *
 * @param seriesuid the scan
 * @param centre    the candidate's position in patient mm
 * @param nodule    {@code class} 1: the candidate lies on an annotated nodule (several candidates may lie on
 *                  one nodule); 0: it does not
 */
public record LunaCandidate(String seriesuid, XyzMm centre, boolean nodule) {
    public LunaCandidate {
        if (seriesuid == null || seriesuid.isEmpty() || centre == null) {
            throw new IllegalArgumentException("candidate needs a seriesuid and a centre");
        }
    }
}
