package io.pulmo.common.loss;

import io.pulmo.common.backend.Backend;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Fixtures for the segmentation losses: {@code [rows, 1]} columns as {@code CnnLossLayer} hands them over, a tiny
 * graph ending in a {@code CnnLossLayer}, and plain-Java reference implementations of the losses (PyTorch-style,
 * on {@code [n][h·w]} arrays) written independently of the ND4J code under test.
 */
final class SegmentationLossTestSupport {
    private SegmentationLossTestSupport() {
    }

    /** A DOUBLE {@code [rows, 1]} column. */
    static INDArray column(double... values) {
        return Nd4j.createFromArray(values).castTo(DataType.DOUBLE).reshape(values.length, 1);
    }

    /** Rows {@code start … start + count − 1} of a {@code [rows, 1]} column, as a new column. */
    static INDArray rows(INDArray column, int start, int count) {
        return column.get(NDArrayIndex.interval(start, start + count), NDArrayIndex.all()).dup();
    }

    /** Moderate logits in [−4, 4), seeded: their gradients stay well above the finite-difference noise. */
    static INDArray logits(int rows, long seed) {
        return LossTestSupport.uniform(rows, 1, seed, -4, 4);
    }

    /** A 0/1 mask keeping about two thirds of the rows, seeded. */
    static INDArray mask(int rows, long seed) {
        Random random = new Random(seed);
        double[] m = new double[rows];
        for (int i = 0; i < rows; i++) {
            m[i] = random.nextInt(3) == 0 ? 0 : 1;
        }
        return column(m);
    }

    /**
     * Input {@code [n, 1, size, size]} → a 1×1 {@link ConvolutionLayer} with one output channel (IDENTITY) → a
     * {@link CnnLossLayer} with {@code loss} and IDENTITY activation, so the network's output is the logits. DOUBLE,
     * seeded.
     */
    static ComputationGraph graph(ILossFunction loss, int size, IUpdater updater) {
        Backend.init(2);
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.DOUBLE).updater(updater).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(size, size, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(1).activation(Activation.IDENTITY).build(),
                        "in")
                .addLayer("out", new CnnLossLayer.Builder().lossFunction(loss).activation(Activation.IDENTITY).build(),
                        "conv")
                .setOutputs("out")
                .build());
        g.init();
        return g;
    }

    /** {@code [n, 1, h, w]} as {@code [n][h·w]}, row-major within each image. */
    static double[][] perImage(INDArray nchw) {
        int n = (int) nchw.size(0);
        int h = (int) nchw.size(2);
        int w = (int) nchw.size(3);
        double[][] out = new double[n][h * w];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    out[i][r * w + c] = nchw.getDouble(i, 0, r, c);
                }
            }
        }
        return out;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** PyTorch BCEWithLogitsLoss(pos_weight, reduction="mean") over all pixels, written naively. */
    static double referenceBce(double[][] z, double[][] g, double posWeight) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z[i].length; j++) {
                double p = sigmoid(z[i][j]);
                sum -= posWeight * g[i][j] * Math.log(p) + (1 - g[i][j]) * Math.log(1 - p);
                count++;
            }
        }
        return sum / count;
    }

    /** 1 − (2Σab + s_nr)/(Σa + Σb + s_dr), or MONAI's squared/jaccard variants, over one flat group. */
    static double referenceDice(double[] a, double[] b, double smoothNr, double smoothDr, boolean squared,
                                boolean jaccard) {
        double intersection = 0;
        double predSum = 0;
        double truthSum = 0;
        for (int j = 0; j < a.length; j++) {
            intersection += a[j] * b[j];
            predSum += squared ? a[j] * a[j] : a[j];
            truthSum += squared ? b[j] * b[j] : b[j];
        }
        double denominator = jaccard ? 2 * (predSum + truthSum - intersection) : predSum + truthSum;
        return 1 - (2 * intersection + smoothNr) / (denominator + smoothDr);
    }

    /** Soft Dice on σ(z): one group of all pixels ({@code perImage} false) or the mean of per-image groups. */
    static double referenceDiceLoss(double[][] z, double[][] g, double smooth, boolean perImage, boolean squared,
                                    boolean jaccard) {
        double[][] p = sigmoid(z);
        if (!perImage) {
            return referenceDice(flatten(p), flatten(g), smooth, smooth, squared, jaccard);
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            sum += referenceDice(p[i], g[i], smooth, smooth, squared, jaccard);
        }
        return sum / z.length;
    }

    /** The book's per-image dice(p, g) + fnWeight · dice(p·g, g), then the mean over images. */
    static double referenceLunaLoss(double[][] z, double[][] g, double epsilon, double fnWeight) {
        double[][] p = sigmoid(z);
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double[] pg = new double[p[i].length];
            for (int j = 0; j < pg.length; j++) {
                pg[j] = p[i][j] * g[i][j];
            }
            sum += referenceDice(p[i], g[i], epsilon, epsilon, false, false)
                    + fnWeight * referenceDice(pg, g[i], epsilon, epsilon, false, false);
        }
        return sum / z.length;
    }

    private static double[][] sigmoid(double[][] z) {
        double[][] p = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            p[i] = new double[z[i].length];
            for (int j = 0; j < z[i].length; j++) {
                p[i][j] = sigmoid(z[i][j]);
            }
        }
        return p;
    }

    private static double[] flatten(double[][] x) {
        int total = 0;
        for (double[] row : x) {
            total += row.length;
        }
        double[] flat = new double[total];
        int k = 0;
        for (double[] row : x) {
            System.arraycopy(row, 0, flat, k, row.length);
            k += row.length;
        }
        return flat;
    }
}
