package io.pulmo.common.metrics;

import io.pulmo.common.metrics.SegmentationReport.PerImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Binary segmentation metrics: pure functions from one image's probabilities and truth mask to a
 * {@link PerImage}, and from the per-image results of a test set to a {@link SegmentationReport}, plus its
 * {@code metrics.json} shape. An instance accumulates a test set image by image, so that only the per-image pixel
 * counts (four numbers each) are kept, never the images.
 *
 * <h2>Decision rule</h2>
 * A pixel is predicted foreground iff its probability is {@code ≥ threshold} (default 0.5, as for classification);
 * a truth pixel is foreground iff it is non-zero ({@code byte}: 1 or 255 alike) or {@code true}.
 *
 * <h2>Per image</h2>
 * Dice, IoU, recall and precision from the pixel counts, with every 0/0 taken as 1; see {@link PerImage} for the
 * formulas and the three empty-mask cases spelt out.
 *
 * <h2>Over a test set</h2>
 * <pre>
 *   dice, iou, recall, precision = means over images of the per-image values (each image counts once)
 *   dice_global   = 2ΣTP / (2ΣTP + ΣFP + ΣFN) over all pixels pooled (1 if all masks are empty)
 *   n_empty_gt    = #images whose truth is empty
 *   empty_fp_rate = #(empty truth, non-empty prediction) / n_empty_gt     (NaN, JSON null, when n_empty_gt = 0)
 *   dice_nonempty = mean Dice over images whose truth is not empty        (NaN, JSON null, when there are none)
 *   ci95          = percentile-bootstrap 95 % intervals of the four means: {@code resamples} rounds (default
 *                   {@link Bootstrap#DEFAULT_RESAMPLES}) each draw n images with replacement from a
 *                   SplittableRandom seeded once with {@code seed}; [2.5th, 97.5th] percentile with NumPy's
 *                   linear interpolation, as {@link Bootstrap}
 * </pre>
 */
public final class SegmentationMetrics {
    public static final double DEFAULT_THRESHOLD = 0.5;

    private final double threshold;
    private final List<PerImage> images = new ArrayList<>();

    /** An empty accumulator at threshold 0.5. */
    public SegmentationMetrics() {
        this(DEFAULT_THRESHOLD);
    }

    /**
     * An empty accumulator.
     *
     * @param threshold probability at or above which a pixel is foreground; not NaN
     */
    public SegmentationMetrics(double threshold) {
        checkThreshold(threshold);
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    /**
     * Scores one image and keeps its counts.
     *
     * @param probabilities foreground probability per pixel
     * @param truth         truth mask, same length; non-zero is foreground
     * @return the image's metrics
     * @throws IllegalArgumentException as {@link #image(float[], byte[], double)}
     */
    public PerImage add(float[] probabilities, byte[] truth) {
        return keep(image(probabilities, truth, threshold));
    }

    /** {@link #add(float[], byte[])} for a boolean truth mask. */
    public PerImage add(float[] probabilities, boolean[] truth) {
        return keep(image(probabilities, truth, threshold));
    }

    /** Keeps an image's metrics computed elsewhere (e.g. from counts). */
    public PerImage add(PerImage image) {
        return keep(image);
    }

    private PerImage keep(PerImage image) {
        images.add(image);
        return image;
    }

    /** Images added so far. */
    public int count() {
        return images.size();
    }

    /** The per-image results in the order the images were added (an unmodifiable copy). */
    public List<PerImage> images() {
        return List.copyOf(images);
    }

    /** {@link #summarize(List, double, int, long)} of the images added so far, with 1000 resamples. */
    public SegmentationReport report(long seed) {
        return summarize(images, threshold, Bootstrap.DEFAULT_RESAMPLES, seed);
    }

    /**
     * The metrics of one image.
     *
     * @param probabilities foreground probability per pixel, none NaN
     * @param truth         truth mask of the same length; non-zero is foreground
     * @param threshold     probability at or above which a pixel is foreground
     * @throws IllegalArgumentException on different lengths, a NaN probability or a NaN threshold
     */
    public static PerImage image(float[] probabilities, byte[] truth, double threshold) {
        boolean[] mask = new boolean[truth.length];
        for (int j = 0; j < truth.length; j++) {
            mask[j] = truth[j] != 0;
        }
        return image(probabilities, mask, threshold);
    }

    /** {@link #image(float[], byte[], double)} for a boolean truth mask. */
    public static PerImage image(float[] probabilities, boolean[] truth, double threshold) {
        checkLengths(probabilities, truth.length, threshold);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int j = 0; j < truth.length; j++) {
            boolean predicted = foreground(probabilities, j, threshold);
            if (predicted) {
                if (truth[j]) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (truth[j]) {
                fn++;
            }
        }
        return new PerImage(tp, fp, fn, truth.length - tp - fp - fn);
    }

    /** {@link #summarize(List, double, int, long)} with {@link Bootstrap#DEFAULT_RESAMPLES}. */
    public static SegmentationReport summarize(List<PerImage> images, double threshold, long seed) {
        return summarize(images, threshold, Bootstrap.DEFAULT_RESAMPLES, seed);
    }

    /**
     * The test-set metrics of per-image results (see the class Javadoc).
     *
     * @param images    one result per image, at least one
     * @param threshold the threshold the results were computed at (recorded only)
     * @param resamples bootstrap rounds, at least 1
     * @param seed      seed of the resampling; the same seed gives the same intervals
     * @throws IllegalArgumentException on no images, {@code resamples < 1} or a NaN threshold
     */
    public static SegmentationReport summarize(List<PerImage> images, double threshold, int resamples, long seed) {
        checkThreshold(threshold);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images must not be empty");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        int n = images.size();
        double[][] values = new double[SegmentationReport.MEAN_METRICS.size()][n];
        long tp = 0;
        long fp = 0;
        long fn = 0;
        int emptyTruth = 0;
        int emptyTruthPredicted = 0;
        double nonemptyDiceSum = 0;
        for (int i = 0; i < n; i++) {
            PerImage image = images.get(i);
            values[0][i] = image.dice();
            values[1][i] = image.iou();
            values[2][i] = image.recall();
            values[3][i] = image.precision();
            tp += image.truePositives();
            fp += image.falsePositives();
            fn += image.falseNegatives();
            if (image.emptyTruth()) {
                emptyTruth++;
                if (!image.emptyPrediction()) {
                    emptyTruthPredicted++;
                }
            } else {
                nonemptyDiceSum += image.dice();
            }
        }
        double diceGlobal = new PerImage(tp, fp, fn, 0).dice();
        double emptyFpRate = emptyTruth == 0 ? Double.NaN : (double) emptyTruthPredicted / emptyTruth;
        double diceNonempty = emptyTruth == n ? Double.NaN : nonemptyDiceSum / (n - emptyTruth);
        Map<String, double[]> ci95 = ci95(values, resamples, seed);
        return new SegmentationReport(n, threshold, mean(values[0]), mean(values[1]), mean(values[2]),
                mean(values[3]), diceGlobal, emptyTruth, emptyFpRate, diceNonempty, ci95);
    }

    /**
     * The segmentation part of {@code metrics.json}: keys {@code task} ("segmentation"), {@code split, n,
     * threshold, dice, iou, recall, precision, dice_global, n_empty_gt, empty_fp_rate, dice_nonempty, loss,
     * ci95} ({@code {dice, iou, recall, precision: [lo, hi]}}), in that order. NaN becomes {@code null} (JSON has
     * no NaN).
     *
     * @param split e.g. {@code test}
     * @param loss  the loss on the split, e.g. the mean validation loss; null when not computed
     */
    public static Map<String, Object> toJson(SegmentationReport report, String split, Double loss) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task", "segmentation");
        json.put("split", split);
        json.put("n", report.n());
        json.put("threshold", number(report.threshold()));
        for (String metric : SegmentationReport.MEAN_METRICS) {
            json.put(metric, number(report.metric(metric)));
        }
        json.put("dice_global", number(report.diceGlobal()));
        json.put("n_empty_gt", report.nEmptyGt());
        json.put("empty_fp_rate", number(report.emptyFpRate()));
        json.put("dice_nonempty", number(report.diceNonempty()));
        json.put("loss", loss == null ? null : number(loss));
        Map<String, Object> intervals = new LinkedHashMap<>();
        report.ci95().forEach((metric, interval) -> intervals.put(metric,
                Arrays.asList(number(interval[0]), number(interval[1]))));
        json.put("ci95", intervals);
        return json;
    }

    /** Resamples images (the same draw for every metric) and takes the percentile interval of each mean. */
    private static Map<String, double[]> ci95(double[][] values, int resamples, long seed) {
        int n = values[0].length;
        double[][] means = new double[values.length][resamples];
        SplittableRandom random = new SplittableRandom(seed);
        double[] sums = new double[values.length];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(sums, 0);
            for (int i = 0; i < n; i++) {
                int pick = random.nextInt(n);
                for (int m = 0; m < values.length; m++) {
                    sums[m] += values[m][pick];
                }
            }
            for (int m = 0; m < values.length; m++) {
                means[m][r] = sums[m] / n;
            }
        }
        Map<String, double[]> intervals = new LinkedHashMap<>();
        for (int m = 0; m < values.length; m++) {
            Arrays.sort(means[m]);
            intervals.put(SegmentationReport.MEAN_METRICS.get(m),
                    new double[]{Bootstrap.percentile(means[m], 0.025), Bootstrap.percentile(means[m], 0.975)});
        }
        return Collections.unmodifiableMap(intervals);
    }

    private static boolean foreground(float[] probabilities, int j, double threshold) {
        float p = probabilities[j];
        if (Float.isNaN(p)) {
            throw new IllegalArgumentException("probabilities[" + j + "] is NaN");
        }
        return p >= threshold;
    }

    private static void checkLengths(float[] probabilities, int truthLength, double threshold) {
        checkThreshold(threshold);
        if (probabilities.length != truthLength) {
            throw new IllegalArgumentException("probabilities and truth differ in length: " + probabilities.length
                    + " vs " + truthLength);
        }
    }

    private static void checkThreshold(double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
