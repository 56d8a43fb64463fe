package io.pulmo.common.loss;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Weighted sum of per-pixel BCE and soft Dice, {@code L = bceWeight · L_bce + diceWeight · L_dice}, with
 * {@code L_bce} of {@link SegmentationBceLoss} and {@code L_dice} of {@link DiceLoss} (both PyTorch/MONAI values of
 * the minibatch; see {@link SegmentationLoss} for layout and scaling). Image i is attributed the same weighted sum
 * of its two attributed losses, and {@code ∂L/∂z} is the weighted sum of the two gradients.
 *
 * <p>Options: {@code bceWeight}, {@code diceWeight} (finite and &ge; 0, not both 0; {@code loss.bce_weight} and
 * {@code loss.dice_weight}, default 1 each); the two parts must share {@code pixelsPerImage}. The constructor throws
 * {@link IllegalArgumentException} otherwise.
 */
public final class BceDiceLoss extends SegmentationLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("bceWeight")
    private final double bceWeight;
    @JsonProperty("bce")
    private final SegmentationBceLoss bce;
    @JsonProperty("diceWeight")
    private final double diceWeight;
    @JsonProperty("dice")
    private final DiceLoss dice;

    /** Plain BCE plus seed 004's Dice, weight 1 each. */
    public BceDiceLoss(long pixelsPerImage) {
        this(1.0, new SegmentationBceLoss(pixelsPerImage), 1.0, new DiceLoss(pixelsPerImage));
    }

    /**
     * @param bceWeight  weight of the BCE term
     * @param bce        the BCE term
     * @param diceWeight weight of the Dice term
     * @param dice       the Dice term, with the same pixelsPerImage as {@code bce}
     */
    public BceDiceLoss(double bceWeight, SegmentationBceLoss bce, double diceWeight, DiceLoss dice) {
        super(Objects.requireNonNull(bce, "bce").getPixelsPerImage());
        Objects.requireNonNull(dice, "dice");
        checkWeight("bceWeight", bceWeight);
        checkWeight("diceWeight", diceWeight);
        if (bceWeight == 0 && diceWeight == 0) {
            throw new IllegalArgumentException("bceWeight and diceWeight must not both be 0");
        }
        if (dice.getPixelsPerImage() != bce.getPixelsPerImage()) {
            throw new IllegalArgumentException("bce and dice must have the same pixelsPerImage, got "
                    + bce.getPixelsPerImage() + " and " + dice.getPixelsPerImage());
        }
        this.bceWeight = bceWeight;
        this.bce = bce;
        this.diceWeight = diceWeight;
        this.dice = dice;
    }

    /** JSON binding (DL4J model configurations): absent weights are 1; pixelsPerImage, if given, must match. */
    @JsonCreator
    private static BceDiceLoss fromJson(@JsonProperty("pixelsPerImage") Long pixelsPerImage,
                                        @JsonProperty("bceWeight") Double bceWeight,
                                        @JsonProperty("bce") SegmentationBceLoss bce,
                                        @JsonProperty("diceWeight") Double diceWeight,
                                        @JsonProperty("dice") DiceLoss dice) {
        BceDiceLoss loss = new BceDiceLoss(bceWeight == null ? 1.0 : bceWeight, bce,
                diceWeight == null ? 1.0 : diceWeight, dice);
        if (pixelsPerImage != null && pixelsPerImage != loss.getPixelsPerImage()) {
            throw new IllegalArgumentException("pixelsPerImage " + pixelsPerImage + " differs from that of its parts, "
                    + loss.getPixelsPerImage());
        }
        return loss;
    }

    public double getBceWeight() {
        return bceWeight;
    }

    public SegmentationBceLoss getBce() {
        return bce;
    }

    public double getDiceWeight() {
        return diceWeight;
    }

    public DiceLoss getDice() {
        return dice;
    }

    @Override
    Value value(Images images, boolean withGradient) {
        Value b = bce.value(images, withGradient);
        Value d = dice.value(images, withGradient);
        double loss = bceWeight * b.loss() + diceWeight * d.loss();
        INDArray perImage = b.perImage().mul(bceWeight).addi(d.perImage().mul(diceWeight));
        INDArray gradient = withGradient ? b.gradient().muli(bceWeight).addi(d.gradient().muli(diceWeight)) : null;
        return new Value(loss, perImage, gradient);
    }

    private static void checkWeight(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BceDiceLoss other && Double.compare(bceWeight, other.bceWeight) == 0
                && Double.compare(diceWeight, other.diceWeight) == 0 && bce.equals(other.bce)
                && dice.equals(other.dice);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bceWeight, bce, diceWeight, dice);
    }

    @Override
    public String toString() {
        return "BceDiceLoss(" + bceWeight + " · " + bce + " + " + diceWeight + " · " + dice + ")";
    }
}
