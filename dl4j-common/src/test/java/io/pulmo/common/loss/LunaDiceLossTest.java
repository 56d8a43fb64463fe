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

class LunaDiceLossTest {
    private static final IActivation SIGMOID = new ActivationSigmoid();
    private static final IActivation IDENTITY = new ActivationIdentity();
    /** The book-style reference: probabilities [[0.9, 0.1], [0.8, 0.3]] … */
    private static final double[] P = {0.9, 0.1, 0.8, 0.3};
    /** … against [[1, 0], [1, 1]]. */
    private static final double[] G = {1, 0, 1, 1};

    /** The logits whose sigmoid is {@code p}: log(p / (1 − p)). */
    private static INDArray logitsOf(double... p) {
        double[] z = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            z[i] = Math.log(p[i] / (1 - p[i]));
        }
        return column(z);
    }

    /**
     * One 2×2 image, ε = 1. By hand: Σp = 2.1, Σg = 3, Σpg = 2.0 → dice(p, g) = 1 − 5/6.1 = 0.180328;
     * p·g = [0.9, 0, 0.8, 0.3], Σ(pg)·g = 2.0, Σpg = 2.0 → dice(pg, g) = 1 − 5/6 = 0.166667;
     * 0.180328 + 8 · 0.166667 = 1.513661. The book computes per sample and then takes the mean; read as 2 samples of
     * 2 pixels ([0.9, 0.1] vs [1, 0] and [0.8, 0.3] vs [1, 1]) the same numbers give 1.159069 instead, so the
     * reference is one 2×2 image (n = 1, where every reduction agrees).
     */
    @Test
    void reproducesTheReferenceValue() {
        INDArray z = logitsOf(P);
        INDArray y = column(G);
        LunaDiceLoss loss = new LunaDiceLoss(4);
        for (IActivation activation : new IActivation[]{SIGMOID, IDENTITY}) {
            assertThat(loss.computeScore(y, z, activation, null, true)).isCloseTo(1.513661202185792, within(1e-12));
            assertThat(loss.computeScore(y, z, activation, null, false)).isCloseTo(1.513661202185792, within(1e-12));
        }
        assertThat(1 - 5 / 6.1 + 8 * (1 - 5 / 6.0)).isCloseTo(1.513661, within(1e-6));
        assertThat(new LunaDiceLoss(4, 1, 0).computeScore(y, z, SIGMOID, null, true))
                .isCloseTo(1 - 5 / 6.1, within(1e-12));

        double twoSamples = ((1 - 2.8 / 3) + 8 * (1 - 2.8 / 2.9) + 9 * (1 - 3.2 / 4.1)) / 2;
        assertThat(twoSamples).isCloseTo(1.1590692458648721, within(1e-12));
        assertThat(new LunaDiceLoss(2).computeScore(y, z, SIGMOID, null, true)).isCloseTo(twoSamples, within(1e-12));
    }

    /** Several images: the mean of the one-image losses; each image's score-array rows add up to its loss. */
    @Test
    void averagesThePerImageLosses() {
        INDArray z = SegmentationLossTestSupport.logits(12, 91);
        INDArray y = LossTestSupport.targets(12, 1, 92, false);
        LunaDiceLoss loss = new LunaDiceLoss(4, 0.5, 3);
        double[] single = new double[3];
        for (int i = 0; i < 3; i++) {
            single[i] = loss.computeScore(rows(y, 4 * i, 4), rows(z, 4 * i, 4), SIGMOID, null, true);
        }
        double mean = (single[0] + single[1] + single[2]) / 3;
        assertThat(loss.computeScore(y, z, SIGMOID, null, true)).isCloseTo(mean, within(1e-14));
        assertThat(loss.computeScore(y, z, SIGMOID, null, false)).isCloseTo(3 * mean, within(1e-13));
        INDArray scoreArray = loss.computeScoreArray(y, z, SIGMOID, null);
        for (int i = 0; i < 3; i++) {
            assertThat(rows(scoreArray, 4 * i, 4).sumNumber().doubleValue()).isCloseTo(single[i], within(1e-14));
        }
        INDArray mask = column(1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1);
        // image 0 keeps pixels 0, 1, 3; image 1 all; image 2 pixels 10, 11: each scored alone, then the mean
        double masked = (new LunaDiceLoss(3, 0.5, 3).computeScore(column(y.getDouble(0), y.getDouble(1),
                y.getDouble(3)), column(z.getDouble(0), z.getDouble(1), z.getDouble(3)), SIGMOID, null, true)
                + single[1]
                + new LunaDiceLoss(2, 0.5, 3).computeScore(rows(y, 10, 2), rows(z, 10, 2), SIGMOID, null, true)) / 3;
        assertThat(loss.computeScore(y, z, SIGMOID, mask, true)).isCloseTo(masked, within(1e-14));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        INDArray z = SegmentationLossTestSupport.logits(12, 101);
        INDArray mask = SegmentationLossTestSupport.mask(12, 103);
        for (boolean soft : new boolean[]{false, true}) {
            INDArray y = LossTestSupport.targets(12, 1, 102, soft);
            for (LunaDiceLoss loss : new LunaDiceLoss[]{new LunaDiceLoss(4), new LunaDiceLoss(6, 1e-3, 2.5),
                    new LunaDiceLoss(12, 2, 0)}) {
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

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> new LunaDiceLoss(4, -0.1, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new LunaDiceLoss(4, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fnWeight");
    }
}
