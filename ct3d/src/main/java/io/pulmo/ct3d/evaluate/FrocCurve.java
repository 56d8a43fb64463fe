package io.pulmo.ct3d.evaluate;

import java.util.Arrays;

/**
 * A free-response ROC curve: for each decision threshold, the average number of false positives per scan
 * and the sensitivity of the marks at or above it, plus the score that averages the sensitivity at chosen
 * false-positive rates (LUNA16's CPM at 1/8 … 8 per scan, CAMELYON16's at 1/4 … 8 per image).
 *
 * <p>The points are ordered by decreasing threshold, so {@code fpsPerScan} is non-decreasing; the first
 * point is always {@code (0, 0)} with threshold {@code +∞} (nothing marked). A mark counts at threshold
 * {@code t} when its probability is {@code ≥ t}:
 * <pre>
 *   fps(t)         = #{false-positive probabilities ≥ t} / scans
 *   sensitivity(t) = #{true-positive probabilities ≥ t} / targets
 * </pre>
 *
 * <p>Two builders share that counting and the interpolation:
 * <ul>
 *   <li>{@link #of} — every distinct probability is a threshold. This is LUNA16's curve: the official
 *       {@code noduleCADEvaluationLUNA16.py} runs {@code sklearn.metrics.roc_curve} on the marks that hit a
 *       nodule (one per detected nodule, its highest probability) and the false positives, then scales
 *       {@code fpr} by the false-positive count / scans and {@code tpr} by detected / all nodules, which is
 *       the formula above with missed nodules counting in {@code targets} only. (sklearn's
 *       {@code drop_intermediate} drops collinear points only, so the interpolated values are the same.)</li>
 *   <li>{@link #monai} — MONAI's {@code compute_froc_curve_data}: every distinct probability except the
 *       lowest is a threshold, because MONAI's {@code tp_probs} holds one entry per target with 0 for a
 *       missed one, and a threshold at 0 would count the misses.</li>
 * </ul>
 *
 * <p>{@link #sensitivityAt} interpolates linearly in the false-positive rate exactly as {@code numpy.interp}
 * does on this curve (the official script's {@code np.interp(fps_itp, fps, sens)}, MONAI's
 * {@code np.interp(eval_thresholds, fps[::-1], sens[::-1])}): below the first point the first sensitivity,
 * at or beyond the last point the last one, and where several points share a false-positive rate the
 * last of them (the highest sensitivity) counts.
 *
 * <p>References: Setio et al., "Validation, comparison, and combination of algorithms for automatic
 * detection of pulmonary nodules in computed tomography images: the LUNA16 challenge", Medical Image
 * Analysis 42 (2017); MONAI {@code monai/metrics/froc.py}.
 *
 * @param fpsPerScan  false positives per scan at each threshold, non-decreasing, starting at 0
 * @param sensitivity sensitivity at each threshold, in [0, 1]
 * @param thresholds  the thresholds, decreasing, the first {@code +∞}
 */
public record FrocCurve(double[] fpsPerScan, double[] sensitivity, double[] thresholds) {

    /** LUNA16's false-positive rates per scan: 1/8, 1/4, 1/2, 1, 2, 4 and 8; CPM is the mean sensitivity there. */
    public static final double[] LUNA_FPS = {0.125, 0.25, 0.5, 1, 2, 4, 8};
    /** MONAI's (and CAMELYON16's) default rates per image for {@link #score}: 1/4 … 8. */
    public static final double[] CAMELYON_FPS = {0.25, 0.5, 1, 2, 4, 8};

    public FrocCurve {
        if (fpsPerScan.length == 0 || fpsPerScan.length != sensitivity.length
                || fpsPerScan.length != thresholds.length) {
            throw new IllegalArgumentException("a FROC curve needs equally many (at least one) false-positive rates, "
                    + "sensitivities and thresholds, got " + fpsPerScan.length + ", " + sensitivity.length + ", "
                    + thresholds.length);
        }
        for (int k = 1; k < fpsPerScan.length; k++) {
            if (!(fpsPerScan[k] >= fpsPerScan[k - 1])) {
                throw new IllegalArgumentException("false positives per scan must be non-decreasing, got "
                        + fpsPerScan[k - 1] + " then " + fpsPerScan[k] + " at point " + k);
            }
        }
        fpsPerScan = fpsPerScan.clone();
        sensitivity = sensitivity.clone();
        thresholds = thresholds.clone();
    }

    /**
     * LUNA16's curve: every distinct probability is a threshold.
     *
     * @param fpProbs false-positive marks' probabilities
     * @param tpProbs for each detected target, the highest probability of the marks that hit it (missed
     *                targets have no entry)
     * @param targets number of targets (nodules), detected or not; at least {@code tpProbs.length}; with 0
     *                the sensitivity is 0 everywhere
     * @param scans   number of scans (images) evaluated, at least 1
     * @throws IllegalArgumentException on a NaN probability or counts out of range
     */
    public static FrocCurve of(double[] fpProbs, double[] tpProbs, int targets, int scans) {
        if (tpProbs.length > targets) {
            throw new IllegalArgumentException(tpProbs.length + " detected targets but only " + targets + " targets");
        }
        return build(fpProbs, tpProbs, targets, scans, false);
    }

