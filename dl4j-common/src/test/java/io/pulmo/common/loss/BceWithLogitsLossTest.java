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
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class BceWithLogitsLossTest {
    private static final IActivation SIGMOID = new ActivationSigmoid();
    private static final IActivation IDENTITY = new ActivationIdentity();

    /** −[pw·y·log σ(z) + (1−y)·log(1−σ(z))] written out naively, for moderate z. */
    static double naiveBce(double z, double y, double pw) {
        double p = 1 / (1 + Math.exp(-z));
        return -(pw * y * Math.log(p) + (1 - y) * Math.log(1 - p));
    }

    @ParameterizedTest(name = "z={0}, y={1}, pw={2} -> {3}")
    @CsvSource({
            // z,  y,    pw,  expected (hand-computed closed form)
            "0,    1,    1,   0.6931471805599453",     // log 2
            "0,    0,    1,   0.6931471805599453",     // log 2
            "2,    1,    1,   0.1269280110429725",     // log(1 + e^-2)
            "2,    0,    1,   2.1269280110429727",     // 2 + log(1 + e^-2)
            "-1,   0,    1,   0.31326168751822286",    // log(1 + e^-1)
            "0.5,  1,    3,   1.42223095254032",       // 3·log(1 + e^-0.5)
            "0.5,  0,    3,   0.9740769841801067",     // log(1 + e^0.5): pw leaves negatives alone
            "-3,   1,    0.2, 0.6097174703147484",     // 0.2·log(1 + e^3)
            "-2,   0.25, 2,   1.1586600138037157",     // soft target: 2·0.25·log(1+e^2) + 0.75·log(1+e^-2)
            "30,   1,    1,   9.357622968839737e-14",  // log(1 + e^-30): clipping BCE would give 1e-5
            "-30,  0,    1,   9.357622968839737e-14",
            "30,   0,    1,   30.000000000000092",
            "-100, 1,    1,   100.0"                   // e^100 overflows nothing in the stable form
    })
    void matchesHandComputedValues(double z, double y, double pw, double expected) {
        BceWithLogitsLoss loss = new BceWithLogitsLoss(pw);
        INDArray zs = matrix(new double[][]{{z}});
        INDArray ys = matrix(new double[][]{{y}});
        assertThat(loss.computeScore(ys, zs, SIGMOID, null, true)).isCloseTo(expected, withinPercentage(1e-10));
        assertThat(loss.computeScore(ys, zs, IDENTITY, null, true)).isCloseTo(expected, withinPercentage(1e-10));
    }

    @Test
    void averagesOverAllElementsLikePyTorchMeanAndWeighsOutputs() {
        INDArray z = matrix(new double[][]{{0.3, -1.2, 2.0}, {-0.7, 0.1, 1.5}});
        INDArray y = matrix(new double[][]{{1, 0, 1}, {0, 1, 1}});
        double[] w = {0.5, 2.0, 1.0};
        double pw = 1.7;
        double sum = 0;
        double[] perExample = new double[2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double term = w[j] * naiveBce(z.getDouble(i, j), y.getDouble(i, j), pw);
                sum += term;
                perExample[i] += term / 3;
            }
        }
        BceWithLogitsLoss loss = new BceWithLogitsLoss(pw, w);
        assertThat(loss.computeScore(y, z, SIGMOID, null, true)).isCloseTo(sum / 6, within(1e-12));
        assertThat(loss.computeScore(y, z, SIGMOID, null, false)).isCloseTo(sum / 3, within(1e-12));
        INDArray scoreArray = loss.computeScoreArray(y, z, SIGMOID, null);
        assertThat(scoreArray.shape()).containsExactly(2, 1);
        assertThat(scoreArray.getDouble(0, 0)).isCloseTo(perExample[0], within(1e-12));
        assertThat(scoreArray.getDouble(1, 0)).isCloseTo(perExample[1], within(1e-12));
    }

    @Test
    void gradientMatchesFiniteDifferencesIncludingLargeLogits() {
        INDArray z = LossTestSupport.logits(6, 4, 11);
        for (boolean soft : new boolean[]{false, true}) {
            INDArray y = LossTestSupport.targets(6, 4, 12, soft);
            for (IActivation activation : new IActivation[]{SIGMOID, IDENTITY}) {
                for (BceWithLogitsLoss loss : new BceWithLogitsLoss[]{new BceWithLogitsLoss(),
                        new BceWithLogitsLoss(2.9, new double[]{1, 0.5, 3, 0})}) {
                    assertThat(LossTestSupport.maxGradientError(loss, y, z, activation, null))
                            .as("%s soft=%s %s", loss, soft, activation).isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheWholeScore() {
        INDArray z = matrix(new double[][]{{0.3, -1.2, 2.0}, {-0.7, 0.1, 1.5}, {4.0, -3.5, 0.0}});
        INDArray y = matrix(new double[][]{{1, 0, 1}, {0, 1, 1}, {0, 0.3, 1}});
        BceWithLogitsLoss loss = new BceWithLogitsLoss(3.0, new double[]{1, 2, 0.5});
        assertThat(LossTestSupport.maxGradientErrorWholeScore(loss, y, z, SIGMOID, null))
                .isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
    }

    @Test
    void gradientIsThatOfTheLogitsNotOfTheSigmoidOutput() {
        // σ(z) − y for pw = 1, divided by K = 2 outputs
        INDArray z = matrix(new double[][]{{1.0, -2.0}});
        INDArray y = matrix(new double[][]{{0, 1}});
        INDArray grad = new BceWithLogitsLoss().computeGradient(y, z, SIGMOID, null);
        assertThat(grad.getDouble(0, 0)).isCloseTo((1 / (1 + Math.exp(-1.0)) - 0) / 2, within(1e-15));
        assertThat(grad.getDouble(0, 1)).isCloseTo((1 / (1 + Math.exp(2.0)) - 1) / 2, within(1e-15));
    }

    @Test
    void honoursPerExampleAndPerOutputMasks() {
        INDArray z = LossTestSupport.logits(4, 3, 21);
        INDArray y = LossTestSupport.targets(4, 3, 22, false);
        BceWithLogitsLoss loss = new BceWithLogitsLoss(2.0);

        INDArray perExample = matrix(new double[][]{{1}, {0}, {1}, {0}});
        INDArray kept = Nd4j.vstack(z.getRow(0, true), z.getRow(2, true));
        INDArray keptY = Nd4j.vstack(y.getRow(0, true), y.getRow(2, true));
        assertThat(loss.computeScore(y, z, SIGMOID, perExample, false))
                .isCloseTo(loss.computeScore(keptY, kept, SIGMOID, null, false), within(1e-12));
        INDArray grad = loss.computeGradient(y, z, SIGMOID, perExample);
        assertThat(grad.getRow(1).sumNumber().doubleValue()).isZero();
        assertThat(grad.getRow(3).sumNumber().doubleValue()).isZero();
        assertThat(loss.computeScoreArray(y, z, SIGMOID, perExample).getDouble(1, 0)).isZero();

        INDArray perOutput = matrix(new double[][]{{1, 0, 1}, {0, 1, 1}, {1, 1, 0}, {0, 0, 1}});
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                INDArray one = Nd4j.zeros(DataType.DOUBLE, 4, 3);
                one.putScalar(i, j, perOutput.getDouble(i, j));
                expected += loss.computeScore(y, z, SIGMOID, one, false);
            }
        }
        assertThat(loss.computeScore(y, z, SIGMOID, perOutput, false)).isCloseTo(expected, within(1e-12));
        INDArray masked = loss.computeGradient(y, z, SIGMOID, perOutput);
        assertThat(masked.mul(perOutput.rsub(1)).amaxNumber().doubleValue()).isZero();
        assertThat(LossTestSupport.maxGradientError(loss, y, z, SIGMOID, perOutput))
                .isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
        assertThat(LossTestSupport.maxGradientError(loss, y, z, SIGMOID, perExample))
                .isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
    }

    @Test
    void scoreThroughAnOutputLayerEqualsTheLossOfItsOutput() {
        double pw = 2.5;
        ComputationGraph graph = LossTestSupport.graph(new BceWithLogitsLoss(pw), 3, 2);
        INDArray x = LossTestSupport.uniform(5, 3, 31, -2, 2);
        INDArray y = matrix(new double[][]{{1, 0}, {0, 0}, {1, 1}, {0, 1}, {1, 0}});
        INDArray p = graph.outputSingle(x);
        double byHand = 0;
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 2; j++) {
                double pij = p.getDouble(i, j);
                double yij = y.getDouble(i, j);
                byHand -= pw * yij * Math.log(pij) + (1 - yij) * Math.log(1 - pij);
            }
        }
        byHand /= 10;
        assertThat(graph.score(new DataSet(x, y))).isCloseTo(byHand, within(1e-12));
    }

    @Test
    void trainsATinyNetwork() {
        ComputationGraph graph = LossTestSupport.graph(new BceWithLogitsLoss(2.0), 2, 1);
        INDArray x = matrix(new double[][]{{1, 2}, {2, 1}, {-1, -2}, {-2, -1}, {1.5, 0.5}, {-0.5, -1.5}});
        INDArray y = matrix(new double[][]{{1}, {1}, {0}, {0}, {1}, {0}});
        DataSet data = new DataSet(x, y);
        double before = graph.score(data);
        for (int i = 0; i < 30; i++) {
            graph.fit(data);
        }
        assertThat(graph.score(data)).isLessThan(before / 4);
    }

    @Test
    void survivesAModelSerializerRoundTrip(@TempDir Path dir) {
        BceWithLogitsLoss loss = new BceWithLogitsLoss(3.0, new double[]{0.5, 2.0});
        ComputationGraph graph = LossTestSupport.graph(loss, 3, 2);
        assertThat(graph.getConfiguration().toJson()).contains(BceWithLogitsLoss.class.getName(), "posWeight");

        ComputationGraph restored = LossTestSupport.roundTrip(graph, dir.resolve("bce.zip").toFile());

        assertThat(LossTestSupport.lossOf(restored)).isEqualTo(loss).isNotSameAs(loss);
        INDArray x = LossTestSupport.uniform(4, 3, 32, -1, 1);
        INDArray y = matrix(new double[][]{{1, 0}, {0, 1}, {1, 1}, {0, 0}});
        assertThat(restored.outputSingle(x)).isEqualTo(graph.outputSingle(x));
        assertThat(restored.score(new DataSet(x, y))).isEqualTo(graph.score(new DataSet(x, y)));
        assertThat(LossTestSupport.lossOf(LossTestSupport.roundTrip(LossTestSupport.graph(new BceWithLogitsLoss(), 3, 2),
                dir.resolve("plain.zip").toFile()))).isEqualTo(new BceWithLogitsLoss());
    }

    @Test
    void readsJsonWithDefaultsForAbsentOptions() throws Exception {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        assertThat(mapper.readValue("{\"@class\": \"" + BceWithLogitsLoss.class.getName() + "\"}", ILossFunction.class))
                .isEqualTo(new BceWithLogitsLoss());
        BceWithLogitsLoss weighted = new BceWithLogitsLoss(0.4, new double[]{2, 1});
        assertThat(mapper.readValue(mapper.writeValueAsString(weighted), ILossFunction.class)).isEqualTo(weighted);
    }

    @Test
    void rejectsBadOptionsAndInputs() {
        assertThatThrownBy(() -> new BceWithLogitsLoss(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("posWeight").hasMessageContaining("0.0");
        assertThatThrownBy(() -> new BceWithLogitsLoss(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BceWithLogitsLoss(1, new double[]{1, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights[1]");
        INDArray z = matrix(new double[][]{{0.1, 0.2}});
        INDArray y = matrix(new double[][]{{1, 0}});
        assertThatThrownBy(() -> new BceWithLogitsLoss().computeScore(y, z, new ActivationSoftmax(), null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIGMOID");
        assertThatThrownBy(() -> new BceWithLogitsLoss().computeGradient(matrix(new double[][]{{1}}), z, SIGMOID, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1, 1]");
        assertThatThrownBy(() -> new BceWithLogitsLoss(1, new double[]{1, 2, 3}).computeScore(y, z, SIGMOID, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 entries");
    }

    @Test
    void computesInFloatToo() {
        INDArray z = matrix(new double[][]{{30, -30, 0.5}}).castTo(DataType.FLOAT);
        INDArray y = matrix(new double[][]{{1, 0, 1}}).castTo(DataType.FLOAT);
        double score = new BceWithLogitsLoss().computeScore(y, z, SIGMOID, null, true);
        assertThat(score).isCloseTo((2 * 9.357622968839737e-14 + Math.log1p(Math.exp(-0.5))) / 3, withinPercentage(1e-4));
        assertThat(new BceWithLogitsLoss().computeGradient(y, z, SIGMOID, null).dataType()).isEqualTo(DataType.FLOAT);
    }
}
