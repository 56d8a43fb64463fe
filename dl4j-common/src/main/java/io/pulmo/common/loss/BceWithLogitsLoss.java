package io.pulmo.common.loss;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Binary cross-entropy on logits with a positive-class weight: PyTorch's
 * {@code BCEWithLogitsLoss(pos_weight=pw, reduction="mean")}.
 *
 * <p>Per element, with logit {@code z}, target {@code y ∈ [0, 1]} and {@code σ(z) = 1/(1 + e^{−z})}:
 * <pre>
 *   ℓ(z, y) = −[ pw · y · log σ(z) + (1 − y) · log(1 − σ(z)) ]
 *           =   pw · y · softplus(−z) + (1 − y) · softplus(z)          (computed form)
 *   ∂ℓ/∂z   =   (1 − y) · σ(z) − pw · y · σ(−z)
 * </pre>
 * where {@code softplus(x) = max(x, 0) + log1p(e^{−|x|})}; both forms are exact for any |z| (no clipping,
 * unlike DL4J's {@code LossBinaryXENT}, which clips σ(z) to [1e−5, 1 − 1e−5]). With {@code pw = 1} it is plain
 * BCE; {@code pw = N_neg / N_pos} (see {@link Losses#posWeight(long, long)}) balances an imbalanced training set.
 *
 * <p>Layout, reductions, masks and per-output weights are those of {@link LogitLoss}: {@code [N, K]} arrays, the
 * mean over the K outputs per example, the mean over examples when DL4J asks for an average. Use it on an
 * {@code OutputLayer} with {@code SIGMOID} activation (outputs are probabilities) or {@code IDENTITY} (logits).
 *
 * <p>Options: {@code posWeight} (default 1, finite and &gt; 0); {@code weights}, one per output (default none,
 * finite and &ge; 0). Constructors throw {@link IllegalArgumentException} on values outside these ranges; the
 * compute methods throw it for another activation, mismatched shapes or a weights length other than K.
 */
public final class BceWithLogitsLoss extends LogitLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("posWeight")
    private final double posWeight;

    /** Plain BCE with logits ({@code pos_weight = 1}). */
    public BceWithLogitsLoss() {
        this(1.0, null);
    }

    /** @param posWeight weight of the positive term, {@code pw} above */
    public BceWithLogitsLoss(double posWeight) {
        this(posWeight, null);
    }

    /**
     * @param posWeight weight of the positive term, {@code pw} above
     * @param weights   per-output weights (length K), or null for none
     */
    public BceWithLogitsLoss(double posWeight, double[] weights) {
        super(weights);
        if (!(posWeight > 0) || Double.isInfinite(posWeight)) {
            throw new IllegalArgumentException("posWeight must be finite and > 0, got " + posWeight);
        }
        this.posWeight = posWeight;
    }

    /** JSON binding (DL4J model configurations): an absent posWeight is 1. */
    @JsonCreator
    private static BceWithLogitsLoss fromJson(@JsonProperty("posWeight") Double posWeight,
                                              @JsonProperty("weights") double[] weights) {
        return new BceWithLogitsLoss(posWeight == null ? 1.0 : posWeight, weights);
    }

    public double getPosWeight() {
        return posWeight;
    }

    @Override
    INDArray elementLoss(INDArray z, INDArray y) {
        INDArray positive = softplus(z.neg()).muli(y).muli(posWeight);
        INDArray negative = softplus(z).muli(y.rsub(1.0));
        return positive.addi(negative);
    }

    @Override
    INDArray elementGradient(INDArray z, INDArray y) {
        INDArray negative = sigmoid(z).muli(y.rsub(1.0));
        INDArray positive = sigmoid(z.neg()).muli(y).muli(posWeight);
        return negative.subi(positive);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BceWithLogitsLoss other
                && Double.compare(posWeight, other.posWeight) == 0 && sameWeights(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(posWeight, weightsHash());
    }

    @Override
    public String toString() {
        return "BceWithLogitsLoss(posWeight=" + posWeight + weightsSuffix() + ")";
    }
}
