package io.pulmo.ct3d.load;

import java.util.List;

/**
 * One row of the book's {@code annotations_with_malignancy.csv} (repository {@code dlwpt-code},
 * {@code data/part2/luna/}): {@code seriesuid,coordX,coordY,coordZ,diameter_mm,mal_bool,mal_details,bboxLowX,
 * bboxLowY,bboxLowZ,bboxHighX,bboxHighY,bboxHighZ,len_mal_details} — LUNA16's nodules matched to LIDC's reader
 * ratings.
 *
 * @param seriesuid  the scan
 * @param centre     the nodule's centre in patient mm
 * @param diameterMm its diameter in mm
 * @param malignant  {@code mal_bool}: in every row of the book's file we checked, true exactly when at least
 *                   two readers rated the nodule 4 or 5
 * @param ratings    {@code mal_details}: the LIDC malignancy ratings (1 = highly unlikely … 5 = highly suspicious),
 *                   one per reader, written {@code "[4, 2, 4, 2]"}; empty when the column is absent
 * @param bboxLow    the nodule's bounding box corner with the low {@code bboxLow*} values, or null when absent
 *                   (the book's file has some boxes whose "low" exceeds "high" along an axis; kept as written)
 * @param bboxHigh   the {@code bboxHigh*} corner, or null when absent
 */
public record MalignancyAnnotation(String seriesuid, XyzMm centre, double diameterMm, boolean malignant,
                                   List<Integer> ratings, XyzMm bboxLow, XyzMm bboxHigh) {
    public MalignancyAnnotation {
        if (seriesuid == null || seriesuid.isEmpty() || centre == null) {
            throw new IllegalArgumentException("annotation needs a seriesuid and a centre");
        }
        if (!Double.isFinite(diameterMm)) {
            throw new IllegalArgumentException("annotation diameter must be finite, got " + diameterMm);
        }
        ratings = ratings == null ? List.of() : List.copyOf(ratings);
        if ((bboxLow == null) != (bboxHigh == null)) {
            throw new IllegalArgumentException("bounding box needs both corners or neither");
        }
    }

    /** This annotation without malignancy: a row of {@code annotations.csv}. */
    public LunaNodule nodule() {
        return new LunaNodule(seriesuid, centre, diameterMm);
    }
}
