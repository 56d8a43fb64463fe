package io.pulmo.ct3d.evaluate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * LUNA16's nodule-detection evaluation: the FROC curve and the CPM of a set of CAD marks against the
 * annotated nodules, following the official {@code noduleCADEvaluationLUNA16.py} rule by rule:
 *
 * <ol>
 *   <li><b>Scans.</b> Only the given series are evaluated; marks and annotations of other series are ignored.
 *       The false-positive rate divides by the number of series, marks or not.</li>
 *   <li><b>At most {@value #MAX_MARKS} marks per scan.</b> On a scan with more, only the marks whose probability
 *       is strictly above the 101st highest are kept; marks tied with the 101st are all dropped, so a scan may
 *       keep fewer than 100 (the official {@code probs[maxNumberOfCADMarks]} cut).</li>
 *   <li><b>Hits.</b> A mark hits a nodule when its squared distance to the centre is strictly below the squared
 *       radius ({@code diameter_mm / 2}; a negative diameter counts as 10 mm).</li>
 *   <li><b>Included nodules first</b>, in file order: a nodule hit by one or more marks is detected, with the
 *       highest probability among them as its score; its marks leave the pool of false positives, and all but
 *       one count in {@code ignored_double}. A mark inside two included nodules detects both.</li>
 *   <li><b>Excluded nodules</b> ({@code annotations_excluded.csv}) next: marks on them that are still in the pool
 *       leave it and count in {@code ignored_excluded}; they are neither true nor false positives.</li>
 *   <li><b>The rest of the pool</b> are false positives.</li>
 *   <li><b>The curve</b> is {@link FrocCurve#of} on those scores (missed nodules count among the nodules
 *       only) and the CPM is the mean sensitivity at 1/8, 1/4, 1/2, 1, 2, 4 and 8 false positives per scan,
 *       interpolated by {@link FrocCurve#sensitivityAt} ({@code numpy.interp} at exactly those rates; the
 *       official script interpolates on a 10001-point grid from 0.125 to 8, which contains 0.125 and 8 but
 *       not the rates in between, and derived scripts read the nearest grid value).</li>
 * </ol>
 *
 * <p>With no nodule on the evaluated scans the sensitivity is 0 everywhere (the official script divides by
 * zero).
 */
public final class Froc {

    /** Marks kept per scan, as the official evaluation's {@code maxNumberOfCADMarks}. */
    public static final int MAX_MARKS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Froc.class);

    private Froc() {
    }

    /**
     * Evaluates marks against annotations.
     *
     * @param detections  the CAD marks, in file order
     * @param annotations the included nodules ({@code annotations.csv})
     * @param excluded    nodules whose marks are ignored ({@code annotations_excluded.csv}); may be empty
     * @param series      the scans to evaluate, or null for {@link #defaultSeries the default}
     * @return the counts, the seven sensitivities, the CPM and the curve
     * @throws IllegalArgumentException when the series list is empty or names a series twice
     */
    public static FrocResult evaluate(List<LunaDetection> detections, List<LunaAnnotation> annotations,
                                      List<LunaAnnotation> excluded, List<String> series) {
        List<String> scans = series == null ? defaultSeries(annotations, detections) : series;
        if (scans.isEmpty()) {
            throw new IllegalArgumentException("no series to evaluate: the series list, the annotations and the "
                    + "detections are all empty");
        }
        Set<String> seen = new HashSet<>();
        for (String s : scans) {
            if (!seen.add(s)) {
                throw new IllegalArgumentException("series " + s + " is listed twice");
            }
        }
        Map<String, List<LunaDetection>> marksBySeries = bySeries(detections, LunaDetection::seriesuid);
        Map<String, List<LunaAnnotation>> included = bySeries(annotations, LunaAnnotation::seriesuid);
        Map<String, List<LunaAnnotation>> ignored = bySeries(excluded, LunaAnnotation::seriesuid);
        long outside = detections.stream().filter(d -> !seen.contains(d.seriesuid())).count();
        if (outside > 0) {
            LOG.warn("{} detections are on series outside the {} evaluated and are ignored", outside, scans.size());
        }

        DoubleList tp = new DoubleList();
        DoubleList fp = new DoubleList();
        int nodules = 0;
        long ignoredDouble = 0;
        long ignoredExcluded = 0;
        for (String uid : scans) {
            List<LunaDetection> marks = limitMarks(marksBySeries.getOrDefault(uid, List.of()), MAX_MARKS);
            boolean[] pooled = new boolean[marks.size()];
            Arrays.fill(pooled, true);
            for (LunaAnnotation nodule : included.getOrDefault(uid, List.of())) {
                nodules++;
                double r2 = nodule.radiusMm() * nodule.radiusMm();
                int hits = 0;
                double best = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < marks.size(); k++) {
                    LunaDetection mark = marks.get(k);
                    if (mark.distanceSquared(nodule.x(), nodule.y(), nodule.z()) < r2) {
                        hits++;
                        best = Math.max(best, mark.probability());
                        if (!pooled[k]) {
                            LOG.debug("mark {} on {} hits two nodules", k, uid);
                        }
                        pooled[k] = false;
                    }
                }
                if (hits > 0) {
                    tp.add(best);
                    ignoredDouble += hits - 1;
                }
            }
            for (LunaAnnotation nodule : ignored.getOrDefault(uid, List.of())) {
                double r2 = nodule.radiusMm() * nodule.radiusMm();
                for (int k = 0; k < marks.size(); k++) {
                    if (pooled[k] && marks.get(k).distanceSquared(nodule.x(), nodule.y(), nodule.z()) < r2) {
                        pooled[k] = false;
                        ignoredExcluded++;
                    }
                }
            }
            for (int k = 0; k < marks.size(); k++) {
                if (pooled[k]) {
                    fp.add(marks.get(k).probability());
                }
            }
        }
        FrocCurve curve = FrocCurve.of(fp.toArray(), tp.toArray(), nodules, scans.size());
        Map<String, Double> froc = new LinkedHashMap<>();
        for (double rate : FrocCurve.LUNA_FPS) {
            froc.put(FrocResult.key(rate), curve.sensitivityAt(rate));
        }
        return new FrocResult(curve.cpm(), froc, scans.size(), nodules, tp.size(), fp.size(), ignoredDouble,
                ignoredExcluded, curve);
    }

    /**
     * The series evaluated when no list is given: those of the annotations, then those of the detections, each
     * once, in order of first appearance. Give LUNA16's full list ({@code seriesuids.csv}) for a result
     * comparable with published ones: a scan with neither nodules nor marks counts in the false-positive rate
     * only when listed.
     */
    public static List<String> defaultSeries(List<LunaAnnotation> annotations, List<LunaDetection> detections) {
        Set<String> series = new LinkedHashSet<>();
        annotations.forEach(a -> series.add(a.seriesuid()));
        detections.forEach(d -> series.add(d.seriesuid()));
        return List.copyOf(series);
    }

    /**
     * The marks of one scan that the evaluation keeps: all of them when there are at most {@code max}, else
     * those with a probability strictly above the {@code (max + 1)}-th highest, in their original order.
     */
    public static List<LunaDetection> limitMarks(List<LunaDetection> marks, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the mark limit must be >= 1, got " + max);
        }
        if (marks.size() <= max) {
            return marks;
        }
        double[] probs = marks.stream().mapToDouble(LunaDetection::probability).sorted().toArray();
        double cut = probs[probs.length - 1 - max];
        List<LunaDetection> kept = new ArrayList<>(max);
        for (LunaDetection mark : marks) {
            if (mark.probability() > cut) {
                kept.add(mark);
            }
        }
        return kept;
    }

    private static <T> Map<String, List<T>> bySeries(Collection<T> items, java.util.function.Function<T, String> key) {
        Map<String, List<T>> map = new LinkedHashMap<>();
        for (T item : items) {
            map.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item);
        }
        return map;
    }

    /** A growable list of primitive doubles. */
    private static final class DoubleList {
        private double[] values = new double[64];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
