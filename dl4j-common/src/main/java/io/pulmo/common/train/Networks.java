package io.pulmo.common.train;

import io.pulmo.common.config.ExperimentConfig;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;

/** The network-wide settings every Pulmo architecture starts from, in every module. */
public final class Networks {
    private Networks() {
    }

    /**
     * Seed, float32, Xavier-uniform initialisation, workspaces on, {@code CacheMode.DEVICE} (so oneDNN convolutions
     * are not recomputed in backprop), and the updater and weight decay of {@code optimizer.*}.
     */
    public static NeuralNetConfiguration.Builder builder(ExperimentConfig config) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.DEVICE);
        return Optimizers.apply(b, config.optimizer());
    }
}
