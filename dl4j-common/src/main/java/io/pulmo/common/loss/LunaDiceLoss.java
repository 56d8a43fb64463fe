package io.pulmo.common.loss;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The nodule-segmentation loss of Stevens, Antiga and Viehmann, <i>Deep Learning with PyTorch</i> (Manning 2020),
 * chapter 13 ({@code p2ch13/training.py}, {@code diceLoss} and {@code computeBatchLoss}): the soft Dice loss plus
 * {@code fnWeight} (8 in the book) times the Dice loss of the prediction restricted to the true pixels, which only
 * false negatives raise. On {@code p = σ(z)}, target g and mask m (1 without a mask), per image i:
 * <pre>
 *   dice(a, b) = 1 − (2Σ a·b + ε) / (Σ a + Σ b + ε)             (sums over the pixels of the image, masked)
 *   ℓ_i        = dice(p, g) + fnWeight · dice(p·g, g)
 *   L          = (1/n) Σ_i ℓ_i                                  (the book's per-sample losses, then .mean())
 * </pre>
 * The book computes from the sigmoid output; here {@code p = σ(z)} is computed from the logits (see
 * {@link SegmentationLoss}). Reference: {@code p = [[0.9, 0.1], [0.8, 0.3]]}, {@code g = [[1, 0], [1, 1]]} as one
 * 2×2 image with ε = 1 gives 0.180328 + 8 · 0.166667 = 1.513661. The reduction is always per image, as in the
 * book; {@code loss.dice_reduction} does not apply.
 *
 * <p>Options: {@code epsilon} ε (default 1, finite and &ge; 0; {@code loss.smooth}); {@code fnWeight} (default 8,
 * finite and &ge; 0). The constructor throws {@link IllegalArgumentException} outside these ranges.
 */
public final class LunaDiceLoss extends SegmentationLoss {
    private static final long serialVersionUID = 1L;
    /** The book's ε. */
    public static final double DEFAULT_EPSILON = 1.0;
    /** The book's weight of the false-negative term. */
    public static final double DEFAULT_FN_WEIGHT = 8.0;

    @JsonProperty("epsilon")
    private final double epsilon;
    @JsonProperty("fnWeight")
    private final double fnWeight;

    /** The book's loss: ε = 1, false-negative weight 8. */
    public LunaDiceLoss(long pixelsPerImage) {
        this(pixelsPerImage, DEFAULT_EPSILON, DEFAULT_FN_WEIGHT);
    }

    /**
     * @param pixelsPerImage h·w of the output mask
     * @param epsilon        ε, added to numerator and denominator of both Dice terms
     * @param fnWeight       weight of the false-negative Dice term
     */
    public LunaDiceLoss(long pixelsPerImage, double epsilon, double fnWeight) {
        super(pixelsPerImage);
        DiceLoss.checkSmooth("epsilon", epsilon);
        if (!(fnWeight >= 0) || Double.isInfinite(fnWeight)) {
            throw new IllegalArgumentException("fnWeight must be finite and >= 0, got " + fnWeight);
        }
        this.epsilon = epsilon;
        this.fnWeight = fnWeight;
    }

    /** JSON binding (DL4J model configurations): absent options take the book's values. */
    @JsonCreator
    private static LunaDiceLoss fromJson(@JsonProperty("pixelsPerImage") long pixelsPerImage,
                                         @JsonProperty("epsilon") Double epsilon,
                                         @JsonProperty("fnWeight") Double fnWeight) {
        return new LunaDiceLoss(pixelsPerImage, epsilon == null ? DEFAULT_EPSILON : epsilon,
                fnWeight == null ? DEFAULT_FN_WEIGHT : fnWeight);
    }

    public double getEpsilon() {
        return epsilon;
    }

    public double getFnWeight() {
        return fnWeight;
    }

    @Override
    Value value(Images images, boolean withGradient) {
        INDArray p = sigmoid(images.z());
        INDArray g = images.y();
        INDArray truth = images.masked(g);
        DiceLoss.Terms overlap = DiceLoss.softDice(images.masked(p), truth, epsilon, epsilon, false, false,
                withGradient);
        DiceLoss.Terms missed = DiceLoss.softDice(images.masked(p.mul(g)), truth, epsilon, epsilon, false, false,
                withGradient);
        INDArray perImage = overlap.loss().add(missed.loss().mul(fnWeight));
        double loss = perImage.meanNumber().doubleValue();
        INDArray gradient = null;
        if (withGradient) {
            // ∂ℓ_i/∂p = ∂dice/∂a₁ · m + fnWeight · ∂dice/∂a₂ · g · m, with a₁ = m·p and a₂ = m·p·g
            INDArray dLdp = overlap.gradA().addi(missed.gradA().muli(g).muli(fnWeight)).divi(images.n());
            gradient = images.maskInPlace(dLdp.muli(sigmoidDerivative(images.z())));
        }
        return new Value(loss, perImage, gradient);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LunaDiceLoss other && getPixelsPerImage() == other.getPixelsPerImage()
                && Double.compare(epsilon, other.epsilon) == 0 && Double.compare(fnWeight, other.fnWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getPixelsPerImage(), epsilon, fnWeight);
    }

    @Override
    public String toString() {
        return "LunaDiceLoss(pixelsPerImage=" + getPixelsPerImage() + ", epsilon=" + epsilon + ", fnWeight="
                + fnWeight + ")";
    }
}
