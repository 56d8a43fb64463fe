package io.pulmo.common.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The segmentation metrics of one evaluation over a set of images, as computed by
 * {@link SegmentationMetrics#summarize}. Per-image values follow {@link PerImage}; a value with nothing to average
 * is NaN (written as {@code null} in {@code metrics.json}).
 *
 * @param n            number of images, &ge; 1
 * @param threshold    probability at or above which a pixel is predicted foreground
 * @param dice         mean over images of {@link PerImage#dice()}
 * @param iou          mean over images of {@link PerImage#iou()}
 * @param recall       mean over images of {@link PerImage#recall()}
 * @param precision    mean over images of {@link PerImage#precision()}
 * @param diceGlobal   Dice of all pixels pooled, {@code 2ΣTP / (2ΣTP + ΣFP + ΣFN)}; 1 when no image has a true or
 *                     predicted foreground pixel
 * @param nEmptyGt     images whose truth mask is empty
 * @param emptyFpRate  share of the {@code nEmptyGt} images with a non-empty prediction; NaN when {@code nEmptyGt = 0}
 * @param diceNonempty mean Dice over the images whose truth is not empty; NaN when there are none
 * @param ci95         95 % bootstrap intervals of {@code dice, iou, recall, precision} (in that order) as
 *                     {@code [lo, hi]}
 */
public record SegmentationReport(int n, double threshold, double dice, double iou, double recall, double precision,
                                 double diceGlobal, int nEmptyGt, double emptyFpRate, double diceNonempty,
                                 Map<String, double[]> ci95) {

    /** The per-image means that get bootstrap intervals, in {@code metrics.json} order; see {@link #metric}. */
    public static final List<String> MEAN_METRICS = List.of("dice", "iou", "recall", "precision");

    public SegmentationReport {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (nEmptyGt < 0 || nEmptyGt > n) {
            throw new IllegalArgumentException("nEmptyGt must be in [0, " + n + "], got " + nEmptyGt);
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        Objects.requireNonNull(ci95, "ci95").forEach((metric, interval) -> copy.put(metric, interval.clone()));
        ci95 = Collections.unmodifiableMap(copy);
    }

    /** The value of one of {@link #MEAN_METRICS} by name. */
    public double metric(String name) {
        return switch (name) {
            case "dice" -> dice;
            case "iou" -> iou;
            case "recall" -> recall;
            case "precision" -> precision;
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'; known: "
                    + String.join(", ", MEAN_METRICS));
        };
    }

    /**
     * The overlap of one image's thresholded prediction with its truth mask, from pixel counts. Dice
     * {@code 2TP / (2TP + FP + FN)} (= F1), IoU {@code TP / (TP + FP + FN)} (Jaccard), recall {@code TP / (TP + FN)}
     * and precision {@code TP / (TP + FP)} are scikit-learn's {@code f1_score}, {@code jaccard_score},
     * {@code recall_score} and {@code precision_score} of the flattened masks, except where a denominator is 0.
     * There every ratio is 1 — "nothing to find, nothing found" is perfect — which gives, explicitly:
     * <ul>
     *   <li>truth and prediction both empty: dice, iou, recall and precision are 1;</li>
     *   <li>truth empty, prediction not: dice 0, iou 0, recall 1 (there was nothing to find), precision 0;</li>
     *   <li>truth not empty, prediction empty: dice 0, iou 0, recall 0, precision 1 (no false positives).</li>
     * </ul>
     * (scikit-learn's {@code zero_division} would give one fixed value for all these cases instead.)
     *
     * @param truePositives  foreground pixels predicted foreground
     * @param falsePositives background pixels predicted foreground
     * @param falseNegatives foreground pixels predicted background
     * @param trueNegatives  background pixels predicted background
     */
    public record PerImage(long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {

        public PerImage {
            if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0 || trueNegatives < 0) {
                throw new IllegalArgumentException("pixel counts must be >= 0, got TP " + truePositives + ", FP "
                        + falsePositives + ", FN " + falseNegatives + ", TN " + trueNegatives);
            }
        }

        public double dice() {
            return ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
        }

        public double iou() {
            return ratio(truePositives, truePositives + falsePositives + falseNegatives);
        }

        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        public double precision() {
            return ratio(truePositives, truePositives + falsePositives);
        }

        /** Foreground pixels of the truth mask, {@code TP + FN}. */
        public long maskPixels() {
            return truePositives + falseNegatives;
        }

        /** Pixels predicted foreground, {@code TP + FP}. */
        public long predPixels() {
            return truePositives + falsePositives;
        }

        public boolean emptyTruth() {
            return maskPixels() == 0;
        }

        public boolean emptyPrediction() {
            return predPixels() == 0;
        }

        /** A per-image row: {@code dice, iou, recall, precision, mask_pixels, pred_pixels}. */
        public Map<String, Object> toMap() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dice", dice());
            row.put("iou", iou());
            row.put("recall", recall());
            row.put("precision", precision());
            row.put("mask_pixels", maskPixels());
            row.put("pred_pixels", predPixels());
            return row;
        }

        /** numerator / denominator, or 1 when the denominator is 0 (see the class Javadoc). */
        private static double ratio(long numerator, long denominator) {
            return denominator == 0 ? 1.0 : (double) numerator / denominator;
        }
    }

    @Override
    public String toString() {
        StringBuilder ci = new StringBuilder();
        ci95.forEach((metric, interval) -> ci.append(ci.isEmpty() ? "" : ", ").append(metric).append('=')
                .append(Arrays.toString(interval)));
        return "SegmentationReport[n=" + n + ", threshold=" + threshold + ", dice=" + dice + ", iou=" + iou
                + ", recall=" + recall + ", precision=" + precision + ", diceGlobal=" + diceGlobal + ", nEmptyGt="
                + nEmptyGt + ", emptyFpRate=" + emptyFpRate + ", diceNonempty=" + diceNonempty + ", ci95={" + ci + "}]";
    }
}
