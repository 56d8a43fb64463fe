package io.pulmo.classification.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.ParamCounts;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EfficientNet-B4 against torchvision 0.14's {@code efficientnet_b4(num_classes=…)}: parameter counts (whole
 * network, per {@code features.S} stage, BatchNorm running statistics), the squeeze-excitation wiring, output
 * shapes, seed 001's head, and that it fits one batch.
 */
class EfficientNetB4Test {
    private static final Logger LOG = LoggerFactory.getLogger(EfficientNetB4Test.class);

    @BeforeAll
    static void backend() {
        Backend.init(2);
    }

    static ExperimentConfig config(String loss, String head, double dropout, int size) {
        return ModelFixtures.config("efficientnet_b4", 2, loss, head, dropout, size, 3);
    }

    /**
     * torchvision: 19,341,616 parameters with 1000 classes, of which the classifier holds 1792·1000 + 1000, so
     * 17,548,616 in the features; + 1792·2 + 2 (softmax) or + 1792 + 1 (one logit). Running mean and variance:
     * 2 × 62,600 BatchNorm channels.
     */
    @Test
    void parameterCountsMatchTorchvision() {
        ComputationGraph two = Models.build(config("ce", "linear", 0, 64));
        assertThat(ParamCounts.trainable(two)).isEqualTo(17_552_202L);
        assertThat(ParamCounts.runningStatistics(two)).isEqualTo(125_200L);
        assertThat(ParamCounts.total(two)).isEqualTo(17_552_202L + 125_200L);

        ComputationGraph one = Models.build(config("bce", "linear", 0, 64));
        assertThat(ParamCounts.trainable(one)).isEqualTo(17_550_409L);
        assertThat(ParamCounts.trainable(one, "output"::equals)).isEqualTo(1792 + 1);
    }

    /**
     * Per {@code features.S}, as torchvision's {@code named_parameters()} gives them. By hand: stem 3·3·3·48 + BN 2·48
     * = 1,392; stage 1 = block 0 (48 in, no expansion: depthwise 9·48, BN 96, SE 48·12+12 + 12·48+48, project 48·24,
     * BN 48 = 2,940) + block 1 (24 in, SE squeeze 6: 1,206) = 4,146; features.8 = 448·1792 + BN 2·1792 = 806,400.
     */
    @Test
    void stagesMatchTorchvision() {
        ComputationGraph net = Models.build(config("ce", "linear", 0, 64));
        long[] stages = {1_392, 4_146, 66_238, 197_586, 1_059_898, 2_306_724, 8_636_228, 4_470_004, 806_400};
        for (int s = 0; s < stages.length; s++) {
            String stage = "features" + s + "_";
            assertThat(ParamCounts.trainable(net, n -> n.startsWith(stage))).as(stage).isEqualTo(stages[s]);
        }
    }

    /** Blocks per stage ceil(1.8 · (1, 2, 2, 3, 3, 4, 1)); expansion, SE squeeze and residuals where torchvision has them. */
    @Test
    void blocksFollowTorchvision() {
        ComputationGraph net = Models.build(config("ce", "linear", 0, 64));
        Map<String, ?> vertices = net.getConfiguration().getVertices();
        int[] blocks = {2, 4, 4, 6, 6, 8, 2};
        for (int s = 0; s < blocks.length; s++) {
            String last = "features" + (s + 1) + "_" + (blocks[s] - 1) + "_project_bn";
            String beyond = "features" + (s + 1) + "_" + blocks[s] + "_project_bn";
            assertThat(vertices).containsKey(last).doesNotContainKey(beyond);
        }
        assertThat(vertices).doesNotContainKeys("features1_0_expand_conv", "features1_0_add", "features2_0_add")
                .containsKeys("features1_1_add", "features2_0_expand_conv", "features2_1_add", "features7_1_add",
                        "features8_conv", "features8_silu", "avgpool", "output");
        assertThat(net.getLayer("features2_0_expand_conv").getParam("W").shape()).containsExactly(144, 24, 1, 1);
        assertThat(net.getLayer("features2_0_dw_conv").paramTable()).containsOnlyKeys("W");
        assertThat(net.getLayer("features2_0_se_fc1").getParam("W").shape()).containsExactly(6, 144, 1, 1);
        assertThat(net.getLayer("features2_0_se_fc2").getParam("b").length()).isEqualTo(144);
        assertThat(net.getLayer("features6_7_dw_conv").getParam("W").shape()).containsExactly(5, 5, 1632, 1);
        assertThat(net.getLayer("features8_conv").getParam("W").shape()).containsExactly(1792, 448, 1, 1);
    }

