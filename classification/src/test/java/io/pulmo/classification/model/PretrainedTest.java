package io.pulmo.classification.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ConfigException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.config.ModelConfig;
import io.pulmo.common.train.ParamCounts;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.model.ResNet50;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code model.pretrained} (checkpoint and zoo ImageNet weights) and {@code model.freeze}. */
class PretrainedTest {
    private static final int SIZE = 32;

    @TempDir
    Path tmp;

    /** A 4-class ResNet34 saved once as a Pulmo run directory's best checkpoint, shared by the tests. */
    @TempDir
    static Path shared;
    private static Path run;
    private static ComputationGraph source;

    @AfterEach
    void resetZooCache() {
        DL4JResources.resetBaseDirectoryLocation();
    }

    private static ExperimentConfig config(String arch, int classes, long seed, String pretrained, int freeze) {
        ExperimentConfig c = ModelFixtures.config(arch, classes, "ce", "linear", 0, SIZE, 3);
        ModelConfig m = c.model();
        ModelConfig model = new ModelConfig(m.arch(), m.base(), classes, m.head(), m.dropout(), pretrained,
                m.denseDropout(), freeze);
        return new ExperimentConfig(null, null, seed, c.data(), model, c.loss(), c.optimizer(), null, null, null, null);
    }

    @org.junit.jupiter.api.BeforeAll
    static void saveSource() throws IOException {
        source = Models.build(config("resnet34", 4, 1, "none", 0));
        run = shared.resolve("run");
        Files.createDirectories(run.resolve("checkpoints"));
        ModelSerializer.writeModel(source, run.resolve("checkpoints/best.zip").toFile(), false);
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.FLOAT, 2, 3, SIZE, SIZE);
    }

    @Test
    void aCheckpointInitialisesTheBackboneAndTheHeadIsNew() throws IOException {
        // a run directory stands for its best checkpoint; the head goes from 4 classes to 2
        ComputationGraph target = Models.build(config("resnet34", 2, 2, run.toString(), 0));

        INDArray x = input();
        Map<String, INDArray> a = source.feedForward(x, false);
        Map<String, INDArray> b = target.feedForward(x, false);
        for (String vertex : new String[] {"maxpool", "layer1_2_relu", "layer3_5_relu", "layer4_2_relu", "avgpool"}) {
            assertThat(b.get(vertex)).as(vertex).isEqualTo(a.get(vertex));
        }
        assertThat(target.getLayer("output").getParam("W").shape()).containsExactly(512, 2);
        assertThat(b.get("output").shape()).containsExactly(2, 2);
        // and a fresh start differs: the equality above is the copy, not the seed
        ComputationGraph fresh = Models.build(config("resnet34", 2, 2, "none", 0));
        assertThat(fresh.feedForward(x, false).get("layer1_2_relu")).isNotEqualTo(a.get("layer1_2_relu"));
    }

    @Test
    void frozenStagesKeepTheirWeightsWhileTheRestTrains() throws IOException {
        ComputationGraph net = Models.build(config("resnet34", 2, 2, run.resolve("checkpoints/best.zip").toString(), 2));

        assertThat(net.getLayer("conv1")).isInstanceOf(FrozenLayer.class);
        assertThat(net.getLayer("layer1_2_conv2")).isInstanceOf(FrozenLayer.class);
        assertThat(net.getLayer("layer2_0_conv1")).isNotInstanceOf(FrozenLayer.class);
        long frozen = ParamCounts.frozen(net);
        assertThat(frozen).isEqualTo(source.getLayer("conv1").numParams() + source.getLayer("bn1").numParams()
                + ParamCounts.trainable(source, n -> n.startsWith("layer1_"))
                + 3 * 2 * 2 * 64); // layer1's six BatchNorms' running mean and variance

        INDArray x = input();
        INDArray y = Nd4j.create(new float[][] {{1, 0}, {0, 1}});
        for (int i = 0; i < 3; i++) {
            net.fit(new DataSet(x, y));
        }
        for (String layer : new String[] {"conv1", "bn1", "layer1_0_conv1", "layer1_2_bn2"}) {
            assertThat(net.getLayer(layer).params()).as(layer).isEqualTo(source.getLayer(layer).params());
        }
        for (String layer : new String[] {"layer2_0_conv1", "layer4_2_bn2"}) {
            assertThat(net.getLayer(layer).params()).as(layer).isNotEqualTo(source.getLayer(layer).params());
        }
    }

    @Test
    void freezingMoreStagesThanTheNetworkHasIsAnError() throws IOException {
        assertThatThrownBy(() -> Models.build(config("resnet34", 2, 2, run.toString(), 6)))
                .isInstanceOf(PulmoException.class)
                .hasMessage("model.freeze: 6 stages, but resnet34 has 5 (stem, layer1, layer2, layer3, layer4)");
        assertThatThrownBy(() -> config("resnet34", 2, 2, "none", 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.freeze: 1 freezes random weights");
    }

    @Test
    void aCheckpointOfAnotherArchitectureOrNoFileIsAClearError() throws IOException {
        assertThatThrownBy(() -> Models.build(config("densenet121", 2, 2, run.toString(), 0)))
                .isInstanceOf(PulmoException.class)
                .hasMessage("model.pretrained: no layer of " + run + " matches model.arch densenet121 by name and shape");
        Path missing = tmp.resolve("nothing.zip");
        assertThatThrownBy(() -> Models.build(config("resnet34", 2, 2, missing.toString(), 0)))
                .isInstanceOf(PulmoException.class).hasMessage("checkpoint not found: " + missing);
    }

    @Test
    void imagenetNamesTheMissingZooFile() {
        DL4JResources.setBaseDirectory(tmp.toFile());
        File expected = tmp.resolve("models/resnet50/resnet50_dl4j_inference.v3.zip").toFile();
        assertThat(ZooResNet50.imagenetFile()).isEqualTo(expected);
        assertThatThrownBy(() -> Models.build(config(ZooResNet50.ARCH, 2, 2, "imagenet", 0)))
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("model.pretrained: imagenet needs DL4J's zoo ResNet50 weights, missing: " + expected);
        assertThatThrownBy(() -> Models.build(config("resnet50", 2, 2, "imagenet", 0)))
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("model.pretrained: imagenet weights exist here only for model.arch resnet50-zoo");
        assertThat(tmp.resolve("models")).doesNotExist();
    }

    /**
     * The zoo's own network (1000 classes, 224 px) stands in for the ImageNet file: every backbone layer of
     * {@code resnet50-zoo} takes its weights, whatever the input size, and only the head is new.
     */
    @Test
    void imagenetLoadsTheZooCheckpointIntoResnet50Zoo() throws IOException {
        DL4JResources.setBaseDirectory(tmp.toFile());
        ComputationGraph zoo = ResNet50.builder().numClasses(1000).build().init();
        File file = ZooResNet50.imagenetFile();
        Files.createDirectories(file.toPath().getParent());
        ModelSerializer.writeModel(zoo, file, false);

        ComputationGraph net = Models.build(config(ZooResNet50.ARCH, 2, 2, "imagenet", 4));
        for (String layer : new String[] {"stem-cnn1", "bn2a_branch2a", "res4f_branch2c", "res5c_branch2c", "bn5c_branch2c"}) {
            assertThat(net.getLayer(layer).params()).as(layer).isEqualTo(zoo.getLayer(layer).params());
        }
        assertThat(net.getLayer("res4f_branch2c")).isInstanceOf(FrozenLayer.class);
        assertThat(net.getLayer("res5a_branch2a")).isNotInstanceOf(FrozenLayer.class);
        assertThat(net.getLayer("output").getParam("W").shape()).containsExactly(2048, 2);
        assertThat(net.outputSingle(input()).shape()).containsExactly(2, 2);
    }

    /**
     * The zoo topology with a 1000-class linear head has Keras's ResNet50 counts: 25,636,712 parameters with
     * BatchNorm statistics, 25,583,592 trainable.
     */
    @Test
    void resnet50ZooHasKerasCounts() {
        ComputationGraph net = Models.build(config(ZooResNet50.ARCH, 1000, 2, "none", 0));
        assertThat(ParamCounts.total(net)).isEqualTo(25_636_712L);
        assertThat(ParamCounts.trainable(net)).isEqualTo(25_583_592L);
    }
}
