package io.pulmo.common.loss;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Shared machinery of the binary segmentation losses used in a DL4J {@code CnnLossLayer} on a network whose last
 * convolution outputs one channel of logits {@code z} per pixel: layout, scaling, masks and input checks.
 *
 * <h2>Layout</h2>
 * {@code CnnLossLayer} permutes its {@code [n, 1, h, w]} (NCHW) input to NHWC and hands the loss a 2-D view
 * {@code [n·h·w, 1]} in which the {@code h·w} rows of image i are contiguous (rows {@code i·h·w … (i+1)·h·w − 1}).
 * The loss cannot see h and w, so it is constructed with {@code pixelsPerImage = h·w} and recovers
 * {@code n = rows / pixelsPerImage}; it sees the images as {@code [n, h·w]}.
 *
 * <h2>Scaling</h2>
 * {@code CnnLossLayer.computeScore} calls {@code computeScore(…, average = false)} and divides the result by n; the
 * updater later divides the gradient of {@code computeGradient} by n too. Every subclass defines a loss {@code L}
 * of the whole minibatch, equal to the PyTorch/MONAI value, and this class returns
 * <pre>
 *   computeScore(average = false) = n · L          (so the score DL4J reports is L)
 *   computeScore(average = true)  = L
 *   computeGradient               = n · ∂L/∂z      (so the applied gradient is ∂L/∂z)
 *   computeScoreArray             = [n·h·w, 1], each row of image i holding ℓ_i / (h·w)
 * </pre>
 * where {@code ℓ_i} is the loss attributed to image i, chosen so that {@code mean_i ℓ_i = L}. DL4J's
 * {@code CnnLossLayer.computeScoreForExamples} sums each image's rows, so per-example scores are the {@code ℓ_i}.
 *
 * <h2>Activation and masks</h2>
 * The layer's activation must be {@code SIGMOID} (the network outputs probabilities) or {@code IDENTITY} (it outputs
 * logits). Either way the loss reads the pre-activation {@code z}, computes {@code p = σ(z)} itself and returns
 * {@code ∂/∂z} directly, never through the activation's backprop. An optional mask {@code [n·h·w, 1]} (as
 * {@code CnnLossLayer} reshapes per-pixel or per-example masks) removes pixels: their terms vanish from every sum
 * and their gradient is 0. The compute methods throw {@link IllegalArgumentException} for another activation, labels
 * not shaped like the {@code [rows, 1]} logits, or a row count that is not a multiple of {@code pixelsPerImage}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract sealed class SegmentationLoss implements ILossFunction
        permits SegmentationBceLoss, DiceLoss, BceDiceLoss, LunaDiceLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("pixelsPerImage")
    private final long pixelsPerImage;

    SegmentationLoss(long pixelsPerImage) {
        if (pixelsPerImage <= 0) {
            throw new IllegalArgumentException("pixelsPerImage (h·w of the output mask) must be > 0, got "
                    + pixelsPerImage);
        }
        this.pixelsPerImage = pixelsPerImage;
    }

    /** {@code h·w} of the network's output mask: the number of rows of each image in the 2-D view. */
    public long getPixelsPerImage() {
        return pixelsPerImage;
    }

    /**
     * The minibatch as {@code [n, h·w]} arrays in the logits' data type.
     *
     * @param z    logits
     * @param y    targets in [0, 1]
     * @param mask 1 for kept pixels, 0 for removed ones; null when nothing is masked
     */
    record Images(INDArray z, INDArray y, INDArray mask) {
        long n() {
            return z.size(0);
        }

        long pixels() {
            return z.size(1);
        }

        /** {@code x · mask} as a new array ({@code x} itself when there is no mask). */
        INDArray masked(INDArray x) {
            return mask == null ? x : x.mul(mask);
        }

        /** Multiplies {@code x} in place by the mask and returns it. */
        INDArray maskInPlace(INDArray x) {
            return mask == null ? x : x.muli(mask);
        }
    }

    /**
     * The loss of one minibatch.
     *
     * @param loss     L, the PyTorch/MONAI value of the minibatch
     * @param perImage {@code [n, 1]}: the loss attributed to each image, with mean L
     * @param gradient {@code [n, h·w]}: ∂L/∂z, or null when not asked for
     */
    record Value(double loss, INDArray perImage, INDArray gradient) {
    }

    /** Computes L, the per-image losses and, when {@code withGradient}, ∂L/∂z. */
    abstract Value value(Images images, boolean withGradient);

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        Images images = images(labels, preOutput, activationFn, mask);
        double loss = value(images, false).loss();
        return average ? loss : loss * images.n();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Images images = images(labels, preOutput, activationFn, mask);
        INDArray perImage = value(images, false).perImage();
        INDArray rows = Nd4j.zeros(preOutput.dataType(), images.n(), images.pixels());
        rows.addiColumnVector(perImage.div(pixelsPerImage));
        return rows.reshape('c', preOutput.size(0), 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Images images = images(labels, preOutput, activationFn, mask);
        return unaveragedGradient(images, value(images, true), preOutput);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        Images images = images(labels, preOutput, activationFn, mask);
        Value value = value(images, true);
        double score = average ? value.loss() : value.loss() * images.n();
        return new Pair<>(score, unaveragedGradient(images, value, preOutput));
    }

    @Override
    public String name() {
        return toString();
    }

    private static INDArray unaveragedGradient(Images images, Value value, INDArray preOutput) {
        return value.gradient().muli(images.n()).reshape('c', preOutput.size(0), 1);
    }

    /** Checks activation and shapes and views the minibatch as {@code [n, h·w]}. */
    private Images images(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        String name = getClass().getSimpleName();
        if (!(activationFn instanceof ActivationSigmoid || activationFn instanceof ActivationIdentity)) {
            throw new IllegalArgumentException(name + " computes from the logits and needs a SIGMOID or IDENTITY "
                    + "output activation, got " + activationFn);
        }
        if (preOutput.rank() != 2 || preOutput.size(1) != 1 || !Arrays.equals(labels.shape(), preOutput.shape())) {
            throw new IllegalArgumentException(name + ": labels and preOutput must both be [n·h·w, 1] (one output "
                    + "channel), got labels " + Arrays.toString(labels.shape()) + " and preOutput "
                    + Arrays.toString(preOutput.shape()));
        }
        long rows = preOutput.size(0);
        if (rows == 0 || rows % pixelsPerImage != 0) {
            throw new IllegalArgumentException(name + ": " + rows + " rows are not a whole number of images of "
                    + pixelsPerImage + " pixels (pixelsPerImage must be h·w of the output mask)");
        }
        if (mask != null && (mask.length() != rows)) {
            throw new IllegalArgumentException(name + ": the mask must be [n·h·w, 1] like preOutput, got "
                    + Arrays.toString(mask.shape()));
        }
        long n = rows / pixelsPerImage;
        INDArray z = preOutput.dup('c').reshape('c', n, pixelsPerImage);
        INDArray y = labels.castTo(preOutput.dataType()).dup('c').reshape('c', n, pixelsPerImage);
        INDArray m = mask == null ? null : mask.castTo(preOutput.dataType()).dup('c').reshape('c', n, pixelsPerImage);
        return new Images(z, y, m);
    }

    /** {@code σ(z)}; a new array. */
    static INDArray sigmoid(INDArray z) {
        return LogitLoss.sigmoid(z);
    }

    /** {@code dσ/dz = σ(z) · σ(−z)}, exact for large |z| (unlike {@code p · (1 − p)}); a new array. */
    static INDArray sigmoidDerivative(INDArray z) {
        return LogitLoss.sigmoid(z).muli(LogitLoss.sigmoid(z.neg()));
    }
}
