package io.pulmo.ct3d.classify;

import io.pulmo.common.config.DataConfig;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.config.LossConfig;
import io.pulmo.common.config.ModelConfig;
import io.pulmo.common.config.OptimizerConfig;
import io.pulmo.common.config.Task;
import io.pulmo.common.train.ParamCounts;
import io.pulmo.ct3d.Ct3dModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** The book's LunaModel: PyTorch's parameter count, the output, and learning one batch of chunks. */
class LunaModelTest {

    static ExperimentConfig config(int base) {
        DataConfig data = new DataConfig(null, null, null, 4, null, null, null);
        ModelConfig model = new ModelConfig(LunaModel.ARCH, base, 2, "linear", 0, "none");
        return new ExperimentConfig(null, Task.CT3D, 42L, data, model, new LossConfig(),
                new OptimizerConfig("adam", 1e-3, 0.9, 0.0), null, null, null, null);
    }

    /** PyTorch: 222,220 trainable parameters (BatchNorm3d(1) has 2 running statistics more). */
    @Test
    void hasTheBooksParameterCount() {
        ComputationGraph net = Ct3dModels.build(config(LunaModel.BASE));
        assertThat(ParamCounts.trainable(net)).isEqualTo(222_220L);
        assertThat(ParamCounts.runningStatistics(net)).isEqualTo(2L);
        assertThat(ParamCounts.trainable(net, n -> n.startsWith("block4_"))).isEqualTo(55_360L + 110_656L);
        assertThat(net.getLayer("output").getParam("W").shape()).containsExactly(1152, 2);
        INDArray p = net.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 1, 32, 48, 48));
        assertThat(p.shape()).containsExactly(2, 2);
        assertThat(p.sum(1).getDouble(0)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }

    /** A checkpoint keeps the voxel-row preprocessors around the input BatchNorm: same outputs after a round trip. */
    @Test
    void survivesACheckpointRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        ComputationGraph net = Ct3dModels.build(config(4));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 32, 48, 48);
        java.io.File f = tmp.resolve("luna.zip").toFile();
        org.deeplearning4j.util.ModelSerializer.writeModel(net, f, false);
        ComputationGraph back = org.deeplearning4j.util.ModelSerializer.restoreComputationGraph(f, false);
        assertThat(back.outputSingle(x)).isEqualTo(net.outputSingle(x));
    }

    /** Two chunks, one with a bright sphere in the middle: 20 steps separate them. */
    @Test
    void learnsASphereFromNoise() {
        ComputationGraph net = Ct3dModels.build(config(4));
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 32, 48, 48).muli(0.2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 2);
        for (int n = 0; n < 4; n++) {
            boolean nodule = n % 2 == 0;
            y.putScalar(n, nodule ? 1 : 0, 1f);
            if (nodule) {
                for (int i = 10; i < 22; i++) {
                    for (int r = 18; r < 30; r++) {
                        for (int c = 18; c < 30; c++) {
                            if ((i - 16) * (i - 16) + (r - 24) * (r - 24) + (c - 24) * (c - 24) < 30) {
                                x.putScalar(new long[] {n, 0, i, r, c}, 1f);
                            }
                        }
                    }
                }
            }
        }
        DataSet ds = new DataSet(x, y);
        double initial = net.score(ds, true);
        for (int step = 0; step < 20; step++) {
            net.fit(ds);
        }
        assertThat(net.score(ds, true)).isLessThan(initial / 2);
        INDArray p = net.outputSingle(x);
        for (int n = 0; n < 4; n++) {
            assertThat(p.getDouble(n, 1) > 0.5).as("chunk " + n).isEqualTo(n % 2 == 0);
        }
    }
}
