package io.pulmo.common.train;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;

import java.util.function.Predicate;

/**
 * Parameter counts as PyTorch reports them. DL4J stores BatchNorm running mean and variance as parameters; they
 * count in {@link #total} but not in {@link #trainable}.
 */
public final class ParamCounts {
    private ParamCounts() {
    }

    /** Every parameter DL4J holds, BatchNorm running statistics included. */
    public static long total(ComputationGraph net) {
        return net.numParams();
    }

    /**
     * Parameters that gradient descent updates: everything but BatchNorm running statistics and frozen layers
     * ({@code model.freeze}).
     */
    public static long trainable(ComputationGraph net) {
        return trainable(net, name -> true);
    }

    /** Trainable parameters of the layers whose name passes {@code layers} (e.g. a stage prefix {@code layer1_}). */
    public static long trainable(ComputationGraph net, Predicate<String> layers) {
        long n = 0;
        for (Layer l : net.getLayers()) {
            if (!(l instanceof FrozenLayer) && layers.test(l.conf().getLayer().getLayerName())) {
                n += l.numParams() - runningStatistics(l);
            }
        }
        return n;
    }

    /** Parameters of frozen layers ({@code model.freeze}), their BatchNorm running statistics included. */
    public static long frozen(ComputationGraph net) {
        long n = 0;
        for (Layer l : net.getLayers()) {
            if (l instanceof FrozenLayer) {
                n += l.numParams();
            }
        }
        return n;
    }

    /** BatchNorm running mean and variance over the whole network. */
    public static long runningStatistics(ComputationGraph net) {
        long n = 0;
        for (Layer l : net.getLayers()) {
            n += runningStatistics(l);
        }
        return n;
    }

    private static long runningStatistics(Layer l) {
        if (l instanceof FrozenLayer frozen) {
            return runningStatistics(frozen.getInsideLayer());
        }
        if (!(l instanceof BatchNormalization)) {
            return 0;
        }
        // running mean and variance ("var", or "log10stdev" when the layer stores log10 of the std)
        long n = 0;
        for (var e : l.paramTable().entrySet()) {
            if (!e.getKey().equals("gamma") && !e.getKey().equals("beta")) {
                n += e.getValue().length();
            }
        }
        return n;
    }
}