    /**
     * MONAI's {@code compute_froc_curve_data(fp_probs, tp_probs, num_targets, num_images)}: every distinct
     * probability except the lowest is a threshold. MONAI returns its points in increasing-threshold order;
     * this curve holds the same points in decreasing-threshold order.
     *
     * @param fpProbs false-positive probabilities
     * @param tpProbs one entry per target (MONAI's {@code compute_fp_tp_probs}): the highest probability of
     *                the detections inside it, 0 when none is
     * @param targets number of targets, at least 0
     * @param images  number of images, at least 1
     */
    public static FrocCurve monai(double[] fpProbs, double[] tpProbs, int targets, int images) {
        return build(fpProbs, tpProbs, targets, images, true);
    }

    private static FrocCurve build(double[] fpProbs, double[] tpProbs, int targets, int scans, boolean skipLowest) {
        if (targets < 0) {
            throw new IllegalArgumentException("number of targets must be >= 0, got " + targets);
        }
        if (scans < 1) {
            throw new IllegalArgumentException("number of scans must be >= 1, got " + scans);
        }
        double[] fp = sortedCopy(fpProbs, "false-positive");
        double[] tp = sortedCopy(tpProbs, "true-positive");
        double[] all = new double[fp.length + tp.length];
        System.arraycopy(fp, 0, all, 0, fp.length);
        System.arraycopy(tp, 0, all, fp.length, tp.length);
        double[] distinct = Arrays.stream(all).sorted().distinct().toArray();
        int lowest = skipLowest ? Math.min(1, distinct.length) : 0;
        int points = 1 + distinct.length - lowest;
        double[] fps = new double[points];
        double[] sens = new double[points];
        double[] thresholds = new double[points];
        thresholds[0] = Double.POSITIVE_INFINITY;
        for (int k = 1; k < points; k++) {
            double t = distinct[distinct.length - k];
            thresholds[k] = t;
            fps[k] = (double) atLeast(fp, t) / scans;
            sens[k] = targets == 0 ? 0 : (double) atLeast(tp, t) / targets;
        }
        return new FrocCurve(fps, sens, thresholds);
    }

    private static double[] sortedCopy(double[] probs, String what) {
        double[] copy = probs.clone();
        for (int k = 0; k < copy.length; k++) {
            if (Double.isNaN(copy[k])) {
                throw new IllegalArgumentException(what + " probability " + k + " is NaN");
            }
        }
        Arrays.sort(copy);
        return copy;
    }

    /** Number of values {@code ≥ t} in an ascending array. */
    private static int atLeast(double[] ascending, double t) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return ascending.length - lo;
    }

    /** Number of points. */
    public int size() {
        return fpsPerScan.length;
    }

    /**
     * The sensitivity at {@code fps} false positives per scan, interpolated as {@code numpy.interp(fps,
     * fpsPerScan, sensitivity)}.
     */
    public double sensitivityAt(double fps) {
        double[] xp = fpsPerScan;
        double[] yp = sensitivity;
        int n = xp.length;
        if (Double.isNaN(fps)) {
            return Double.NaN;
        }
        if (fps < xp[0]) {
            return yp[0];
        }
        if (fps >= xp[n - 1]) {
            return yp[n - 1];
        }
        // j = the last point with xp[j] <= fps; then xp[j + 1] > fps
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (xp[mid] <= fps) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int j = lo - 1;
        if (xp[j] == fps) {
            return yp[j];
        }
        double slope = (yp[j + 1] - yp[j]) / (xp[j + 1] - xp[j]);
        return slope * (fps - xp[j]) + yp[j];
    }

    /** The sensitivities at each of {@code fpsRates}, in that order. */
    public double[] sensitivitiesAt(double... fpsRates) {
        double[] out = new double[fpsRates.length];
        for (int k = 0; k < fpsRates.length; k++) {
            out[k] = sensitivityAt(fpsRates[k]);
        }
        return out;
    }

    /**
     * The mean interpolated sensitivity at {@code fpsRates} (MONAI's {@code compute_froc_score}; LUNA16's CPM
     * with {@link #LUNA_FPS}).
     *
     * @throws IllegalArgumentException when no rate is given
     */
    public double score(double... fpsRates) {
        if (fpsRates.length == 0) {
            throw new IllegalArgumentException("at least one false-positive rate is needed for a FROC score");
        }
        double sum = 0;
        for (double s : sensitivitiesAt(fpsRates)) {
            sum += s;
        }
        return sum / fpsRates.length;
    }

    /** LUNA16's competition performance metric: {@link #score} at {@link #LUNA_FPS}. */
    public double cpm() {
        return score(LUNA_FPS);
    }

    @Override
    public double[] fpsPerScan() {
        return fpsPerScan.clone();
    }

    @Override
    public double[] sensitivity() {
        return sensitivity.clone();
    }

    @Override
    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrocCurve other && Arrays.equals(fpsPerScan, other.fpsPerScan)
                && Arrays.equals(sensitivity, other.sensitivity) && Arrays.equals(thresholds, other.thresholds);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(fpsPerScan) + Arrays.hashCode(sensitivity)) + Arrays.hashCode(thresholds);
    }

    @Override
    public String toString() {
        return "FrocCurve[fpsPerScan=" + Arrays.toString(fpsPerScan) + ", sensitivity=" + Arrays.toString(sensitivity)
                + ", thresholds=" + Arrays.toString(thresholds) + "]";
    }
}
