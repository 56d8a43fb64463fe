package io.pulmo.common.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A k × k confusion matrix: {@code counts[t][p]} is the number of items whose true class is
 * {@code t} and predicted class is {@code p} (rows = true, columns = predicted), as
 * scikit-learn's {@code confusion_matrix(y_true, y_pred, labels=range(k))}.
 *
 * <p>One-vs-rest counts for class {@code c}: {@code TP = counts[c][c]}, {@code FN = row(c) − TP},
 * {@code FP = column(c) − TP}, {@code TN = total − TP − FN − FP}.
 *
 * @param counts a square, non-empty matrix of non-negative counts (copied in and out)
 */
public record ConfusionMatrix(long[][] counts) {

    public ConfusionMatrix {
        if (counts.length == 0) {
            throw new IllegalArgumentException("confusion matrix must have at least one class");
        }
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            if (counts[t].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix must be square: row " + t + " has "
                        + counts[t].length + " columns, expected " + counts.length);
            }
            for (int p = 0; p < counts.length; p++) {
                if (counts[t][p] < 0) {
                    throw new IllegalArgumentException("count must be >= 0, got " + counts[t][p] + " at [" + t + "][" + p + "]");
                }
            }
            copy[t] = counts[t].clone();
        }
        counts = copy;
    }

    /**
     * Counts {@code (truth[i], pred[i])} pairs.
     *
     * @param truth true class per item, each in [0, k)
     * @param pred  predicted class per item, each in [0, k)
     * @param k     number of classes, at least 1
     * @throws IllegalArgumentException on different lengths, k &lt; 1 or a class outside [0, k)
     */
    public static ConfusionMatrix of(int[] truth, int[] pred, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("truth and pred differ in length: " + truth.length + " vs " + pred.length);
        }
        long[][] counts = new long[k][k];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k) {
                throw new IllegalArgumentException("truth[" + i + "] = " + truth[i] + " is outside [0, " + k + ")");
            }
            if (pred[i] < 0 || pred[i] >= k) {
                throw new IllegalArgumentException("pred[" + i + "] = " + pred[i] + " is outside [0, " + k + ")");
            }
            counts[truth[i]][pred[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            copy[t] = counts[t].clone();
        }
        return copy;
    }

    /** Number of classes k. */
    public int size() {
        return counts.length;
    }

    /** Items with true class {@code trueClass} predicted as {@code predictedClass}. */
    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** Number of items. */
    public long total() {
        long sum = 0;
        for (long[] row : counts) {
            for (long v : row) {
                sum += v;
            }
        }
        return sum;
    }

    /** Items whose true class is {@code c} (the class's support). */
    public long rowSum(int c) {
        return Arrays.stream(counts[c]).sum();
    }

    /** Items predicted as class {@code c}. */
    public long columnSum(int c) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    /** Correctly classified items (the trace). */
    public long correct() {
        long sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += counts[c][c];
        }
        return sum;
    }

    public long truePositives(int c) {
        return counts[c][c];
    }

    public long falsePositives(int c) {
        return columnSum(c) - counts[c][c];
    }

    public long falseNegatives(int c) {
        return rowSum(c) - counts[c][c];
    }

    public long trueNegatives(int c) {
        return total() - rowSum(c) - columnSum(c) + counts[c][c];
    }

    /** The counts as nested lists (rows = true class), the shape {@code metrics.json} stores. */
    public List<List<Long>> toLists() {
        List<List<Long>> rows = new ArrayList<>(counts.length);
        for (long[] row : counts) {
            rows.add(Arrays.stream(row).boxed().toList());
        }
        return List.copyOf(rows);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionMatrix" + Arrays.deepToString(counts);
    }
}
