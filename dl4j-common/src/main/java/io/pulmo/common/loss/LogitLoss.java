package io.pulmo.common.loss;

import java.util.Arrays;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Shared machinery of the element-wise losses that read the logits {@code z} (the output layer's pre-activation)
 * rather than the probabilities {@code σ(z)}: input checks, per-output weights, masks and DL4J's reductions.
 *
 * <p>Layout: {@code labels} and {@code preOutput} are {@code [N, K]} (N examples × K outputs, as a DL4J
 * {@code OutputLayer} hands them over); an element's loss {@code ℓ(z, y)} depends on that element only.
 * With optional per-output weights {@code w_k} and mask {@code m} ({@code [N, 1]} per example or {@code [N, K]} per
 * output), the reductions are
 * <pre>
 *   scoreArray[n] = (1/K) · Σ_k m_nk · w_k · ℓ(z_nk, y_nk)           (computeScoreArray, [N, 1])
 *   score         = Σ_n scoreArray[n]   (÷ N when average)            (computeScore)
 *   gradient_nk   = ∂ score(average = false) / ∂ z_nk                  (computeGradient)
 * </pre>
 * so with {@code average} the score is the mean over all N·K elements, i.e. PyTorch's and MONAI's
 * {@code reduction="mean"}. DL4J's own losses sum over K instead of averaging; for the usual binary head (K = 1) the
 * two agree. Masked elements contribute zero and do not change the divisor K (as in DL4J's losses). DL4J divides
 * the summed gradient by the minibatch size itself, so the gradient here is that of the un-averaged score.
 *
 * <p>The output activation must be {@code SIGMOID} (the network then outputs probabilities) or {@code IDENTITY}
 * (it outputs logits); either way the loss computes from {@code z} in a numerically stable form and returns
 * {@code ∂L/∂z} directly, never through the activation's backprop.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract sealed class LogitLoss implements ILossFunction permits BceWithLogitsLoss, FocalLoss {
    private static final long serialVersionUID = 1L;
    /** Below this {@link #log1p(INDArray)} uses its series; above it 1 + t is not 1 even in float. */
    static final double SERIES_LIMIT = 1e-4;

    @JsonProperty("weights")
    private final double[] weights;

    LogitLoss(double[] weights) {
        if (weights != null) {
            if (weights.length == 0) {
                throw new IllegalArgumentException("weights must have one entry per output, got an empty array");
            }
            for (int k = 0; k < weights.length; k++) {
                if (!(weights[k] >= 0) || Double.isInfinite(weights[k])) {
                    throw new IllegalArgumentException("weights[" + k + "] must be finite and >= 0, got " + weights[k]);
                }
            }
        }
        this.weights = weights == null ? null : weights.clone();
    }

    /** Per-output weights {@code w_k} (a copy), or null for none. */
    public double[] getWeights() {
        return weights == null ? null : weights.clone();
    }

    /** The loss of every element, {@code ℓ(z, y)}, as a new array shaped like {@code z}. */
    abstract INDArray elementLoss(INDArray z, INDArray y);

    /** {@code ∂ℓ/∂z} for every element, as a new array shaped like {@code z}. */
    abstract INDArray elementGradient(INDArray z, INDArray y);

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        INDArray scoreArr = weightedMaskedLoss(labels, preOutput, activationFn, mask);
        double score = scoreArr.sumNumber().doubleValue() / scoreArr.size(1);
        return average ? score / scoreArr.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray scoreArr = weightedMaskedLoss(labels, preOutput, activationFn, mask);
        return scoreArr.sum(true, 1).divi(scoreArr.size(1));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray y = checkedLabels(labels, preOutput, activationFn);
        INDArray grad = elementGradient(preOutput, y);
        applyWeightsAndMask(grad, mask);
        return grad.divi(grad.size(1));
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return toString();
    }

    private INDArray weightedMaskedLoss(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray y = checkedLabels(labels, preOutput, activationFn);
        INDArray loss = elementLoss(preOutput, y);
        applyWeightsAndMask(loss, mask);
        return loss;
    }

    private void applyWeightsAndMask(INDArray perElement, INDArray mask) {
        if (weights != null) {
            perElement.muliRowVector(Nd4j.createFromArray(weights).castTo(perElement.dataType()));
        }
        if (mask != null) {
            LossUtil.applyMask(perElement, mask);
        }
    }

    /** Checks activation and shapes; returns the labels in the logits' data type. */
    private INDArray checkedLabels(INDArray labels, INDArray preOutput, IActivation activationFn) {
        if (!(activationFn instanceof ActivationSigmoid || activationFn instanceof ActivationIdentity)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " computes from the logits and needs a "
                    + "SIGMOID or IDENTITY output activation, got " + activationFn);
        }
        if (preOutput.rank() != 2 || !Arrays.equals(labels.shape(), preOutput.shape())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": labels and preOutput must both be "
                    + "[N, K], got labels " + Arrays.toString(labels.shape()) + " and preOutput "
                    + Arrays.toString(preOutput.shape()));
        }
        if (weights != null && weights.length != preOutput.size(1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": weights has " + weights.length
                    + " entries but the layer has " + preOutput.size(1) + " outputs");
        }
        return labels.castTo(preOutput.dataType());
    }

    /** {@code softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^{−|x|})}, exact for any x; a new array. */
    static INDArray softplus(INDArray x) {
        INDArray tail = log1p(Transforms.exp(Transforms.abs(x, true).negi(), false));
        return Transforms.relu(x, true).addi(tail);
    }

    /**
     * {@code log(1 + t)} for {@code t ∈ [0, 1]} to full precision; a new array. ND4J's {@code Log1p} op evaluates
     * {@code log(1 + t)} literally, which loses every digit once {@code t} nears the machine epsilon (it gives
     * 9.348e−14 for log1p(e^−30) = 9.3576e−14, and a constant, so a zero gradient, below that). Here: the series
     * {@code t − t²/2 + t³/3 − t⁴/4} below {@value #SERIES_LIMIT} (truncation error &lt; t⁴/5, under 1e−16
     * relative), else Goldberg's {@code log(u) · t / (u − 1)} with {@code u = 1 + t}, exact to a few ulps in float
     * and double (D. Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991).
     */
    static INDArray log1p(INDArray t) {
        INDArray clamped = Transforms.max(t, SERIES_LIMIT, true);
        INDArray u = clamped.add(1.0);
        INDArray goldberg = Transforms.log(u, true).muli(clamped).divi(u.subi(1.0));
        INDArray series = t.mul(-0.25).addi(1.0 / 3).muli(t).rsubi(0.5).muli(t).rsubi(1.0).muli(t);
        INDArray small = t.lt(SERIES_LIMIT).castTo(t.dataType());
        return goldberg.muli(small.rsub(1.0)).addi(series.muli(small)); // a select: one factor is 0, the other 1
    }

    /** {@code σ(x)}; a new array. */
    static INDArray sigmoid(INDArray x) {
        return Transforms.sigmoid(x, true);
    }

    boolean sameWeights(LogitLoss other) {
        return Arrays.equals(weights, other.weights);
    }

    int weightsHash() {
        return Arrays.hashCode(weights);
    }

    String weightsSuffix() {
        return weights == null ? "" : ", weights=" + Arrays.toString(weights);
    }
}
