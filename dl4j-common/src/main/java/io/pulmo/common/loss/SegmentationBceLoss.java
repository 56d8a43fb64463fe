package io.pulmo.common.loss;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Per-pixel binary cross-entropy on logits for a one-channel segmentation: PyTorch's
 * {@code BCEWithLogitsLoss(pos_weight=pw, reduction="mean")} over every pixel of every image, in a
 * {@code CnnLossLayer} (see {@link SegmentationLoss} for layout and scaling).
 *
 * <p>Per pixel, the stable form of {@link BceWithLogitsLoss}:
 * {@code ℓ(z, y) = pw · y · softplus(−z) + (1 − y) · softplus(z)},
 * {@code ∂ℓ/∂z = (1 − y) · σ(z) − pw · y · σ(−z)}. Over n images of h·w pixels with mask m (1 without a mask):
 * <pre>
 *   L = (1 / (n·h·w)) · Σ_{i,j} m_ij · ℓ(z_ij, y_ij)          image i is attributed (1/(h·w)) Σ_j m_ij · ℓ_ij
 * </pre>
 * Masked pixels contribute 0 and do not change the divisor (as in DL4J's losses). Without the {@code pixelsPerImage}
 * correction, {@link BceWithLogitsLoss} in a {@code CnnLossLayer} would report {@code h·w} times this mean.
 *
 * <p>Options: {@code posWeight} pw (default 1, finite and &gt; 0; {@code loss.pos_weight}). The constructor throws
 * {@link IllegalArgumentException} outside that range.
 */
public final class SegmentationBceLoss extends SegmentationLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("posWeight")
    private final double posWeight;

    /** Plain BCE ({@code pos_weight = 1}). */
    public SegmentationBceLoss(long pixelsPerImage) {
        this(pixelsPerImage, 1.0);
    }

    /**
     * @param pixelsPerImage h·w of the output mask
     * @param posWeight      weight of the positive term, pw above
     */
    public SegmentationBceLoss(long pixelsPerImage, double posWeight) {
        super(pixelsPerImage);
        if (!(posWeight > 0) || Double.isInfinite(posWeight)) {
            throw new IllegalArgumentException("posWeight must be finite and > 0, got " + posWeight);
        }
        this.posWeight = posWeight;
    }

    /** JSON binding (DL4J model configurations): an absent posWeight is 1. */
    @JsonCreator
    private static SegmentationBceLoss fromJson(@JsonProperty("pixelsPerImage") long pixelsPerImage,
                                                @JsonProperty("posWeight") Double posWeight) {
        return new SegmentationBceLoss(pixelsPerImage, posWeight == null ? 1.0 : posWeight);
    }

    public double getPosWeight() {
        return posWeight;
    }

    @Override
    Value value(Images images, boolean withGradient) {
        BceWithLogitsLoss bce = new BceWithLogitsLoss(posWeight);
        double divisor = images.pixels();
        INDArray perPixel = images.maskInPlace(bce.elementLoss(images.z(), images.y()));
        INDArray perImage = perPixel.sum(true, 1).divi(divisor);
        double loss = perImage.meanNumber().doubleValue();
        INDArray gradient = null;
        if (withGradient) {
            gradient = images.maskInPlace(bce.elementGradient(images.z(), images.y())).divi(images.n() * divisor);
        }
        return new Value(loss, perImage, gradient);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentationBceLoss other && getPixelsPerImage() == other.getPixelsPerImage()
                && Double.compare(posWeight, other.posWeight) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getPixelsPerImage(), posWeight);
    }

    @Override
    public String toString() {
        return "SegmentationBceLoss(pixelsPerImage=" + getPixelsPerImage() + ", posWeight=" + posWeight + ")";
    }
}
