package io.pulmo.common.loss;

import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Soft Dice loss of a one-channel segmentation on {@code p = σ(z)}: MONAI's
 * {@code DiceLoss(sigmoid=True, smooth_nr, smooth_dr, squared_pred, jaccard, batch, reduction="mean")} (Milletari
 * et al., "V-Net", 3DV 2016), in a {@code CnnLossLayer} (see {@link SegmentationLoss} for layout and scaling).
 *
 * <p>Over a group of pixels j with prediction {@code p_j}, target {@code g_j} and mask {@code m_j} (1 without a
 * mask), with {@code k = 2} when {@code squaredPred} and 1 otherwise:
 * <pre>
 *   I = Σ m·p·g        P = Σ m·p^k        G = Σ m·g^k
 *   dice    : ℓ = 1 − (2I + s_nr) / (P + G + s_dr)
 *   jaccard : ℓ = 1 − (2I + s_nr) / (2·(P + G − I) + s_dr)      (MONAI's form: with s = 0 it is 1 − I / (P + G − I))
 *   ∂ℓ/∂p_j = −(N'_j · D − N · D'_j) / D²,  N = 2I + s_nr, N'_j = 2 m_j g_j,
 *             D'_j = m_j·k·p_j^{k−1}  (dice)  or  2 m_j·(k·p_j^{k−1} − g_j)  (jaccard);   ∂p/∂z = σ(z)·σ(−z)
 * </pre>
 * With {@code s_nr = s_dr = s} the dice form is seed 004's {@code 1 − (2Σpg + s)/(Σp + Σg + s)}.
 *
 * <p>Reductions ({@link Reduction}): {@code BATCH} (the default) takes one group of all pixels of all n images, as
 * seed 004 flattens the batch and MONAI does with {@code batch=True}: {@code L = ℓ(batch)}, and every image is
 * attributed L. {@code IMAGE} takes one group per image and averages, MONAI's {@code batch=False}:
 * {@code L = (1/n) Σ_i ℓ(image i)}. The two agree for n = 1. Reference (MONAI's unit tests): logits
 * {@code [[1, −1], [−1, 1]]} against {@code [[1, 0], [1, 1]]} as one 2×2 image with {@code s_nr = s_dr = 1e−6}
 * give 0.307576, with {@code squaredPred} 0.178337 and with {@code jaccard} 0.470451.
 *
 * <p>Options: {@code smoothNr}, {@code smoothDr} (finite and &ge; 0; {@code loss.smooth} sets both, default 1; with
 * {@code smoothDr = 0} a group with no predicted and no true pixels gives NaN, as in MONAI); {@code reduction}
 * (default BATCH); {@code squaredPred} and {@code jaccard} (default false). Constructors throw
 * {@link IllegalArgumentException} on values outside these ranges.
 */
public final class DiceLoss extends SegmentationLoss {
    private static final long serialVersionUID = 1L;
    /** Seed 004's smoothing, {@code loss.smooth}'s default. */
    public static final double DEFAULT_SMOOTH = 1.0;

    /** How the pixels of a minibatch are grouped into Dice terms. */
    public enum Reduction {
        /** One Dice of all pixels of the minibatch (seed 004; MONAI {@code batch=True}). */
        BATCH,
        /** The Dice of each image, averaged over the images (MONAI {@code batch=False}). */
        IMAGE;

        /**
         * The reduction named in configuration: {@code batch} or {@code image}.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Reduction of(String name) {
            for (Reduction r : values()) {
                if (r.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown Dice reduction '" + name + "'; known: batch, image");
        }
    }

    @JsonProperty("smoothNr")
    private final double smoothNr;
    @JsonProperty("smoothDr")
    private final double smoothDr;
    @JsonProperty("reduction")
    private final Reduction reduction;
    @JsonProperty("squaredPred")
    private final boolean squaredPred;
    @JsonProperty("jaccard")
    private final boolean jaccard;

    /** Seed 004's Dice: smoothing 1 in numerator and denominator, batch reduction. */
    public DiceLoss(long pixelsPerImage) {
        this(pixelsPerImage, DEFAULT_SMOOTH, DEFAULT_SMOOTH, Reduction.BATCH, false, false);
    }

    /**
     * @param pixelsPerImage h·w of the output mask
     * @param smoothNr       s_nr, added to the numerator
     * @param smoothDr       s_dr, added to the denominator
     * @param reduction      BATCH or IMAGE
     * @param squaredPred    square p and g in the denominator sums
     * @param jaccard        the soft Jaccard (IoU) form
     */
    public DiceLoss(long pixelsPerImage, double smoothNr, double smoothDr, Reduction reduction, boolean squaredPred,
                    boolean jaccard) {
        super(pixelsPerImage);
        checkSmooth("smoothNr", smoothNr);
        checkSmooth("smoothDr", smoothDr);
        this.smoothNr = smoothNr;
        this.smoothDr = smoothDr;
        this.reduction = Objects.requireNonNull(reduction, "reduction");
        this.squaredPred = squaredPred;
        this.jaccard = jaccard;
    }

    /** JSON binding (DL4J model configurations): absent options take their defaults. */
    @JsonCreator
    private static DiceLoss fromJson(@JsonProperty("pixelsPerImage") long pixelsPerImage,
                                     @JsonProperty("smoothNr") Double smoothNr,
                                     @JsonProperty("smoothDr") Double smoothDr,
                                     @JsonProperty("reduction") Reduction reduction,
                                     @JsonProperty("squaredPred") Boolean squaredPred,
                                     @JsonProperty("jaccard") Boolean jaccard) {
        return new DiceLoss(pixelsPerImage, smoothNr == null ? DEFAULT_SMOOTH : smoothNr,
                smoothDr == null ? DEFAULT_SMOOTH : smoothDr, reduction == null ? Reduction.BATCH : reduction,
                Boolean.TRUE.equals(squaredPred), Boolean.TRUE.equals(jaccard));
    }

    public double getSmoothNr() {
        return smoothNr;
    }

    public double getSmoothDr() {
        return smoothDr;
    }

    public Reduction getReduction() {
        return reduction;
    }

    public boolean isSquaredPred() {
        return squaredPred;
    }

    public boolean isJaccard() {
        return jaccard;
    }

    @Override
    Value value(Images images, boolean withGradient) {
        long n = images.n();
        INDArray p = sigmoid(images.z());
        INDArray a = images.masked(p);
        INDArray b = images.masked(images.y());
        if (reduction == Reduction.BATCH) {
            a = a.reshape('c', 1, a.length());
            b = b.reshape('c', 1, b.length());
        }
        Terms terms = softDice(a, b, smoothNr, smoothDr, squaredPred, jaccard, withGradient);
        double loss;
        INDArray perImage;
        if (reduction == Reduction.BATCH) {
            loss = terms.loss().getDouble(0);
            perImage = Nd4j.valueArrayOf(new long[]{n, 1}, loss, p.dataType());
        } else {
            perImage = terms.loss();
            loss = perImage.meanNumber().doubleValue();
        }
        INDArray gradient = null;
        if (withGradient) {
            // ∂L/∂a, then ∂a/∂z = m · σ'(z); IMAGE averages over the n images
            INDArray dLda = terms.gradA().reshape('c', n, images.pixels());
            if (reduction == Reduction.IMAGE) {
                dLda.divi(n);
            }
            gradient = images.maskInPlace(dLda.muli(sigmoidDerivative(images.z())));
        }
        return new Value(loss, perImage, gradient);
    }

    /**
     * The soft Dice terms of a grouping.
     *
     * @param loss  {@code [G, 1]}: ℓ of each group (row)
     * @param gradA {@code [G, m]}: ∂ℓ_row/∂a, or null when not asked for
     */
    record Terms(INDArray loss, INDArray gradA) {
    }

    /**
     * The soft Dice loss of each row of {@code a} (predictions, already masked) against the same row of {@code b}
     * (targets, already masked), and its gradient with respect to {@code a}; see the class Javadoc for the formula.
     */
    static Terms softDice(INDArray a, INDArray b, double smoothNr, double smoothDr, boolean squared, boolean jaccard,
                          boolean withGradient) {
        INDArray intersection = a.mul(b).sum(true, 1);
        INDArray predSum = (squared ? a.mul(a) : a).sum(true, 1);
        INDArray truthSum = (squared ? b.mul(b) : b).sum(true, 1);
        INDArray numerator = intersection.mul(2.0).addi(smoothNr);
        INDArray denominator = predSum.add(truthSum);
        if (jaccard) {
            denominator.subi(intersection).muli(2.0);
        }
        denominator.addi(smoothDr);
        INDArray loss = numerator.div(denominator).rsubi(1.0);
        if (!withGradient) {
            return new Terms(loss, null);
        }
        // ∂ℓ/∂a = −N'/D + N·D'/D²,  N' = 2b,  D' = k·a^{k−1} (dice) or 2·(k·a^{k−1} − b) (jaccard)
        INDArray dDenominator = squared ? a.mul(2.0) : Nd4j.onesLike(a);
        if (jaccard) {
            dDenominator.subi(b).muli(2.0);
        }
        INDArray ratio = numerator.div(denominator.mul(denominator));
        INDArray gradA = dDenominator.muliColumnVector(ratio).subi(b.mulColumnVector(denominator.rdiv(2.0)));
        return new Terms(loss, gradA);
    }

    static void checkSmooth(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiceLoss other && getPixelsPerImage() == other.getPixelsPerImage()
                && Double.compare(smoothNr, other.smoothNr) == 0 && Double.compare(smoothDr, other.smoothDr) == 0
                && reduction == other.reduction && squaredPred == other.squaredPred && jaccard == other.jaccard;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getPixelsPerImage(), smoothNr, smoothDr, reduction, squaredPred, jaccard);
    }

    @Override
    public String toString() {
        return "DiceLoss(pixelsPerImage=" + getPixelsPerImage() + ", smoothNr=" + smoothNr + ", smoothDr=" + smoothDr
                + ", reduction=" + reduction + ", squaredPred=" + squaredPred + ", jaccard=" + jaccard + ")";
    }
}
