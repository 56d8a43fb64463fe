package io.pulmo.classification.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.ParamCounts;
import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ResNet-34/50 against torchvision: parameter counts (whole network, per stage, BatchNorm running statistics), layer
 * names, output and feature-map shapes, and that each can fit one fixed batch.
 */
class ResNetTest {

    @BeforeAll
    static void backend() {
        Backend.init(2);
    }

    static ExperimentConfig config(String arch, int classes, String loss, int size, int channels) {
        return ModelFixtures.config(arch, classes, loss, "linear", 0.0, size, channels);
    }

    /** torchvision's {@code sum(p.numel() for p in m.parameters())} with the fc swapped for our head. */
    @ParameterizedTest(name = "{0} {1} classes loss {2}")
    @CsvSource({
            "resnet50, 2, ce,  23512130",
            "resnet50, 2, bce, 23510081",
            "resnet34, 2, ce,  21285698",
            "resnet34, 4, ce,  21286724",
            "resnet34, 2, bce, 21285185",
    })
    void trainableParametersMatchTorchvision(String arch, int classes, String loss, long expected) {
        ComputationGraph net = Models.build(config(arch, classes, loss, 64, 3));
        assertThat(ParamCounts.trainable(net)).isEqualTo(expected);
        int features = "resnet50".equals(arch) ? 2048 : 512;
        int outputs = "bce".equals(loss) ? 1 : classes;
        assertThat(ParamCounts.trainable(net, "output"::equals)).isEqualTo((long) features * outputs + outputs);
    }

    /**
     * Per stage, worked out from the blocks: e.g. ResNet-50 layer1 = first bottleneck (64·64 + 9·64·64 + 64·256 +
     * downsample 64·256, BN 2·(64+64+256+256)) 75,008 + two more of 70,400. Stem: 7·7·3·64 + BN 2·64.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "resnet50, 215808, 1219584, 7098368, 14964736, 53120",
            "resnet34, 221952, 1116416, 6822400, 13114368, 17024",
    })
    void stagesAndRunningStatisticsMatchTorchvision(String arch, long l1, long l2, long l3, long l4, long running) {
        ComputationGraph net = Models.build(config(arch, 2, "ce", 64, 3));
        assertThat(ParamCounts.trainable(net, n -> n.equals("conv1") || n.equals("bn1"))).isEqualTo(9408 + 128);
        assertThat(ParamCounts.trainable(net, n -> n.startsWith("layer1_"))).isEqualTo(l1);
        assertThat(ParamCounts.trainable(net, n -> n.startsWith("layer2_"))).isEqualTo(l2);
        assertThat(ParamCounts.trainable(net, n -> n.startsWith("layer3_"))).isEqualTo(l3);
        assertThat(ParamCounts.trainable(net, n -> n.startsWith("layer4_"))).isEqualTo(l4);
        assertThat(ParamCounts.runningStatistics(net)).isEqualTo(running);
        assertThat(ParamCounts.total(net)).isEqualTo(ParamCounts.trainable(net) + running);
    }

    @Test
    void layerNamesFollowTorchvision() {
        ComputationGraph r50 = Models.build(config("resnet50", 2, "ce", 64, 3));
        assertThat(r50.getConfiguration().getVertices().keySet()).contains(
                "conv1", "bn1", "relu", "maxpool",
                "layer1_0_conv1", "layer1_0_bn1", "layer1_0_relu1", "layer1_0_conv2", "layer1_0_bn2", "layer1_0_relu2",
                "layer1_0_conv3", "layer1_0_bn3", "layer1_0_downsample_0", "layer1_0_downsample_1", "layer1_0_add",
                "layer1_0_relu", "layer4_2_relu", "avgpool", "output");
        // an identity shortcut where the shape is kept; no bias on any convolution
        assertThat(r50.getConfiguration().getVertices()).doesNotContainKey("layer1_1_downsample_0");
        assertThat(r50.getLayer("layer2_0_conv2").paramTable()).containsOnlyKeys("W");
        assertThat(r50.getLayer("layer2_0_downsample_0").paramTable()).containsOnlyKeys("W");
        assertThat(r50.getLayer("layer2_0_conv2").getParam("W").shape()).containsExactly(128, 128, 3, 3);

        ComputationGraph r34 = Models.build(config("resnet34", 2, "ce", 64, 3));
        assertThat(r34.getConfiguration().getVertices().keySet()).contains(
                "layer1_0_conv1", "layer1_0_relu1", "layer1_0_conv2", "layer1_0_add", "layer1_0_relu",
                "layer2_0_downsample_0", "layer2_0_downsample_1", "layer4_2_relu");
        assertThat(r34.getConfiguration().getVertices())
                .doesNotContainKeys("layer1_0_downsample_0", "layer1_0_conv3", "layer2_1_downsample_0");
        assertThat(r34.getLayer("conv1").getParam("W").shape()).containsExactly(64, 3, 7, 7);
    }

    /** One forward pass per size: the logits' shape and, at 224, torchvision's 7×7 map before the pooling. */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
            "resnet50, 64,  2, 2048",
            "resnet50, 224, 1, 2048",
            "resnet34, 64,  2, 512",
            "resnet34, 224, 1, 512",
    })
    void forwardShapes(String arch, int size, int n, int features) {
        ComputationGraph net = Models.build(config(arch, 3, "ce", size, 3));
        Nd4j.getRandom().setSeed(7);
        Map<String, INDArray> acts = net.feedForward(Nd4j.rand(DataType.FLOAT, n, 3, size, size), false);
        int side = (size + 31) / 32; // PyTorch: five halvings with floor((in + 2p - k) / s) + 1
        assertThat(acts.get("maxpool").shape()).containsExactly(n, 64, size / 4, size / 4);
        assertThat(acts.get("layer4_2_relu").shape()).containsExactly(n, features, side, side);
        if (size == 224) {
            assertThat(side).isEqualTo(7);
        }
        assertThat(acts.get("avgpool").shape()).containsExactly(n, features);
        INDArray out = acts.get("output");
        assertThat(out.shape()).containsExactly(n, 3);
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        assertThat(out.sum(1).toDoubleVector()).containsExactly(ones, within(1e-5));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet34", "resnet50"})
    void greyInputsAndSmallestSize(String arch) {
        ComputationGraph net = Models.build(config(arch, 2, "ce", 32, 1));
        assertThat(ParamCounts.trainable(net, "conv1"::equals)).isEqualTo(7 * 7 * 64);
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32));
        assertThat(out.shape()).containsExactly(2, 2);
        assertThatThrownBy(() -> Models.build(config(arch, 2, "ce", 31, 1)))
                .isInstanceOf(PulmoException.class).hasMessageContaining("data.image.size").hasMessageContaining("31");
    }

    /** 30 Adam steps (lr 1e-3) on one fixed batch of 8 random 64×64 images at least halve the loss. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet34", "resnet50"})
    void overfitsOneBatch(String arch) {
        ModelFixtures.assertOverfitsOneBatch(Models.build(config(arch, 2, "ce", 64, 3)), arch);
    }
}
