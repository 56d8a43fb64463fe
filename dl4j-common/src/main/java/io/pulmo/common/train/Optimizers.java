package io.pulmo.common.train;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.OptimizerConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * {@code optimizer.*} to DL4J: {@code sgd} (with {@code momentum} &gt; 0: PyTorch's heavy-ball momentum,
 * {@link SgdMomentum}), {@code adam}, and
 * {@code adamw} — Adam with decoupled weight decay (DL4J has no AdamW class; its {@code WeightDecay} regulariser
 * with {@code applyLR=true} subtracts {@code lr·wd·θ} from the update, which is AdamW's decoupled step).
 * For {@code sgd} and {@code adam}, {@code weight_decay} is an L2 penalty as in PyTorch's optimisers.
 */
public final class Optimizers {
    public static final java.util.List<String> TYPES = java.util.List.of("sgd", "adam", "adamw");

    private Optimizers() {
    }

    /** Sets updater and weight decay on a network builder. */
    public static NeuralNetConfiguration.Builder apply(NeuralNetConfiguration.Builder b, OptimizerConfig o) {
        return b.updater(updater(o)).regularization(regularization(o));
    }

    /**
     * Sets updater and weight decay on every layer of a built configuration, replacing what its builder set: for
     * networks whose builder is not Pulmo's (DL4J's zoo models bring their own updater and L1/L2).
     */
    public static void applyToLayers(ComputationGraphConfiguration conf, OptimizerConfig o) {
        for (var vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(updater(o));
                layer.setRegularization(regularization(o));
                layer.setRegularizationBias(new java.util.ArrayList<>());
            }
        }
    }

    /** The weight penalty of {@link #apply}: decoupled weight decay for {@code adamw}, L2 otherwise, none at 0. */
    static java.util.List<Regularization> regularization(OptimizerConfig o) {
        java.util.List<Regularization> r = new java.util.ArrayList<>();
        if (o.weightDecay() > 0) {
            r.add("adamw".equals(o.type()) ? new WeightDecay(o.weightDecay(), true) : new L2Regularization(o.weightDecay()));
        }
        return r;
    }

    public static IUpdater updater(OptimizerConfig o) {
        return switch (o.type()) {
            case "sgd" -> o.momentum() > 0 ? new SgdMomentum(o.lr(), o.momentum()) : new Sgd(o.lr());
            case "adam", "adamw" -> new Adam(o.lr());
            default -> throw new PulmoException("optimizer.type must be one of " + TYPES + ", got '" + o.type() + "'");
        };
    }
}
