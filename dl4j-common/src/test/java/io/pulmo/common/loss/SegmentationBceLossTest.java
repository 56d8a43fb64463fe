package io.pulmo.common.loss;

import static io.pulmo.common.loss.SegmentationLossTestSupport.column;
import static io.pulmo.common.loss.SegmentationLossTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;

class SegmentationBceLossTest {
    private static final IActivation SIGMOID = new ActivationSigmoid();
    private static final IActivation IDENTITY = new ActivationIdentity();

    /**
     * Two images of 2 pixels, logits [0, 2 | −1, 0.5], targets [1, 0 | 0, 1], pos_weight 3. By hand, with
     * softplus(x) = log(1 + e^x): 3·log 2, 2 + log(1 + e^−2), log(1 + e^−1), 3·log(1 + e^−0.5); PyTorch's mean is
     * their sum over 4.
     */
    @Test
    void isTheMeanOverAllPixelsOfAllImages() {
        INDArray z = column(0, 2, -1, 0.5);
        INDArray y = column(1, 0, 0, 1);
        double[] terms = {3 * Math.log(2), 2 + Math.log1p(Math.exp(-2)), Math.log1p(Math.exp(-1)),
                3 * Math.log1p(Math.exp(-0.5))};
        double mean = (terms[0] + terms[1] + terms[2] + terms[3]) / 4;
        assertThat(mean).isCloseTo(1.4854655481953378, within(1e-15));
        SegmentationBceLoss loss = new SegmentationBceLoss(2, 3.0);
        for (IActivation activation : new IActivation[]{SIGMOID, IDENTITY}) {
            assertThat(loss.computeScore(y, z, activation, null, true)).isCloseTo(mean, within(1e-14));
            // CnnLossLayer divides the un-averaged score by n = 2 images
            assertThat(loss.computeScore(y, z, activation, null, false) / 2).isCloseTo(mean, within(1e-14));
        }
        INDArray scoreArray = loss.computeScoreArray(y, z, SIGMOID, null);
        assertThat(rows(scoreArray, 0, 2).sumNumber().doubleValue()).isCloseTo((terms[0] + terms[1]) / 2, within(1e-14));
        assertThat(rows(scoreArray, 2, 2).sumNumber().doubleValue()).isCloseTo((terms[2] + terms[3]) / 2, within(1e-14));
    }

    /** Without the pixelsPerImage correction, BceWithLogitsLoss in a CnnLossLayer would report h·w times the mean. */
    @Test
    void equalsBceWithLogitsLossDividedByThePixelsPerImage() {
        INDArray z = LossTestSupport.logits(48, 1, 3);
        INDArray y = LossTestSupport.targets(48, 1, 4, true);
        BceWithLogitsLoss plain = new BceWithLogitsLoss(1.7);
        SegmentationBceLoss loss = new SegmentationBceLoss(16, 1.7);
        assertThat(loss.computeScore(y, z, SIGMOID, null, false))
                .isCloseTo(plain.computeScore(y, z, SIGMOID, null, false) / 16, within(1e-12));
        assertThat(loss.computeGradient(y, z, SIGMOID, null))
                .isEqualTo(plain.computeGradient(y, z, SIGMOID, null).divi(16));
        assertThat(loss.computeScore(y, z, SIGMOID, null, true))
                .isCloseTo(plain.computeScore(y, z, SIGMOID, null, true), within(1e-12));
    }

    @Test
    void masksPixelsWithoutChangingTheDivisor() {
        INDArray z = column(0, 2, -1, 0.5);
        INDArray y = column(1, 0, 0, 1);
        INDArray mask = column(1, 0, 1, 1);
        double expected = (Math.log(2) + Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(-0.5))) / 4;
        SegmentationBceLoss loss = new SegmentationBceLoss(2);
        assertThat(loss.computeScore(y, z, SIGMOID, mask, true)).isCloseTo(expected, within(1e-14));
        assertThat(loss.computeGradient(y, z, SIGMOID, mask).getDouble(1, 0)).isZero();
    }

    @Test
    void gradientMatchesFiniteDifferencesIncludingLargeLogits() {
        INDArray z = LossTestSupport.logits(24, 1, 11); // every fifth logit is ±30
        INDArray mask = SegmentationLossTestSupport.mask(24, 13);
        for (boolean soft : new boolean[]{false, true}) {
            INDArray y = LossTestSupport.targets(24, 1, 12, soft);
            for (SegmentationBceLoss loss : new SegmentationBceLoss[]{new SegmentationBceLoss(8),
                    new SegmentationBceLoss(6, 2.9)}) {
                for (IActivation activation : new IActivation[]{SIGMOID, IDENTITY}) {
                    for (INDArray m : new INDArray[]{null, mask}) {
                        assertThat(LossTestSupport.maxGradientError(loss, y, z, activation, m))
                                .as("%s soft=%s %s", loss, soft, activation).isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
                    }
                }
            }
        }
        INDArray moderate = SegmentationLossTestSupport.logits(12, 14);
        INDArray y = LossTestSupport.targets(12, 1, 15, false);
        assertThat(LossTestSupport.maxGradientErrorWholeScore(new SegmentationBceLoss(4, 0.5), y, moderate, SIGMOID,
                null)).isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> new SegmentationBceLoss(4, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("posWeight");
        assertThatThrownBy(() -> new SegmentationBceLoss(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixelsPerImage");
    }
}
