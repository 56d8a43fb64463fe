package io.pulmo.common.loss;

import static io.pulmo.common.loss.SegmentationLossTestSupport.perImage;
import static io.pulmo.common.loss.SegmentationLossTestSupport.referenceBce;
import static io.pulmo.common.loss.SegmentationLossTestSupport.referenceDiceLoss;
import static io.pulmo.common.loss.SegmentationLossTestSupport.referenceLunaLoss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.loss.DiceLoss.Reduction;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleBiFunction;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The losses inside a real {@code CnnLossLayer}: input {@code [n = 2, 1, 4, 4]} → 1×1 convolution with one output
 * channel → {@code CnnLossLayer} (IDENTITY), DOUBLE. The layer reshapes to {@code [32, 1]}, calls
 * {@code computeScore(average = false)} and divides by n = 2; the score it reports must be the PyTorch/MONAI value
 * computed here by hand from the network's output logits, image by image.
 */
class SegmentationLossLayerTest {
    private static final int SIZE = 4;
    private static final int PIXELS = SIZE * SIZE;

    /** A loss and its PyTorch-style value from the logits and targets, as {@code [n][h·w]}. */
    private record Case(ILossFunction loss, ToDoubleBiFunction<double[][], double[][]> byHand) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case(new SegmentationBceLoss(PIXELS), (z, g) -> referenceBce(z, g, 1)),
                new Case(new SegmentationBceLoss(PIXELS, 3.5), (z, g) -> referenceBce(z, g, 3.5)),
                new Case(new DiceLoss(PIXELS), (z, g) -> referenceDiceLoss(z, g, 1, false, false, false)),
                new Case(new DiceLoss(PIXELS, 1, 1, Reduction.IMAGE, false, false),
                        (z, g) -> referenceDiceLoss(z, g, 1, true, false, false)),
                new Case(new DiceLoss(PIXELS, 1e-5, 1e-5, Reduction.IMAGE, true, false),
                        (z, g) -> referenceDiceLoss(z, g, 1e-5, true, true, false)),
                new Case(new DiceLoss(PIXELS, 0.5, 0.5, Reduction.BATCH, false, true),
                        (z, g) -> referenceDiceLoss(z, g, 0.5, false, false, true)),
                new Case(new BceDiceLoss(0.5, new SegmentationBceLoss(PIXELS, 2), 2,
                        new DiceLoss(PIXELS, 1, 1, Reduction.IMAGE, false, false)),
                        (z, g) -> 0.5 * referenceBce(z, g, 2) + 2 * referenceDiceLoss(z, g, 1, true, false, false)),
                new Case(new LunaDiceLoss(PIXELS), (z, g) -> referenceLunaLoss(z, g, 1, 8)));
    }

    /** Two 4×4 images: inputs in [−2, 2), targets a blob in the first image and a sparser pattern in the second. */
    private static DataSet data(long seed) {
        Random random = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 1, SIZE, SIZE);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, 1, SIZE, SIZE);
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    double v = -2 + 4 * random.nextDouble();
                    x.putScalar(new long[]{i, 0, r, c}, v);
                    boolean positive = i == 0 ? r >= 1 && r <= 2 && c >= 1 : (r + c) % 3 == 0;
                    y.putScalar(new long[]{i, 0, r, c}, positive ? 1 : 0);
                }
            }
        }
        return new DataSet(x, y);
    }

    @Test
    void scoreReportedByTheLayerIsThePyTorchValue() {
        DataSet data = data(5);
        for (Case c : cases()) {
            ComputationGraph graph = SegmentationLossTestSupport.graph(c.loss(), SIZE, new NoOp());
            INDArray logits = graph.outputSingle(data.getFeatures());
            assertThat(logits.shape()).containsExactly(2, 1, SIZE, SIZE);
            double[][] z = perImage(logits);
            double[][] g = perImage(data.getLabels());
            double expected = c.byHand().applyAsDouble(z, g);
            assertThat(graph.score(data)).as("%s", c.loss()).isCloseTo(expected, within(1e-12));

            // per-example scores (CnnLossLayer sums each image's rows of computeScoreArray) average to the score
            INDArray examples = graph.scoreExamples(data, false);
            assertThat(examples.length()).isEqualTo(2);
            assertThat(examples.meanNumber().doubleValue()).as("%s", c.loss()).isCloseTo(expected, within(1e-12));
        }
    }

    /** The image-reduced losses attribute each image its own loss: scoring the images one at a time agrees. */
    @Test
    void perExampleScoresOfImageReductionsAreTheOneImageScores() {
        DataSet data = data(6);
        for (ILossFunction loss : List.of(new DiceLoss(PIXELS, 1, 1, Reduction.IMAGE, false, false),
                new LunaDiceLoss(PIXELS), new SegmentationBceLoss(PIXELS))) {
            ComputationGraph graph = SegmentationLossTestSupport.graph(loss, SIZE, new NoOp());
            INDArray examples = graph.scoreExamples(data, false);
            for (int i = 0; i < 2; i++) {
                DataSet one = data.get(i);
                assertThat(examples.getDouble(i)).as("%s image %d", loss, i).isCloseTo(graph.score(one), within(1e-12));
            }
        }
    }

    /**
     * DL4J's own gradient check on the whole network: backprop (the loss's un-averaged gradient, divided by the
     * minibatch size by the updater) against central differences of {@code net.score}, which CnnLossLayer divides
     * by n. It passes only if {@code computeGradient} and {@code computeScore} are scaled consistently.
     */
    @Test
    void passesDl4jsGradientCheck() {
        try {
            DataSet data = data(7);
            for (Case c : cases()) {
                ComputationGraph graph = SegmentationLossTestSupport.graph(c.loss(), SIZE, new NoOp());
                Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // after Backend.init, which sets FLOAT
                boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                        .inputs(new INDArray[]{data.getFeatures()}).labels(new INDArray[]{data.getLabels()})
                        .epsilon(1e-6).maxRelError(1e-6).minAbsoluteError(1e-10)
                        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(true));
                assertThat(ok).as("%s", c.loss()).isTrue();
            }
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void survivesJsonAndModelSerializerRoundTrips(@TempDir Path dir) {
        DataSet data = data(8);
        int k = 0;
        for (Case c : cases()) {
            ComputationGraph graph = SegmentationLossTestSupport.graph(c.loss(), SIZE, new NoOp());
            ComputationGraphConfiguration conf = graph.getConfiguration();
            assertThat(conf.toJson()).contains(c.loss().getClass().getName(), "pixelsPerImage");
            assertThat(ComputationGraphConfiguration.fromJson(conf.toJson())).isEqualTo(conf);

            ComputationGraph restored = LossTestSupport.roundTrip(graph, dir.resolve("seg" + k++ + ".zip").toFile());
            ILossFunction back = ((CnnLossLayer) restored.getLayer("out").conf().getLayer()).getLossFn();
            assertThat(back).isEqualTo(c.loss()).isNotSameAs(c.loss());
            assertThat(restored.score(data)).isEqualTo(graph.score(data));
        }
    }

    /** A few Adam steps on the tiny network lower every loss (the single 1×1 filter can only threshold the input). */
    @Test
    void trainsTheTinyNetwork() {
        INDArray x = data(9).getFeatures();
        INDArray y = x.gt(0.3).castTo(DataType.DOUBLE);
        DataSet data = new DataSet(x, y);
        for (Case c : cases()) {
            ComputationGraph graph = SegmentationLossTestSupport.graph(c.loss(), SIZE, new Adam(0.1));
            double before = graph.score(data);
            for (int i = 0; i < 40; i++) {
                graph.fit(data);
            }
            double after = graph.score(data);
            assertThat(after).as("%s", c.loss()).isFinite().isLessThan(0.7 * before);
        }
    }
}
