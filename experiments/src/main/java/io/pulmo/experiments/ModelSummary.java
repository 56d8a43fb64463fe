package io.pulmo.experiments;

import io.pulmo.common.train.ParamCounts;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A model's layers and parameter counts, as {@code pulmo model} prints them (see {@link ParamCounts}).
 */
public final class ModelSummary {
    private ModelSummary() {
    }

    public static void print(PrintWriter out, ComputationGraph net) {
        for (int i : net.topologicalSortOrder()) {
            GraphVertex v = net.getVertices()[i];
            String type;
            long params = 0;
            if (v.hasLayer()) {
                Layer l = v.getLayer();
                type = l instanceof org.deeplearning4j.nn.layers.FrozenLayer f
                        ? "frozen " + f.getInsideLayer().conf().getLayer().getClass().getSimpleName()
                        : l.conf().getLayer().getClass().getSimpleName();
                params = l.numParams();
            } else {
                type = v.getClass().getSimpleName().replace("Vertex", "") + (v.isInputVertex() ? " (input)" : "");
            }
            String inputs = v.getInputVertices() == null ? "" : " <- " + String.join(", ",
                    java.util.Arrays.stream(v.getInputVertices()).map(iv -> net.getVertices()[iv.getVertexIndex()].getVertexName())
                            .toList());
            out.printf(Locale.ROOT, "%-20s %-24s %,12d%s%n", v.getVertexName(), type, params, inputs);
        }
        if (ParamCounts.frozen(net) > 0) {
            out.printf(Locale.ROOT, "frozen: %,d parameters (model.freeze)%n", ParamCounts.frozen(net));
        }
        out.printf(Locale.ROOT, "params: trainable=%d total=%d%n", ParamCounts.trainable(net), ParamCounts.total(net));
    }
}