    /** At 64×64: 32×32 after the stem, 2×2×1792 into the pooling; SE scales keep the feature map's shape. */
    @Test
    void forwardShapes() {
        ComputationGraph net = Models.build(config("ce", "linear", 0, 64));
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64);
        Map<String, INDArray> acts = net.feedForward(x, false);
        assertThat(acts.get("features0_silu").shape()).containsExactly(2, 48, 32, 32);
        assertThat(acts.get("features2_0_se_fc2").shape()).containsExactly(2, 144, 1, 1);
        assertThat(acts.get("features2_0_se_scale").shape()).containsExactly(2, 144, 16, 16);
        assertThat(acts.get("features8_silu").shape()).containsExactly(2, 1792, 2, 2);
        assertThat(acts.get("output").shape()).containsExactly(2, 2);
        assertThat(acts.get("output").sum(1).toDoubleVector()).containsExactly(new double[] {1, 1}, within(1e-5));
        // the SE product broadcasts each sample's per-channel scale over its map
        INDArray expected = acts.get("features2_0_dw_silu").mul(acts.get("features2_0_se_fc2"));
        assertThat(acts.get("features2_0_se_scale").equalsWithEps(expected, 1e-6)).isTrue();
    }

    /**
     * Seed 001's head on the 1792 features: Linear(1792, 512) → ReLU → Dropout → Linear(512, 1):
     * 1792·512 + 512 + 512 + 1 = 918,529 on top of the features' 17,548,616 = 18,467,145 (torchvision with that
     * classifier agrees).
     */
    @Test
    void seed001Head() {
        ComputationGraph net = Models.build(config("bce", "seed001", 0.5, 64));
        assertThat(ParamCounts.trainable(net, "head_fc"::equals)).isEqualTo(1792L * 512 + 512);
        assertThat(ParamCounts.trainable(net, "output"::equals)).isEqualTo(512 + 1);
        assertThat(ParamCounts.trainable(net)).isEqualTo(18_467_145L);
        LOG.info("efficientnet_b4 with the seed001 head, one logit: {} trainable parameters", ParamCounts.trainable(net));
        assertThat(net.getConfiguration().getVertexInputs().get("head_drop")).containsExactly("head_fc");
        assertThat(net.getConfiguration().getVertexInputs().get("output")).containsExactly("head_drop");
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64));
        assertThat(out.shape()).containsExactly(2, 1);
    }

    /**
     * The squeeze-excitation product on its own, in double precision: backprop through {@link ChannelScaleVertex}
     * (both inputs) agrees with central finite differences, and the vertex survives DL4J's JSON round trip.
     */
    @Test
    void channelScaleVertexGradientsAndJson() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                    .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                    .addInputs("in").setInputTypes(InputType.convolutional(3, 3, 2))
                    .addLayer("conv", new ConvolutionLayer.Builder(1, 1).nOut(4).activation(Activation.TANH).build(), "in")
                    .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(false).build(),
                            "conv")
                    .addLayer("gate", new ConvolutionLayer.Builder(1, 1).nOut(4).activation(Activation.SIGMOID).build(),
                            "pool")
                    .addVertex("scale", new ChannelScaleVertex(), "conv", "gate")
                    .addLayer("avg", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "scale")
                    .addLayer("out", new OutputLayer.Builder(new LossMCXENT()).nOut(2).activation(Activation.SOFTMAX)
                            .build(), "avg")
                    .setOutputs("out").build();
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            Nd4j.getRandom().setSeed(11);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 3, 3).subi(0.5);
            INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}});
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).epsilon(1e-6).maxRelError(1e-4)
                    .minAbsoluteError(1e-9).print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(true));
            assertThat(ok).isTrue();

            ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
            assertThat(back.getVertices().get("scale")).isInstanceOf(ChannelScaleVertex.class);
            assertThat(back).isEqualTo(conf);
        } finally {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        }
    }

    @Test
    void rejectsUnknownHeadsAndTooSmallImages() {
        assertThatThrownBy(() -> Models.build(config("ce", "seed01", 0, 64)))
                .isInstanceOf(PulmoException.class).hasMessageContaining("model.head").hasMessageContaining("seed001");
        assertThatThrownBy(() -> Models.build(config("ce", "linear", 0, 31)))
                .isInstanceOf(PulmoException.class).hasMessageContaining("data.image.size").hasMessageContaining("31");
    }

    /** 30 Adam steps (lr 1e-3) on one fixed batch of 8 random 64×64 images at least halve the loss. */
    @Test
    void overfitsOneBatch() {
        ModelFixtures.assertOverfitsOneBatch(Models.build(config("ce", "linear", 0, 64)), "efficientnet_b4");
    }
}
