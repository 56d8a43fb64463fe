package io.pulmo.common.train;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.OptimizerConfig;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
        b.updater(updater(o));
        if (o.weightDecay() > 0) {
            if ("adamw".equals(o.type())) {
                b.weightDecay(o.weightDecay(), true);
            } else {
                b.l2(o.weightDecay());
            }
        }
        return b;
    }

    public static IUpdater updater(OptimizerConfig o) {
        return switch (o.type()) {
            case "sgd" -> o.momentum() > 0 ? new SgdMomentum(o.lr(), o.momentum()) : new Sgd(o.lr());
            case "adam", "adamw" -> new Adam(o.lr());
            default -> throw new PulmoException("optimizer.type must be one of " + TYPES + ", got '" + o.type() + "'");
        };
    }
}
