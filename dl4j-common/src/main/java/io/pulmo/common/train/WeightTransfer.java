package io.pulmo.common.train;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ModelConfig;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Starting a network from another one's weights ({@code model.pretrained}) and keeping its first stages fixed
 * ({@code model.freeze}), for every module's models.
 *
 * <p>Layers are matched by name: a layer of the target takes the source's parameters when the source has a layer
 * of the same name with the same parameter names and shapes (BatchNorm running mean and variance are parameters in
 * DL4J, so they come along). Everything else keeps its fresh initialisation, and the caller names the layers that
 * are always new (the head).
 */
public final class WeightTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(WeightTransfer.class);

    private WeightTransfer() {
    }

    /**
     * A stage of a network, for freezing: its name and the names of its vertices.
     *
     * @param name     e.g. {@code layer1}
     * @param vertices matches the whole name of each vertex of the stage
     */
    public record Stage(String name, Pattern vertices) {
        /** The vertices named {@code name} or {@code name_…}. */
        public static Stage of(String name) {
            return new Stage(name, Pattern.compile(Pattern.quote(name) + "(_.*)?"));
        }

        /** The vertices whose names match {@code regex}. */
        public static Stage of(String name, String regex) {
            return new Stage(name, Pattern.compile(regex));
        }

        boolean contains(String vertex) {
            return vertices.matcher(vertex).matches();
        }
    }

    /**
     * What {@link #copyMatching} did.
     *
     * @param copied     target layers that took the source's parameters
     * @param mismatched target layers whose namesake in the source has other parameter shapes
     * @param fresh      target layers with parameters that the source lacks or that were excluded
     */
    public record Report(List<String> copied, List<String> mismatched, List<String> fresh) {
        /** One line for the log. */
        public String summary() {
            return "copied " + copied.size() + " of " + (copied.size() + mismatched.size() + fresh.size())
                    + " layers with parameters; new: " + names(fresh)
                    + (mismatched.isEmpty() ? "" : "; other shapes, left new: " + names(mismatched));
        }

        private static String names(List<String> l) {
            return l.isEmpty() ? "none" : l.size() <= 6 ? String.join(", ", l)
                    : String.join(", ", l.subList(0, 6)) + " and " + (l.size() - 6) + " more";
        }
    }

    /**
     * Copies the parameters of every layer of {@code target} that {@code source} has with the same name and shapes,
     * except those named in {@code exclude}.
     */
    public static Report copyMatching(ComputationGraph source, ComputationGraph target, Set<String> exclude) {
        List<String> copied = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (GraphVertex vertex : target.getVertices()) {
            if (!vertex.hasLayer() || vertex.getLayer().numParams() == 0) {
                continue;
            }
            String name = vertex.getVertexName();
            GraphVertex from = source.getVertex(name);
            if (exclude.contains(name) || from == null || !from.hasLayer()) {
                fresh.add(name);
            } else if (sameShapes(from.getLayer().paramTable(), vertex.getLayer().paramTable())) {
                Map<String, INDArray> src = from.getLayer().paramTable();
                Layer layer = vertex.getLayer();
                src.forEach((key, value) -> layer.getParam(key).assign(value));
                copied.add(name);
            } else {
                mismatched.add(name);
            }
        }
        return new Report(copied, mismatched, fresh);
    }

    /**
     * Applies {@code model.pretrained} and {@code model.freeze} to a freshly built network: copies the matching
     * layers (all but {@code head}) from the pretrained network, then freezes the first stages.
     *
     * @param named pretrained networks known by name (e.g. {@code imagenet}); any other value is a checkpoint file or
     *              a run directory (its {@code checkpoints/best.zip})
     * @return {@code net}, or its frozen copy
     */
    public static ComputationGraph initialise(ComputationGraph net, ModelConfig m, List<Stage> stages, Set<String> head,
                                              Map<String, Supplier<ComputationGraph>> named) {
        if (!ModelConfig.DEFAULT_PRETRAINED.equals(m.pretrained())) {
            Supplier<ComputationGraph> source = named.get(m.pretrained());
            Report report = copyMatching(source != null ? source.get()
                    : CheckpointListener.restore(checkpointOf(Path.of(m.pretrained())), false), net, head);
            if (report.copied().isEmpty()) {
                throw new PulmoException("model.pretrained: no layer of " + m.pretrained() + " matches model.arch "
                        + m.arch() + " by name and shape");
            }
            LOG.info("model.pretrained {}: {}", m.pretrained(), report.summary());
        }
        return freeze(net, stages, m.freeze(), m.arch());
    }

    /**
     * Fails early, before any data is read, when {@code model.pretrained} names a checkpoint that is not there
     * (names in {@code named} are checked when they load).
     */
    public static void checkPretrained(ModelConfig m, Set<String> named) {
        if (!ModelConfig.DEFAULT_PRETRAINED.equals(m.pretrained()) && !named.contains(m.pretrained())) {
            Path file = checkpointOf(Path.of(m.pretrained()));
            if (!Files.isRegularFile(file)) {
                throw new PulmoException("model.pretrained: checkpoint not found: " + file);
            }
        }
    }

    /** A checkpoint file, or a run directory's best checkpoint. */
    static Path checkpointOf(Path p) {
        return Files.isDirectory(p) ? p.resolve("checkpoints").resolve(CheckpointListener.BEST) : p;
    }

    private static boolean sameShapes(Map<String, INDArray> a, Map<String, INDArray> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue().shape(), b.get(e.getKey()).shape()));
    }

    /**
     * The vertex that ends each stage, in order: the stem (everything before the first vertex of the first stage),
     * then the last vertex of each stage in topological order.
     *
     * @param stages the stages after the stem, e.g. ResNet's {@code layer1 … layer4}
     */
    public static List<String> stageEnds(ComputationGraph net, List<Stage> stages) {
        GraphVertex[] vertices = net.getVertices();
        int[] order = net.topologicalSortOrder();
        List<String> ends = new ArrayList<>();
        String stemEnd = null;
        for (int i : order) {
            if (stages.get(0).contains(vertices[i].getVertexName())) {
                break;
            }
            if (!vertices[i].isInputVertex()) {
                stemEnd = vertices[i].getVertexName();
            }
        }
        ends.add(stemEnd);
        for (Stage stage : stages) {
            String end = null;
            for (int i : order) {
                if (stage.contains(vertices[i].getVertexName())) {
                    end = vertices[i].getVertexName();
                }
            }
            if (end == null) {
                throw new IllegalArgumentException("no vertex of stage " + stage.name());
            }
            ends.add(end);
        }
        return ends;
    }

    /**
     * The network with its first {@code n} stages, the stem counted as the first, frozen: their parameters,
     * BatchNorm statistics included, stay as they are, and frozen layers run in inference mode. {@code n = 0}
     * returns {@code net} itself.
     *
     * @param stages see {@link #stageEnds}
     * @param arch   the architecture's id, for the message
     * @throws PulmoException when {@code n} exceeds the number of stages
     */
    public static ComputationGraph freeze(ComputationGraph net, List<Stage> stages, int n, String arch) {
        if (n == 0) {
            return net;
        }
        List<String> ends = stageEnds(net, stages);
        if (n > ends.size()) {
            throw new PulmoException("model.freeze: " + n + " stages, but " + arch + " has " + ends.size()
                    + " (stem, " + String.join(", ", stages.stream().map(Stage::name).toList()) + ")");
        }
        return new TransferLearning.GraphBuilder(net).setFeatureExtractor(ends.get(n - 1)).build();
    }
}
