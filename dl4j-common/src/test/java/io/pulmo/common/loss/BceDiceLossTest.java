package io.pulmo.common.loss;

import static io.pulmo.common.loss.SegmentationLossTestSupport.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.loss.DiceLoss.Reduction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;

class BceDiceLossTest {
    private static final IActivation SIGMOID = new ActivationSigmoid();
    private static final IActivation IDENTITY = new ActivationIdentity();

    /**
     * MONAI's case (one 2×2 image, logits [1, −1, −1, 1] vs [1, 0, 1, 1]): three pixels are right with margin 1 and
     * one wrong, so BCE = (3·softplus(−1) + softplus(1))/4 = softplus(−1) + 1/4 (softplus(1) = 1 + softplus(−1));
     * Dice (s = 1) = 0.25631380712333174.
     */
    @Test
    void isTheWeightedSumOfBceAndDice() {
        INDArray z = column(1, -1, -1, 1);
        INDArray y = column(1, 0, 1, 1);
        double bce = Math.log1p(Math.exp(-1)) + 0.25;
        double dice = 0.25631380712333174;
        BceDiceLoss plain = new BceDiceLoss(4);
        assertThat(plain.computeScore(y, z, SIGMOID, null, true)).isCloseTo(bce + dice, within(1e-13));
        BceDiceLoss weighted = new BceDiceLoss(0.3, new SegmentationBceLoss(4), 2.0, new DiceLoss(4));
        assertThat(weighted.computeScore(y, z, IDENTITY, null, true)).isCloseTo(0.3 * bce + 2 * dice, within(1e-13));
        assertThat(new BceDiceLoss(0, new SegmentationBceLoss(4), 1, new DiceLoss(4))
                .computeScore(y, z, IDENTITY, null, true)).isCloseTo(dice, within(1e-13));
    }

    @Test
    void scoresGradientsAndScoreArraysAreThoseOfItsParts() {
        INDArray z = SegmentationLossTestSupport.logits(12, 71);
        INDArray y = LossTestSupport.targets(12, 1, 72, false);
        INDArray mask = SegmentationLossTestSupport.mask(12, 73);
        SegmentationBceLoss bce = new SegmentationBceLoss(4, 2.0);
        DiceLoss dice = new DiceLoss(4, 0.5, 0.5, Reduction.IMAGE, true, false);
        BceDiceLoss loss = new BceDiceLoss(0.7, bce, 1.3, dice);
        for (INDArray m : new INDArray[]{null, mask}) {
            assertThat(loss.computeScore(y, z, SIGMOID, m, false)).isCloseTo(
                    0.7 * bce.computeScore(y, z, SIGMOID, m, false) + 1.3 * dice.computeScore(y, z, SIGMOID, m, false),
                    within(1e-13));
            INDArray expected = bce.computeGradient(y, z, SIGMOID, m).muli(0.7)
                    .addi(dice.computeGradient(y, z, SIGMOID, m).muli(1.3));
            assertThat(loss.computeGradient(y, z, SIGMOID, m).sub(expected).amaxNumber().doubleValue())
                    .isLessThan(1e-15);
            INDArray expectedRows = bce.computeScoreArray(y, z, SIGMOID, m).muli(0.7)
                    .addi(dice.computeScoreArray(y, z, SIGMOID, m).muli(1.3));
            assertThat(loss.computeScoreArray(y, z, SIGMOID, m).sub(expectedRows).amaxNumber().doubleValue())
                    .isLessThan(1e-15);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray z = SegmentationLossTestSupport.logits(12, 81);
        INDArray mask = SegmentationLossTestSupport.mask(12, 83);
        for (boolean soft : new boolean[]{false, true}) {
            INDArray y = LossTestSupport.targets(12, 1, 82, soft);
            for (Reduction reduction : Reduction.values()) {
                for (boolean jaccard : new boolean[]{false, true}) {
                    BceDiceLoss loss = new BceDiceLoss(0.5, new SegmentationBceLoss(4, 3.0), 2.0,
                            new DiceLoss(4, 1, 1, reduction, !jaccard, jaccard));
                    for (IActivation activation : new IActivation[]{SIGMOID, IDENTITY}) {
                        for (INDArray m : new INDArray[]{null, mask}) {
                            assertThat(LossTestSupport.maxGradientErrorWholeScore(loss, y, z, activation, m))
                                    .as("%s soft=%s %s", loss, soft, activation)
                                    .isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
                        }
                    }
                }
            }
        }
    }

    @Test
    void rejectsBadWeightsAndMismatchedParts() {
        assertThatThrownBy(() -> new BceDiceLoss(0, new SegmentationBceLoss(4), 0, new DiceLoss(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both be 0");
        assertThatThrownBy(() -> new BceDiceLoss(-1, new SegmentationBceLoss(4), 1, new DiceLoss(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bceWeight");
        assertThatThrownBy(() -> new BceDiceLoss(1, new SegmentationBceLoss(4), Double.POSITIVE_INFINITY,
                new DiceLoss(4))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diceWeight");
        assertThatThrownBy(() -> new BceDiceLoss(1, new SegmentationBceLoss(4), 1, new DiceLoss(16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 and 16");
    }
}
