package io.pulmo.common.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bootstrap confidence intervals for the classification metrics (Efron's percentile method).
 *
 * <p>Each of {@code resamples} rounds draws n items with replacement (uniform indices from a
 * {@link SplittableRandom} seeded once with {@code seed}, so a seed fixes every interval), and
 * recomputes {@link ClassificationMetrics#compute} on them. For each metric the interval is the
 * 2.5th and 97.5th percentile of its resampled values, with linear interpolation between order
 * statistics (NumPy's default {@code percentile}): for sorted values v₀ ≤ … ≤ v_{m−1},
 * {@code q(p) = v_⌊h⌋ + (h − ⌊h⌋)(v_⌊h⌋+1 − v_⌊h⌋)} with {@code h = p·(m − 1)}.
 *
 * <p>A resample in which a metric is NaN (AUC when the resample holds only one class) is skipped
 * for that metric only; a metric with no finite resample gets {@code [NaN, NaN]}.
 */
public final class Bootstrap {

    /** The number of resamples {@code metrics.json} uses. */
    public static final int DEFAULT_RESAMPLES = 1000;

    private static final double LOWER = 0.025;
    private static final double UPPER = 0.975;

    private Bootstrap() {
    }

    /** {@link #ci95(int[], double[][], List, int, double, int, long)} with {@link #DEFAULT_RESAMPLES}. */
    public static Map<String, double[]> ci95(int[] labels, double[][] probs, List<String> classes,
                                             int positiveClass, double threshold, long seed) {
        return ci95(labels, probs, classes, positiveClass, threshold, DEFAULT_RESAMPLES, seed);
    }

    /**
     * 95 % percentile-bootstrap intervals of every metric in {@link ClassificationReport#METRICS}.
     * The arguments before {@code resamples} are those of {@link ClassificationMetrics#compute}.
     *
     * @param resamples number of bootstrap rounds, at least 1 (use {@link #DEFAULT_RESAMPLES})
     * @param seed      seed of the resampling; the same seed gives the same intervals
     * @return {@code accuracy, precision, recall, specificity, f1, auc} → {@code [lo, hi]}, in that order
     * @throws IllegalArgumentException when {@code resamples < 1} or the inputs are invalid for {@code compute}
     */
    public static Map<String, double[]> ci95(int[] labels, double[][] probs, List<String> classes,
                                             int positiveClass, double threshold, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        ClassificationMetrics.compute(labels, probs, classes, positiveClass, threshold); // validates once, up front
        int n = labels.length;
        List<String> metrics = ClassificationReport.METRICS;
        double[][] values = new double[metrics.size()][resamples];
        int[] counts = new int[metrics.size()];
        SplittableRandom random = new SplittableRandom(seed);
        int[] sampleLabels = new int[n];
        double[][] sampleProbs = new double[n][];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                sampleLabels[i] = labels[pick];
                sampleProbs[i] = probs[pick];
            }
            ClassificationReport report = ClassificationMetrics.compute(sampleLabels, sampleProbs, classes, positiveClass, threshold);
            for (int m = 0; m < metrics.size(); m++) {
                double v = report.metric(metrics.get(m));
                if (!Double.isNaN(v)) {
                    values[m][counts[m]++] = v;
                }
            }
        }
        Map<String, double[]> intervals = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            double[] finite = Arrays.copyOf(values[m], counts[m]);
            Arrays.sort(finite);
            intervals.put(metrics.get(m), new double[] {percentile(finite, LOWER), percentile(finite, UPPER)});
        }
        return intervals;
    }

    /**
     * The {@code p}-quantile (p in [0, 1]) of ascending {@code sorted} values with linear
     * interpolation, as NumPy's {@code percentile(v, 100·p)}; NaN for no values.
     */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = p * (sorted.length - 1);
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
