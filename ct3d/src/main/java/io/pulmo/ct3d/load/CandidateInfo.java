package io.pulmo.ct3d.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A training sample of the nodule and malignancy classifiers: the book's {@code CandidateInfoTuple}
 * ({@code dsets.getCandidateInfoList}, chapter 14).
 *
 * @param nodule     whether the candidate is a nodule
 * @param annotated  whether it comes from the annotations (true for every nodule here)
 * @param malignant  whether the nodule is malignant ({@code mal_bool})
 * @param diameterMm the nodule's diameter, 0 for non-nodules
 * @param seriesuid  the scan
 * @param centre     the position in patient mm
 */
public record CandidateInfo(boolean nodule, boolean annotated, boolean malignant, double diameterMm,
                            String seriesuid, XyzMm centre) {

    /**
     * The book's order, its tuples sorted in reverse: nodules first, then malignant before benign, larger
     * diameters first, then series UID and centre (x, y, z) descending.
     */
    public static final Comparator<CandidateInfo> BOOK_ORDER = Comparator
            .comparing(CandidateInfo::nodule)
            .thenComparing(CandidateInfo::annotated)
            .thenComparing(CandidateInfo::malignant)
            .thenComparingDouble(CandidateInfo::diameterMm)
            .thenComparing(CandidateInfo::seriesuid)
            .thenComparingDouble(c -> c.centre().x())
            .thenComparingDouble(c -> c.centre().y())
            .thenComparingDouble(c -> c.centre().z())
            .reversed();

    /**
     * The book's sample list: every annotated nodule (with its malignancy) plus every {@code class 0} row of
     * {@code candidates.csv}; the {@code class 1} rows are dropped, the annotations stand for them. Unlike the
     * book, which keeps annotations of scans that are not on disk, both sources are filtered by
     * {@code onDisk}.
     *
     * @param onDisk which series to keep (e.g. {@code LunaVolumes.index(root)::containsKey})
     * @return a new list in {@link #BOOK_ORDER}
     */
    public static List<CandidateInfo> merge(List<MalignancyAnnotation> annotations, List<LunaCandidate> candidates,
                                            Predicate<String> onDisk) {
        List<CandidateInfo> out = new ArrayList<>();
        for (MalignancyAnnotation a : annotations) {
            if (onDisk.test(a.seriesuid())) {
                out.add(new CandidateInfo(true, true, a.malignant(), a.diameterMm(), a.seriesuid(), a.centre()));
            }
        }
        for (LunaCandidate c : candidates) {
            if (!c.nodule() && onDisk.test(c.seriesuid())) {
                out.add(new CandidateInfo(false, false, false, 0.0, c.seriesuid(), c.centre()));
            }
        }
        out.sort(BOOK_ORDER);
        return out;
    }
}
