package io.pulmo.common.loss;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Sigmoid focal loss (Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017), with the semantics of
 * MONAI's {@code FocalLoss(use_softmax=False, reduction="mean")}, times a global {@code scale}.
 *
 * <p>Per element, with logit {@code z}, target {@code y ∈ {0, 1}}, {@code p = σ(z)} and
 * {@code p_t = p} if {@code y = 1}, {@code 1 − p} if {@code y = 0}:
 * <pre>
 *   ce(z, y) = y · softplus(−z) + (1 − y) · softplus(z)       (BCE with logits, see {@link BceWithLogitsLoss})
 *   1 − p_t  = σ(−(2y − 1) · z)                               (computed as exp(−softplus((2y − 1) · z)))
 *   α_t      = α · y + (1 − α) · (1 − y)                      (1 when alpha is null)
 *   ℓ(z, y)  = scale · α_t · (1 − p_t)^γ · ce(z, y)
 *   ∂ℓ/∂z    = scale · α_t · [ −(2y − 1) · γ · (1 − p_t)^γ · p_t · ce + (1 − p_t)^γ · ((1 − y) σ(z) − y σ(−z)) ]
 * </pre>
 * Every factor is computed from the logits in log-sum-exp form, so the value and gradient stay exact for large
 * |z|. For soft targets the formula is applied as written, as MONAI does. With γ = 0, α null and scale 1 it is
 * {@link BceWithLogitsLoss} with {@code pos_weight = 1}.
 *
 * <p>Reduction: MONAI's {@code "mean"} averages over every element of its {@code (B, C, H, W, …)} tensor. Here the
 * loss is given {@code [N, K]} and (see {@link LogitLoss}) averages over the K outputs of each example and then over
 * the N examples, which is the same mean over all N·K elements. MONAI's 4-D tensor therefore maps onto either
 * {@code [B·H·W, C]} (one row per pixel, as {@code CnnLossLayer} lays it out) or {@code [1, C·H·W]}: the mean of all
 * elements does not depend on how they are arranged into rows of equal length. Reference (MONAI's unit test): the
 * logits {@code [[1, 1], [0.5, 0]]} in each of 3 channels against the one-hot of {@code [[0, 1], [2, 0]]} give
 * 0.349587 at γ = 2 and 0.084226 with α = 0.8.
 *
 * <p>Options: {@code gamma} γ (default 2, finite and &ge; 0); {@code alpha} α (default null = no class balance,
 * else in [0, 1]; α weights positives, 1 − α negatives); {@code scale} (default 1, finite and &gt; 0; the
 * "alpha = 2" of implementations that use α as a plain multiplier is {@code scale = 2} with {@code alpha = null});
 * {@code weights}, one per output (default none, finite and &ge; 0, MONAI's {@code weight}). Constructors throw
 * {@link IllegalArgumentException} on values outside these ranges; the compute methods throw it for an activation
 * other than SIGMOID or IDENTITY, mismatched shapes or a weights length other than K.
 */
public final class FocalLoss extends LogitLoss {
    private static final long serialVersionUID = 1L;
    public static final double DEFAULT_GAMMA = 2.0;

    @JsonProperty("gamma")
    private final double gamma;
    @JsonProperty("alpha")
    private final Double alpha;
    @JsonProperty("scale")
    private final double scale;

    /** γ = 2, no α, scale 1: MONAI's defaults. */
    public FocalLoss() {
        this(DEFAULT_GAMMA, null, 1.0, null);
    }

    /**
     * @param gamma focusing exponent γ
     * @param alpha class balance α in [0, 1], or null for none
     */
    public FocalLoss(double gamma, Double alpha) {
        this(gamma, alpha, 1.0, null);
    }

    /**
     * @param gamma focusing exponent γ
     * @param alpha class balance α in [0, 1], or null for none
     * @param scale global multiplier of the loss
     */
    public FocalLoss(double gamma, Double alpha, double scale) {
        this(gamma, alpha, scale, null);
    }

    /**
     * @param gamma   focusing exponent γ
     * @param alpha   class balance α in [0, 1], or null for none
     * @param scale   global multiplier of the loss
     * @param weights per-output weights (length K), or null for none
     */
    public FocalLoss(double gamma, Double alpha, double scale, double[] weights) {
        super(weights);
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and >= 0, got " + gamma);
        }
        if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1] or null, got " + alpha);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
        this.gamma = gamma;
        this.alpha = alpha;
        this.scale = scale;
    }

    /** JSON binding (DL4J model configurations): absent gamma and scale take their defaults. */
    @JsonCreator
    private static FocalLoss fromJson(@JsonProperty("gamma") Double gamma, @JsonProperty("alpha") Double alpha,
                                      @JsonProperty("scale") Double scale, @JsonProperty("weights") double[] weights) {
        return new FocalLoss(gamma == null ? DEFAULT_GAMMA : gamma, alpha, scale == null ? 1.0 : scale, weights);
    }

    public double getGamma() {
        return gamma;
    }

    /** Class balance α, or null for none. */
    public Double getAlpha() {
        return alpha;
    }

    public double getScale() {
        return scale;
    }

    @Override
    INDArray elementLoss(INDArray z, INDArray y) {
        INDArray ce = crossEntropy(z, y);
        return applyClassFactor(ce.muli(modulation(z, y)), y);
    }

    @Override
    INDArray elementGradient(INDArray z, INDArray y) {
        INDArray sign = y.mul(2.0).subi(1.0);
        INDArray f = modulation(z, y);
        // d(1 − p_t)^γ/dz = −(2y − 1) · γ · (1 − p_t)^γ · p_t, with p_t = σ((2y − 1) · z)
        INDArray pt = sigmoid(sign.mul(z));
        INDArray dModulation = sign.negi().muli(f).muli(pt).muli(gamma);
        INDArray dCrossEntropy = sigmoid(z).muli(y.rsub(1.0)).subi(sigmoid(z.neg()).muli(y));
        INDArray grad = dModulation.muli(crossEntropy(z, y)).addi(dCrossEntropy.muli(f));
        return applyClassFactor(grad, y);
    }

    /** BCE with logits, {@code y · softplus(−z) + (1 − y) · softplus(z)}. */
    private static INDArray crossEntropy(INDArray z, INDArray y) {
        return softplus(z.neg()).muli(y).addi(softplus(z).muli(y.rsub(1.0)));
    }

    /** {@code (1 − p_t)^γ = exp(γ · log σ(−(2y − 1) z)) = exp(−γ · softplus((2y − 1) z))}. */
    private INDArray modulation(INDArray z, INDArray y) {
        INDArray signedZ = y.mul(2.0).subi(1.0).muli(z);
        return Transforms.exp(softplus(signedZ).muli(-gamma), false);
    }

    /** Multiplies {@code x} in place by {@code scale · α_t} and returns it. */
    private INDArray applyClassFactor(INDArray x, INDArray y) {
        if (alpha != null) {
            // α · y + (1 − α) · (1 − y) = (1 − α) + (2α − 1) · y
            x.muli(y.mul(2 * alpha - 1).addi(1 - alpha));
        }
        return x.muli(scale);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FocalLoss other
                && Double.compare(gamma, other.gamma) == 0 && Objects.equals(alpha, other.alpha)
                && Double.compare(scale, other.scale) == 0 && sameWeights(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(gamma, alpha, scale, weightsHash());
    }

    @Override
    public String toString() {
        return "FocalLoss(gamma=" + gamma + ", alpha=" + alpha + ", scale=" + scale + weightsSuffix() + ")";
    }
}
