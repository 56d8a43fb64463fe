package io.pulmo.segmentation.model;

import io.pulmo.common.config.DataConfig;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.config.ImageConfig;
import io.pulmo.common.config.LossConfig;
import io.pulmo.common.config.ModelConfig;
import io.pulmo.common.config.OptimizerConfig;
import io.pulmo.common.config.Task;
import io.pulmo.common.train.ParamCounts;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The segmentation architectures: PyTorch's parameter counts, shapes, and learning one batch. */
class UNetTest {

    static ExperimentConfig config(String arch, int base, int size, int channels, String loss) {
        return config(arch, base, size, channels, loss, 1e-3);
    }

    static ExperimentConfig config(String arch, int base, int size, int channels, String loss, double lr) {
        DataConfig data = new DataConfig(null, "pneumothorax", new ImageConfig(size, channels), 2, null, null, null);
        ModelConfig model = new ModelConfig(arch, base, 2, "linear", 0, "none");
        LossConfig l = new LossConfig(loss, null, null, LossConfig.DEFAULT_GAMMA, LossConfig.DEFAULT_SCALE,
                LossConfig.DEFAULT_SMOOTH);
        return new ExperimentConfig(null, Task.SEGMENTATION, 42L, data, model, l,
                new OptimizerConfig("adam", lr, 0.9, 0.0), null, null, null, null);
    }

    /** Seed 004's UNet with one input channel: PyTorch counts 23,379,969 parameters; BatchNorm adds 9,856 statistics. */
    @Test
    void seedUnetHasTheStudysParameterCount() {
        ComputationGraph net = SegmentationModels.build(config("unet", 64, 32, 1, "bce"));
        assertThat(ParamCounts.trainable(net)).isEqualTo(23_379_969L);
        assertThat(ParamCounts.runningStatistics(net)).isEqualTo(9_856L);
        assertThat(ParamCounts.trainable(net, n -> n.startsWith("enc1_"))).isEqualTo(640 + 128 + 36_928 + 128);
        assertThat(ParamCounts.trainable(net, n -> n.startsWith("unpool4"))).isEqualTo(512 * 512 * 4 + 512);
        INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 32, 32));
        assertThat(out.shape()).containsExactly(2, 1, 32, 32);
        assertThat(out.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(out.maxNumber().doubleValue()).isLessThanOrEqualTo(1);
    }

    /** The LUNA book's UNetWrapper(7, 1, depth 3, wf 4, padding, batch norm, upconv): 118,271 parameters + 654. */
    @Test
    void lunaUnetHasTheBooksParameterCount() {
        ComputationGraph net = SegmentationModels.build(config("unet-luna", 16, 32, 7, "dice"));
        assertThat(ParamCounts.trainable(net)).isEqualTo(118_271L);
        assertThat(ParamCounts.runningStatistics(net)).isEqualTo(654L);
        assertThat(ParamCounts.trainable(net, n -> n.equals("input_bn"))).isEqualTo(14);
        assertThat(net.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 7, 32, 32)).shape()).containsExactly(1, 1, 32, 32);
    }

    @Test
    void sizesThePoolingCannotHalveAreRejected() {
        assertThatThrownBy(() -> SegmentationModels.build(config("unet", 8, 40, 1, "bce")))
                .hasMessage("data.image.size must be a multiple of 16 for unet (four 2×2 poolings), got 40");
        assertThatThrownBy(() -> SegmentationModels.build(config("unet-3d", 8, 32, 1, "bce")))
                .hasMessage("model.arch: unknown architecture 'unet-3d' for segmentation; known: unet, unet-luna");
    }

    /** A reduced-width UNet fits one fixed batch of a square mask: each loss falls below half its start in 30 steps. */
    @Test
    void reducedUnetOverfitsOneBatch() {
        for (String loss : new String[] {"bce", "dice", "bce-dice"}) {
            ComputationGraph net = SegmentationModels.build(config("unet", 8, 32, 1, loss, 3e-3));
            Nd4j.getRandom().setSeed(3);
            INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 32, 32);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 1, 32, 32);
            y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(8, 20),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(10, 24)).assign(1);
            x.addi(y);
            DataSet ds = new DataSet(x, y);
            double initial = net.score(ds, true);
            for (int i = 0; i < 30; i++) {
                net.fit(ds);
            }
            assertThat(net.score(ds, true)).as(loss).isLessThan(initial / 2);
        }
    }
}
