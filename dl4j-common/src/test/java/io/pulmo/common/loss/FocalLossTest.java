package io.pulmo.common.loss;

import static io.pulmo.common.loss.LossTestSupport.matrix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class FocalLossTest {
    private static final IActivation SIGMOID = new ActivationSigmoid();
    private static final IActivation IDENTITY = new ActivationIdentity();

    /**
     * MONAI's test case: input (1, 3, 2, 2) with logits [[1, 1], [0.5, 0]] in every channel, target the one-hot of
     * [[0, 1], [2, 0]]. As [4 pixels, 3 channels]: row = pixel (row-major), column = channel.
     */
    private static final double[][] MONAI_LOGITS_BY_PIXEL = {{1, 1, 1}, {1, 1, 1}, {0.5, 0.5, 0.5}, {0, 0, 0}};
    private static final double[][] MONAI_TARGET_BY_PIXEL = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
    /** The same tensor flattened in (C, H, W) order into one row of 12. */
    private static final double[][] MONAI_LOGITS_FLAT = {{1, 1, 0.5, 0, 1, 1, 0.5, 0, 1, 1, 0.5, 0}};
    private static final double[][] MONAI_TARGET_FLAT = {{1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0}};

    /** The textbook form −scale·α_t·(1 − p_t)^γ·log p_t, written out naively for hard targets and moderate z. */
    static double naiveFocal(double z, double y, double gamma, Double alpha, double scale) {
        double p = 1 / (1 + Math.exp(-z));
        double pt = y == 1 ? p : 1 - p;
        double alphaT = alpha == null ? 1 : (y == 1 ? alpha : 1 - alpha);
        return -scale * alphaT * Math.pow(1 - pt, gamma) * Math.log(pt);
    }

    @Test
    void reproducesMonaiReferenceInBothLayouts() {
        FocalLoss loss = new FocalLoss();
        FocalLoss balanced = new FocalLoss(2.0, 0.8);
        INDArray zPixels = matrix(MONAI_LOGITS_BY_PIXEL);
        INDArray yPixels = matrix(MONAI_TARGET_BY_PIXEL);
        INDArray zFlat = matrix(MONAI_LOGITS_FLAT);
        INDArray yFlat = matrix(MONAI_TARGET_FLAT);

        assertThat(loss.computeScore(yPixels, zPixels, SIGMOID, null, true)).isCloseTo(0.34959, within(1e-5));
        assertThat(loss.computeScore(yFlat, zFlat, SIGMOID, null, true)).isCloseTo(0.34959, within(1e-5));
        assertThat(balanced.computeScore(yPixels, zPixels, SIGMOID, null, true)).isCloseTo(0.08423, within(1e-5));
        assertThat(balanced.computeScore(yFlat, zFlat, IDENTITY, null, true)).isCloseTo(0.08423, within(1e-5));
    }

    @ParameterizedTest(name = "z={0}, y={1}, gamma={2}, alpha={3}, scale={4}")
    @CsvSource(nullValues = "null", value = {
            "0.7,  1, 2,   null, 1",
            "0.7,  0, 2,   null, 1",
            "-1.3, 1, 1.5, 0.25, 1",
            "-1.3, 0, 1.5, 0.25, 1",
            "2.2,  0, 3,   0.9,  2",
            "-4,   1, 0.5, null, 2",
            "0,    1, 0,   null, 1"
    })
    void matchesTheTextbookFormula(double z, double y, double gamma, Double alpha, double scale) {
        FocalLoss loss = new FocalLoss(gamma, alpha, scale);
        double score = loss.computeScore(matrix(new double[][]{{y}}), matrix(new double[][]{{z}}), SIGMOID, null, true);
        assertThat(score).isCloseTo(naiveFocal(z, y, gamma, alpha, scale), withinPercentage(1e-10));
    }

    @Test
    void withGammaZeroIsBceWithLogits() {
        INDArray z = LossTestSupport.logits(5, 4, 41);
        INDArray y = LossTestSupport.targets(5, 4, 42, false);
        INDArray mask = LossTestSupport.targets(5, 4, 43, false);
        FocalLoss focal = new FocalLoss(0, null);
        BceWithLogitsLoss bce = new BceWithLogitsLoss(1.0);
        assertThat(focal.computeScore(y, z, SIGMOID, null, true))
                .isCloseTo(bce.computeScore(y, z, SIGMOID, null, true), withinPercentage(1e-12));
        assertThat(focal.computeScore(y, z, SIGMOID, mask, false))
                .isCloseTo(bce.computeScore(y, z, SIGMOID, mask, false), withinPercentage(1e-12));
        assertThat(focal.computeScoreArray(y, z, SIGMOID, null)).isEqualTo(bce.computeScoreArray(y, z, SIGMOID, null));
        assertThat(focal.computeGradient(y, z, SIGMOID, null)).isEqualTo(bce.computeGradient(y, z, SIGMOID, null));
        double monaiBce = new BceWithLogitsLoss().computeScore(matrix(MONAI_TARGET_BY_PIXEL),
                matrix(MONAI_LOGITS_BY_PIXEL), SIGMOID, null, true);
        assertThat(new FocalLoss(0, null).computeScore(matrix(MONAI_TARGET_BY_PIXEL), matrix(MONAI_LOGITS_BY_PIXEL),
                SIGMOID, null, true)).isCloseTo(monaiBce, within(1e-15));
    }

    @Test
    void focusesOnHardExamples() {
        INDArray y = matrix(new double[][]{{1, 1}});
        INDArray z = matrix(new double[][]{{3, -3}});
        INDArray perExampleEasyHard = new FocalLoss().computeGradient(y, z, SIGMOID, null);
        INDArray bce = new BceWithLogitsLoss().computeGradient(y, z, SIGMOID, null);
        double focalRatio = perExampleEasyHard.getDouble(0, 1) / perExampleEasyHard.getDouble(0, 0);
        double bceRatio = bce.getDouble(0, 1) / bce.getDouble(0, 0);
        assertThat(focalRatio).isGreaterThan(10 * bceRatio);
    }

    @Test
    void gradientMatchesFiniteDifferencesIncludingLargeLogits() {
        INDArray z = LossTestSupport.logits(6, 4, 51);
        INDArray hard = LossTestSupport.targets(6, 4, 52, false);
        INDArray soft = LossTestSupport.targets(6, 4, 53, true);
        FocalLoss[] losses = {new FocalLoss(), new FocalLoss(0, null), new FocalLoss(0.5, 0.25),
                new FocalLoss(1.5, 0.8, 2.0), new FocalLoss(3, 0.0, 1.0, new double[]{1, 0.5, 2, 0})};
        for (FocalLoss loss : losses) {
            for (INDArray y : new INDArray[]{hard, soft}) {
                for (IActivation activation : new IActivation[]{SIGMOID, IDENTITY}) {
                    assertThat(LossTestSupport.maxGradientError(loss, y, z, activation, null))
                            .as("%s %s", loss, activation).isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
                }
            }
        }
        INDArray moderate = LossTestSupport.uniform(3, 3, 54, -4, 4);
        assertThat(LossTestSupport.maxGradientErrorWholeScore(new FocalLoss(2, 0.25, 2.0),
                LossTestSupport.targets(3, 3, 55, false), moderate, SIGMOID, null))
                .isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
    }

    @Test
    void honoursMasks() {
        INDArray z = LossTestSupport.logits(4, 3, 61);
        INDArray y = LossTestSupport.targets(4, 3, 62, false);
        FocalLoss loss = new FocalLoss(2, 0.25);
        INDArray perExample = matrix(new double[][]{{0}, {1}, {1}, {0}});
        INDArray perOutput = matrix(new double[][]{{1, 0, 1}, {0, 1, 1}, {1, 1, 0}, {0, 0, 1}});
        double perExampleExpected = 0;
        double perOutputExpected = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                double term = loss.computeScore(y.getScalar(i, j).reshape(1, 1), z.getScalar(i, j).reshape(1, 1),
                        SIGMOID, null, false) / 3;
                perExampleExpected += perExample.getDouble(i, 0) * term;
                perOutputExpected += perOutput.getDouble(i, j) * term;
            }
        }
        assertThat(loss.computeScore(y, z, SIGMOID, perExample, false)).isCloseTo(perExampleExpected, within(1e-12));
        assertThat(loss.computeScore(y, z, SIGMOID, perOutput, false)).isCloseTo(perOutputExpected, within(1e-12));
        assertThat(loss.computeGradient(y, z, SIGMOID, perOutput).mul(perOutput.rsub(1)).amaxNumber().doubleValue())
                .isZero();
        assertThat(loss.computeGradient(y, z, SIGMOID, perExample).getRow(3).amaxNumber().doubleValue()).isZero();
        assertThat(LossTestSupport.maxGradientError(loss, y, z, SIGMOID, perOutput))
                .isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
    }

    @Test
    void scoreThroughAnOutputLayerEqualsTheLossOfItsOutput() {
        double gamma = 2;
        double alpha = 0.25;
        double scale = 2;
        ComputationGraph graph = LossTestSupport.graph(new FocalLoss(gamma, alpha, scale), 4, 3);
        INDArray x = LossTestSupport.uniform(5, 4, 71, -2, 2);
        INDArray y = LossTestSupport.targets(5, 3, 72, false);
        INDArray mask = matrix(new double[][]{{1, 1, 1}, {1, 0, 1}, {0, 0, 0}, {1, 1, 0}, {1, 1, 1}});
        INDArray p = graph.outputSingle(x);
        double all = 0;
        double kept = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                double pij = p.getDouble(i, j);
                double yij = y.getDouble(i, j);
                double pt = yij == 1 ? pij : 1 - pij;
                double term = -scale * (yij == 1 ? alpha : 1 - alpha) * Math.pow(1 - pt, gamma) * Math.log(pt);
                all += term;
                kept += mask.getDouble(i, j) * term;
            }
        }
        assertThat(graph.score(new DataSet(x, y))).isCloseTo(all / 15, within(1e-12));
        // masked elements add nothing; the mean still divides by N·K, as DL4J's losses do
        assertThat(graph.score(new DataSet(x, y, null, mask))).isCloseTo(kept / 15, within(1e-12));
    }

    @Test
    void survivesAModelSerializerRoundTrip(@TempDir Path dir) {
        for (FocalLoss loss : new FocalLoss[]{new FocalLoss(), new FocalLoss(1.5, 0.8, 2.0, new double[]{1, 3})}) {
            ComputationGraph graph = LossTestSupport.graph(loss, 3, 2);
            assertThat(graph.getConfiguration().toJson()).contains(FocalLoss.class.getName(), "gamma", "scale");

            ComputationGraph restored = LossTestSupport.roundTrip(graph, dir.resolve("focal.zip").toFile());

            assertThat(LossTestSupport.lossOf(restored)).isEqualTo(loss).hasSameHashCodeAs(loss).isNotSameAs(loss);
            INDArray x = LossTestSupport.uniform(4, 3, 81, -1, 1);
            INDArray y = matrix(new double[][]{{1, 0}, {0, 1}, {1, 1}, {0, 0}});
            assertThat(restored.outputSingle(x)).isEqualTo(graph.outputSingle(x));
            assertThat(restored.score(new DataSet(x, y))).isEqualTo(graph.score(new DataSet(x, y)));
        }
    }

    @Test
    void readsJsonWithDefaultsForAbsentOptions() throws Exception {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        ILossFunction read = mapper.readValue("{\"@class\": \"" + FocalLoss.class.getName() + "\", \"alpha\": 0.25}",
                ILossFunction.class);
        assertThat(read).isEqualTo(new FocalLoss(2.0, 0.25));
        FocalLoss full = new FocalLoss(1.5, null, 2.0, new double[]{1, 2});
        assertThat(mapper.readValue(mapper.writeValueAsString(full), ILossFunction.class)).isEqualTo(full);
        assertThatThrownBy(() -> mapper.readValue("{\"@class\": \"" + FocalLoss.class.getName() + "\", \"alpha\": 3}",
                ILossFunction.class)).hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadOptionsAndActivations() {
        assertThatThrownBy(() -> new FocalLoss(-1, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new FocalLoss(2, 2.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha").hasMessageContaining("2.0");
        assertThatThrownBy(() -> new FocalLoss(2, null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> new FocalLoss().computeGradient(matrix(new double[][]{{1}}),
                matrix(new double[][]{{0.3}}), new ActivationTanH(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FocalLoss");
    }
}
