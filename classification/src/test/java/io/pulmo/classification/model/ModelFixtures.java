package io.pulmo.classification.model;

import io.pulmo.common.config.DataConfig;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.config.ImageConfig;
import io.pulmo.common.config.LossConfig;
import io.pulmo.common.config.ModelConfig;
import io.pulmo.common.config.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;

/** Configs and the one-batch overfit check shared by the architecture tests. */
final class ModelFixtures {
    private ModelFixtures() {
    }

    /** A config building {@code arch} at {@code size}² with {@code channels}, batch 8, Adam lr 1e-3. */
    static ExperimentConfig config(String arch, int classes, String loss, String head, double dropout, int size,
                                   int channels) {
        DataConfig data = new DataConfig(null, null, new ImageConfig(size, channels), 8, null, null, null);
        ModelConfig model = new ModelConfig(arch, 16, classes, head, dropout, "none");
        LossConfig lossConfig = new LossConfig(loss, null, null, LossConfig.DEFAULT_GAMMA, LossConfig.DEFAULT_SCALE,
                LossConfig.DEFAULT_SMOOTH);
        OptimizerConfig adam = new OptimizerConfig("adam", 1e-3, 0.9, 0.0);
        return new ExperimentConfig(null, null, 42L, data, model, lossConfig, adam, null, null, null, null);
    }

    /** Eight random 64×64 RGB images, classes 1 0 1 0 …, under a fixed seed. */
    static DataSet fixedBatch() {
        Nd4j.getRandom().setSeed(123);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 3, 64, 64);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 2);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 2, 1f);
        }
        return new DataSet(x, y);
    }

    /** 30 fits on {@link #fixedBatch()} at least halve the training-mode loss. */
    static void assertOverfitsOneBatch(ComputationGraph net, String label) {
        DataSet batch = fixedBatch();
        double initial = net.score(batch, true);
        for (int step = 0; step < 30; step++) {
            net.fit(batch);
        }
        double last = net.score(batch, true);
        assertThat(initial).isFinite().isPositive();
        assertThat(last).as("%s loss %.4f -> %.4f after 30 steps", label, initial, last).isFinite()
                .isLessThan(initial / 2);
    }
}
