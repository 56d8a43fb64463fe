package io.pulmo.experiments;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A model's layers and parameter counts, as {@code pulmo model} prints them. DL4J stores BatchNorm running mean and
 * variance as parameters; they are counted in {@code total} but not in {@code trainable}.
 */
public final class ModelSummary {
    private ModelSummary() {
    }

    /** Parameters that gradient descent updates: everything but BatchNorm running statistics. */
    public static long trainable(ComputationGraph net) {
        return net.numParams() - runningStatistics(net);
    }

    public static long runningStatistics(ComputationGraph net) {
        long n = 0;
        for (Layer l : net.getLayers()) {
            if (l instanceof BatchNormalization) {
                // running mean and variance ("var", or "log10stdev" when the layer stores log10 of the std)
                for (var e : l.paramTable().entrySet()) {
                    if (!e.getKey().equals("gamma") && !e.getKey().equals("beta")) {
                        n += e.getValue().length();
                    }
                }
            }
        }
        return n;
    }

    public static void print(PrintWriter out, ComputationGraph net) {
        for (int i : net.topologicalSortOrder()) {
            GraphVertex v = net.getVertices()[i];
            String type;
            long params = 0;
            if (v.hasLayer()) {
                Layer l = v.getLayer();
                type = l.conf().getLayer().getClass().getSimpleName();
                params = l.numParams();
            } else {
                type = v.getClass().getSimpleName().replace("Vertex", "") + (v.isInputVertex() ? " (input)" : "");
            }
            String inputs = v.getInputVertices() == null ? "" : " <- " + String.join(", ",
                    java.util.Arrays.stream(v.getInputVertices()).map(iv -> net.getVertices()[iv.getVertexIndex()].getVertexName())
                            .toList());
            out.printf(Locale.ROOT, "%-20s %-24s %,12d%s%n", v.getVertexName(), type, params, inputs);
        }
        out.printf(Locale.ROOT, "params: trainable=%d total=%d%n", trainable(net), net.numParams());
    }
}
