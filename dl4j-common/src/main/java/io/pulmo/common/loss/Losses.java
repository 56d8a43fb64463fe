package io.pulmo.common.loss;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Class-imbalance weights derived from class counts, and the weighted DL4J losses built from them. */
public final class Losses {
    private Losses() {
    }

    /**
     * Balanced class weights, {@code w_c = N / (k · N_c)} with {@code N = Σ_c N_c} over k classes (scikit-learn's
     * {@code class_weight="balanced"}): every class then carries the same total weight {@code N / k}.
     *
     * @param counts training examples per class, each &gt; 0
     * @return one weight per class, in the order of {@code counts}
     * @throws IllegalArgumentException if {@code counts} is null or empty or holds a count &le; 0
     */
    public static double[] classWeights(int[] counts) {
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("counts must hold one count per class, got "
                    + (counts == null ? "null" : "an empty array"));
        }
        long total = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] <= 0) {
                throw new IllegalArgumentException("counts[" + c + "] must be > 0, got " + counts[c]);
            }
            total += counts[c];
        }
        double[] weights = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            weights[c] = (double) total / ((double) counts.length * counts[c]);
        }
        return weights;
    }

    /**
     * Softmax cross-entropy weighted by {@link #classWeights(int[])}: DL4J's {@link LossMCXENT} with a weights row.
     *
     * @param counts training examples per class, each &gt; 0
     */
    public static LossMCXENT weightedCrossEntropy(int[] counts) {
        double[] weights = classWeights(counts);
        return new LossMCXENT(Nd4j.createFromArray(weights).reshape(1, weights.length));
    }

    /**
     * PyTorch's usual {@code pos_weight} for BCE, {@code N_neg / N_pos}: the positive term then carries as much total
     * weight as the negative one.
     *
     * @param negatives training examples of the negative class, &gt; 0
     * @param positives training examples of the positive class, &gt; 0
     * @throws IllegalArgumentException if a count is &le; 0
     */
    public static double posWeight(long negatives, long positives) {
        if (negatives <= 0 || positives <= 0) {
            throw new IllegalArgumentException("negatives and positives must be > 0, got " + negatives + " and "
                    + positives);
        }
        return (double) negatives / positives;
    }
}
