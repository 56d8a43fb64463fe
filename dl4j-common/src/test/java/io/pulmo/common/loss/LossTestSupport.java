package io.pulmo.common.loss;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulmo.common.backend.Backend;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/** Shared checks for the logit losses: finite-difference gradients, a tiny graph, a model round trip. */
final class LossTestSupport {
    static final double FD_EPS = 1e-6;
    static final double MAX_RELATIVE_ERROR = 1e-5;

    private LossTestSupport() {
    }

    /** A DOUBLE {@code [rows, cols]} array. */
    static INDArray matrix(double[][] values) {
        return Nd4j.createFromArray(values).castTo(DataType.DOUBLE);
    }

    /** Logits ~ N(0, 3²) with every fifth element pushed to ±30, where only a stable form keeps its precision. */
    static INDArray logits(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[][] z = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int index = i * cols + j;
                z[i][j] = index % 5 == 0 ? (random.nextBoolean() ? 30 : -30) : 3 * random.nextGaussian();
            }
        }
        return matrix(z);
    }

    /** Values uniform in [lo, hi), seeded. */
    static INDArray uniform(int rows, int cols, long seed, double lo, double hi) {
        Random random = new Random(seed);
        double[][] v = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i][j] = lo + (hi - lo) * random.nextDouble();
            }
        }
        return matrix(v);
    }

    /** Hard 0/1 targets, or soft ones in [0, 1] when {@code soft}. */
    static INDArray targets(int rows, int cols, long seed, boolean soft) {
        Random random = new Random(seed);
        double[][] y = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                y[i][j] = soft ? random.nextDouble() : random.nextInt(2);
            }
        }
        return matrix(y);
    }

    /** |a − n| / max(|a|, |n|), 0 when both are 0. */
    static double relativeError(double analytic, double numeric) {
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        return scale == 0 ? 0 : Math.abs(analytic - numeric) / scale;
    }

    /**
     * Compares {@code computeGradient} with central differences of {@code computeScore(average = false)}, element by
     * element, and returns the largest relative error. Each element is isolated by a mask that keeps only it (times
     * the caller's mask), so a tiny gradient (e.g. 1e−13 at z = 30, y = 1) is not drowned by the rounding error of
     * the other elements' loss values; the losses are separable, so this is the same partial derivative.
     */
    static double maxGradientError(ILossFunction loss, INDArray labels, INDArray z, IActivation activation,
                                   INDArray mask) {
        INDArray analytic = loss.computeGradient(labels, z, activation, mask);
        assertThat(analytic.shape()).isEqualTo(z.shape());
        double worst = 0;
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < z.columns(); j++) {
                double keep = mask == null ? 1 : mask.getDouble(i, mask.columns() == 1 ? 0 : j);
                INDArray only = Nd4j.zeros(DataType.DOUBLE, z.rows(), z.columns());
                only.putScalar(i, j, keep);
                double numeric = centralDifference(loss, labels, z, activation, only, i, j);
                worst = Math.max(worst, relativeError(analytic.getDouble(i, j), numeric));
            }
        }
        return worst;
    }

    /** The same comparison against differences of the whole score (no isolation), for moderate logits. */
    static double maxGradientErrorWholeScore(ILossFunction loss, INDArray labels, INDArray z, IActivation activation,
                                             INDArray mask) {
        INDArray analytic = loss.computeGradient(labels, z, activation, mask);
        double worst = 0;
        for (int i = 0; i < z.rows(); i++) {
            for (int j = 0; j < z.columns(); j++) {
                double numeric = centralDifference(loss, labels, z, activation, mask, i, j);
                worst = Math.max(worst, relativeError(analytic.getDouble(i, j), numeric));
            }
        }
        return worst;
    }

    private static double centralDifference(ILossFunction loss, INDArray labels, INDArray z, IActivation activation,
                                            INDArray mask, int i, int j) {
        INDArray plus = z.dup();
        plus.putScalar(i, j, z.getDouble(i, j) + FD_EPS);
        INDArray minus = z.dup();
        minus.putScalar(i, j, z.getDouble(i, j) - FD_EPS);
        return (loss.computeScore(labels, plus, activation, mask, false)
                - loss.computeScore(labels, minus, activation, mask, false)) / (2 * FD_EPS);
    }

    /** {@code nIn} inputs → an OutputLayer of {@code nOut} sigmoid units trained with {@code loss}; DOUBLE, seeded. */
    static ComputationGraph graph(ILossFunction loss, int nIn, int nOut) {
        Backend.init(2);
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(new Adam(0.05)).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(nIn))
                .addLayer("out", new OutputLayer.Builder().lossFunction(loss).nOut(nOut)
                        .activation(Activation.SIGMOID).build(), "in")
                .setOutputs("out")
                .build());
        g.init();
        return g;
    }

    /** The loss configured on the graph's output layer {@code out}. */
    static ILossFunction lossOf(ComputationGraph graph) {
        return ((BaseOutputLayer) graph.getLayer("out").conf().getLayer()).getLossFn();
    }

    /** Writes the graph with {@link ModelSerializer} and reads it back. */
    static ComputationGraph roundTrip(ComputationGraph graph, File file) {
        try {
            ModelSerializer.writeModel(graph, file, true);
            return ModelSerializer.restoreComputationGraph(file, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
