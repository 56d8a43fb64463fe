package io.pulmo.common.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Receiver operating characteristic of a score against binary labels: the area under the curve
 * and the curve itself. Pure functions; nothing is stored.
 *
 * <p>An item is <em>positive</em> when its label equals the positive label (1 for the two-argument
 * forms); a higher score means "more positive".
 */
public final class Roc {

    private Roc() {
    }

    /**
     * ROC AUC of {@code scores} for labels in {0, 1} (1 = positive).
     *
     * @throws IllegalArgumentException on different lengths, a label other than 0/1 or a NaN score
     * @see #auc(double[], int[], int)
     */
    public static double auc(double[] scores, int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, got " + labels[i] + " at index " + i);
            }
        }
        return auc(scores, labels, 1);
    }

    /**
     * ROC AUC by ranks (Mann–Whitney U): with {@code R+} the sum of the ranks of the positive items
     * among all scores (ascending, rank 1 = lowest; tied scores share their average rank),
     * <pre>
     *   AUC = (R+ − n+(n+ + 1)/2) / (n+ · n−)
     * </pre>
     * which equals the probability that a random positive scores above a random negative, ties
     * counting one half — the same value as scikit-learn's {@code roc_auc_score}.
     * Example: scores [0.5, 0.5, 0.2, 8.3], labels [0, 1, 0, 1] → 0.875.
     *
     * @param scores        one score per item, finite or infinite but not NaN
     * @param labels        one label per item; any value other than {@code positiveLabel} is negative
     * @param positiveLabel the label value that counts as positive
     * @return the AUC in [0, 1], or {@code NaN} when there are no positives or no negatives (including n = 0)
     * @throws IllegalArgumentException on different lengths or a NaN score
     */
    public static double auc(double[] scores, int[] labels, int positiveLabel) {
        checkInputs(scores, labels);
        int n = scores.length;
        long positives = Arrays.stream(labels).filter(l -> l == positiveLabel).count();
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = ascending(scores);
        double positiveRankSum = 0;
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double averageRank = (start + end) / 2.0 + 1.0; // ranks start + 1 .. end + 1
            for (int j = start; j <= end; j++) {
                if (labels[order[j]] == positiveLabel) {
                    positiveRankSum += averageRank;
                }
            }
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }

    /** The ROC curve for labels in {0, 1}; see {@link #curve(double[], int[], int)}. */
    public static Curve curve(double[] scores, int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels must be 0 or 1, got " + labels[i] + " at index " + i);
            }
        }
        return curve(scores, labels, 1);
    }

    /**
     * The ROC curve, one point per distinct score plus the origin, like scikit-learn's
     * {@code roc_curve(..., drop_intermediate=False)}: {@code thresholds[0] = +∞} gives (0, 0), and
     * {@code thresholds[j]} (the distinct scores, descending) gives the rates of the rule
     * "positive iff score ≥ thresholds[j]":
     * <pre>
     *   fpr = FP / (FP + TN),   tpr = TP / (TP + FN)
     * </pre>
     * The last point is (1, 1). The trapezoidal area under the points equals {@link #auc}.
     *
     * @return the curve; {@code fpr} is all NaN when there are no negatives, {@code tpr} all NaN
     *         when there are no positives
     * @throws IllegalArgumentException on different lengths or a NaN score
     */
    public static Curve curve(double[] scores, int[] labels, int positiveLabel) {
        checkInputs(scores, labels);
        int n = scores.length;
        long positives = Arrays.stream(labels).filter(l -> l == positiveLabel).count();
        long negatives = n - positives;
        Integer[] order = ascending(scores);
        double[] fpr = new double[n + 1];
        double[] tpr = new double[n + 1];
        double[] thresholds = new double[n + 1];
        thresholds[0] = Double.POSITIVE_INFINITY;
        int points = 1;
        long tp = 0;
        long fp = 0;
        int j = n - 1;
        while (j >= 0) {
            double threshold = scores[order[j]];
            while (j >= 0 && scores[order[j]] == threshold) {
                if (labels[order[j]] == positiveLabel) {
                    tp++;
                } else {
                    fp++;
                }
                j--;
            }
            thresholds[points] = threshold;
            fpr[points] = negatives == 0 ? Double.NaN : (double) fp / negatives;
            tpr[points] = positives == 0 ? Double.NaN : (double) tp / positives;
            points++;
        }
        fpr[0] = negatives == 0 ? Double.NaN : 0.0;
        tpr[0] = positives == 0 ? Double.NaN : 0.0;
        return new Curve(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), Arrays.copyOf(thresholds, points));
    }

    private static void checkInputs(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length: " + scores.length + " vs " + labels.length);
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score is NaN at index " + i);
            }
        }
    }

    private static Integer[] ascending(double[] scores) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        return order;
    }

    /**
     * Points of a ROC curve, in order of decreasing threshold (increasing rates).
     *
     * @param fpr        false-positive rates
     * @param tpr        true-positive rates (recall)
     * @param thresholds the threshold of each point; {@code +∞} for the origin
     */
    public record Curve(double[] fpr, double[] tpr, double[] thresholds) {
        public Curve {
            if (fpr.length != tpr.length || fpr.length != thresholds.length) {
                throw new IllegalArgumentException("fpr, tpr and thresholds differ in length: "
                        + fpr.length + ", " + tpr.length + ", " + thresholds.length);
            }
            fpr = fpr.clone();
            tpr = tpr.clone();
            thresholds = thresholds.clone();
        }

        @Override
        public double[] fpr() {
            return fpr.clone();
        }

        @Override
        public double[] tpr() {
            return tpr.clone();
        }

        @Override
        public double[] thresholds() {
            return thresholds.clone();
        }

        /** Number of points. */
        public int size() {
            return fpr.length;
        }

        /** Trapezoidal area under the points (fpr on x, tpr on y). */
        public double area() {
            double area = 0;
            for (int i = 1; i < fpr.length; i++) {
                area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2.0;
            }
            return area;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Curve c && Arrays.equals(fpr, c.fpr) && Arrays.equals(tpr, c.tpr)
                    && Arrays.equals(thresholds, c.thresholds);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(fpr) + Arrays.hashCode(tpr)) + Arrays.hashCode(thresholds);
        }

        @Override
        public String toString() {
            return "Curve[fpr=" + Arrays.toString(fpr) + ", tpr=" + Arrays.toString(tpr)
                    + ", thresholds=" + Arrays.toString(thresholds) + "]";
        }
    }
}
