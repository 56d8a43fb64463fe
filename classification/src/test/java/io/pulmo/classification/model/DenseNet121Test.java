package io.pulmo.classification.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.ParamCounts;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DenseNet-121 against torchvision 0.14's {@code densenet121(num_classes=…)}: parameter counts (whole network, per
 * block and transition, BatchNorm running statistics), layer names, output shapes, and that it fits one batch.
 */
class DenseNet121Test {
    private static final Logger LOG = LoggerFactory.getLogger(DenseNet121Test.class);

    @BeforeAll
    static void backend() {
        Backend.init(2);
    }

    static ExperimentConfig config(String loss, String head, int size) {
        return ModelFixtures.config("densenet121", 2, loss, head, 0.0, size, 3);
    }

    /**
     * torchvision: 7,978,856 parameters with 1000 classes, of which the classifier holds 1024·1000 + 1000, so
     * 6,953,856 in the features; + 1024·2 + 2 (softmax) or + 1024 + 1 (one logit). Running mean and variance:
     * 2 × 41,824 BatchNorm channels.
     */
    @Test
    void parameterCountsMatchTorchvision() {
        ComputationGraph two = Models.build(config("ce", "linear", 64));
        assertThat(ParamCounts.trainable(two)).isEqualTo(6_955_906L);
        assertThat(ParamCounts.runningStatistics(two)).isEqualTo(83_648L);
        assertThat(ParamCounts.total(two)).isEqualTo(6_955_906L + 83_648L);

        ComputationGraph one = Models.build(config("bce", "linear", 64));
        assertThat(ParamCounts.trainable(one)).isEqualTo(6_954_881L);
        assertThat(ParamCounts.trainable(one, "output"::equals)).isEqualTo(1024 + 1);
    }

    /**
     * Per stage, as torchvision's {@code named_parameters()} grouped by {@code features.X} gives them. By hand: a
     * dense layer with c inputs has BN 2c + 1×1 conv 128c + BN 2·128 + 3×3 conv 9·128·32 = 130c + 37,120; block 1
     * (c = 64, 96, …, 224) = 130·864 + 6·37,120 = 335,040. Transition 1: BN 2·256 + conv 256·128 = 33,280.
     */
    @Test
    void stagesMatchTorchvision() {
        ComputationGraph net = Models.build(config("ce", "linear", 64));
        assertThat(ParamCounts.trainable(net, n -> n.equals("conv0"))).isEqualTo(9_408);
        assertThat(ParamCounts.trainable(net, n -> n.equals("norm0"))).isEqualTo(128);
        long[] blocks = {335_040, 919_680, 2_837_760, 2_158_080};
        long[] transitions = {33_280, 132_096, 526_336};
        for (int b = 1; b <= 4; b++) {
            String block = "denseblock" + b + "_";
            assertThat(ParamCounts.trainable(net, n -> n.startsWith(block))).as(block).isEqualTo(blocks[b - 1]);
        }
        for (int t = 1; t <= 3; t++) {
            String transition = "transition" + t + "_";
            assertThat(ParamCounts.trainable(net, n -> n.startsWith(transition))).as(transition)
                    .isEqualTo(transitions[t - 1]);
        }
        assertThat(ParamCounts.trainable(net, n -> n.equals("norm5"))).isEqualTo(2_048);
    }

    @Test
    void layerNamesFollowTorchvision() {
        ComputationGraph net = Models.build(config("ce", "linear", 64));
        assertThat(net.getConfiguration().getVertices().keySet()).contains(
                "conv0", "norm0", "relu0", "pool0",
                "denseblock1_denselayer1_norm1", "denseblock1_denselayer1_relu1", "denseblock1_denselayer1_conv1",
                "denseblock1_denselayer1_norm2", "denseblock1_denselayer1_relu2", "denseblock1_denselayer1_conv2",
                "denseblock1_denselayer1_concat", "denseblock1_denselayer6_concat",
                "transition1_norm", "transition1_relu", "transition1_conv", "transition1_pool",
                "denseblock3_denselayer24_conv2", "denseblock4_denselayer16_concat", "norm5", "relu5", "avgpool",
                "output");
        assertThat(net.getConfiguration().getVertices())
                .doesNotContainKeys("denseblock1_denselayer7_norm1", "transition4_conv");
        assertThat(net.getLayer("conv0").getParam("W").shape()).containsExactly(64, 3, 7, 7);
        assertThat(net.getLayer("denseblock2_denselayer3_conv1").paramTable()).containsOnlyKeys("W");
        assertThat(net.getLayer("denseblock2_denselayer3_conv1").getParam("W").shape())
                .containsExactly(128, 128 + 2 * 32, 1, 1);
        assertThat(net.getLayer("transition3_conv").getParam("W").shape()).containsExactly(512, 1024, 1, 1);
    }

    /** At 64×64: 16×16 after the stem, 2×2 into norm5 with 1024 channels; probabilities per class. */
    @Test
    void forwardShapes() {
        ComputationGraph net = Models.build(config("ce", "linear", 64));
        Nd4j.getRandom().setSeed(7);
        Map<String, INDArray> acts = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64), false);
        assertThat(acts.get("pool0").shape()).containsExactly(2, 64, 16, 16);
        assertThat(acts.get("denseblock1_denselayer6_concat").shape()).containsExactly(2, 256, 16, 16);
        assertThat(acts.get("transition1_pool").shape()).containsExactly(2, 128, 8, 8);
        assertThat(acts.get("relu5").shape()).containsExactly(2, 1024, 2, 2);
        assertThat(acts.get("output").shape()).containsExactly(2, 2);
        assertThat(acts.get("output").sum(1).toDoubleVector()).containsExactly(new double[] {1, 1}, within(1e-5));
    }

    /** torchvision's 224×224 input reaches norm5 as 7×7×1024. */
    @Test
    void forwardAt224() {
        ComputationGraph net = Models.build(config("bce", "linear", 224));
        Nd4j.getRandom().setSeed(7);
        Map<String, INDArray> acts = net.feedForward(Nd4j.rand(DataType.FLOAT, 1, 3, 224, 224), false);
        assertThat(acts.get("relu5").shape()).containsExactly(1, 1024, 7, 7);
        assertThat(acts.get("output").shape()).containsExactly(1, 1);
    }

    @Test
    void rejectsTooSmallImages() {
        assertThatThrownBy(() -> Models.build(config("ce", "linear", 31)))
                .isInstanceOf(PulmoException.class).hasMessageContaining("data.image.size").hasMessageContaining("31");
    }

    /** 30 Adam steps (lr 1e-3) on one fixed batch of 8 random 64×64 images at least halve the loss. */
    @Test
    void overfitsOneBatch() {
        ModelFixtures.assertOverfitsOneBatch(Models.build(config("ce", "linear", 64)), "densenet121");
    }
}
