package io.pulmo.experiments;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.classification.ClassificationTask;
import io.pulmo.common.config.Task;
import io.pulmo.common.data.MaskedImages;
import io.pulmo.segmentation.SegmentationTask;
import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.data.Datasets;
import io.pulmo.common.data.ImageDecoder;
import io.pulmo.common.data.Normalization;
import io.pulmo.common.run.HistoryCsv;
import io.pulmo.common.run.HistoryRow;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.run.RunInfo;
import io.pulmo.common.train.CheckpointListener;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored run, for notebooks and other JVM code; the CLI's {@code eval} and {@code predict} use it too.
 *
 * <pre>{@code
 * Run run = Run.load(Path.of("runs/quickstart"));
 * double auc = ((Number) run.metrics().get("auc")).doubleValue();
 * Run.Prediction p = run.predict(Path.of("chest.jpeg"));
 * }</pre>
 */
public final class Run {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory dir;
    private final ExperimentConfig config;
    private ComputationGraph best;

    private Run(RunDirectory dir, ExperimentConfig config) {
        this.dir = dir;
        this.config = config;
    }

    /** Opens a run directory (it must hold {@code config.yaml} and {@code run.json}). */
    public static Run load(Path dir) {
        RunDirectory rd = new RunDirectory(dir);
        if (!Files.isRegularFile(rd.configYaml()) || !Files.isRegularFile(rd.runJson())) {
            throw new PulmoException("not a run directory: " + dir + " (no config.yaml / run.json)");
        }
        ExperimentConfig config = ConfigLoader.load(rd.configYaml(), List.of()).variants().get(0).config();
        return new Run(rd, config);
    }

    public Path dir() {
        return dir.dir();
    }

    public ExperimentConfig config() {
        return config;
    }

    public RunInfo info() {
        return dir.readInfo();
    }

    /** The test metrics ({@code metrics.json}); fails when the run has not finished. */
    public Map<String, Object> metrics() {
        return readMetrics(dir.metrics());
    }

    public List<HistoryRow> history() {
        return HistoryCsv.read(dir.history());
    }

    /** The class names in label order; none for segmentation. */
    public List<String> classes() {
        if (config.task() == Task.SEGMENTATION) {
            return List.of();
        }
        if (Files.isRegularFile(dir.metrics())) {
            Object c = metrics().get("classes");
            if (c instanceof List<?> l) {
                return l.stream().map(String::valueOf).toList();
            }
        }
        return Datasets.load(config).classes();
    }

    /** A checkpoint by name: {@code best}, {@code last}, {@code epoch-N}, or a file path. */
    public ComputationGraph model(String checkpoint) {
        return CheckpointListener.restore(checkpointFile(checkpoint), false);
    }

    public Path checkpointFile(String checkpoint) {
        return switch (checkpoint) {
            case "best" -> dir.checkpoints().resolve(CheckpointListener.BEST);
            case "last" -> dir.checkpoints().resolve(CheckpointListener.LAST);
            default -> checkpoint.matches("epoch-\\d+") ? dir.checkpoints().resolve(checkpoint + ".zip") : Path.of(checkpoint);
        };
    }

    /** Re-evaluates a checkpoint on a split into {@code eval/<checkpoint>-<split>/}; returns its metrics. */
    public Map<String, Object> evaluate(String checkpoint, String split) {
        Backend.init();
        ComputationGraph model = model(checkpoint);
        String tag = checkpoint.contains("/") || checkpoint.endsWith(".zip")
                ? Path.of(checkpoint).getFileName().toString().replaceAll("\\.zip$", "") : checkpoint;
        Path out = dir.dir().resolve("eval").resolve(tag + "-" + split);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new PulmoException("cannot create " + out + ": " + e.getMessage(), e);
        }
        Map<String, Object> metrics = config.task() == Task.SEGMENTATION
                ? SegmentationTask.evaluate(config, model, Datasets.loadSegmentation(config).split(split), split,
                        out.resolve("predictions.csv"), out.resolve("overlays"))
                : ClassificationTask.evaluate(config, model, Datasets.load(config), split,
                        out.resolve("predictions.csv"), out.resolve("confusion.png"));
        RunDirectory.writeJson(out.resolve("metrics.json"), metrics);
        return metrics;
    }

    /**
     * One scored input. Classification: {@code score} is P(positive class) for two classes, else the top
     * probability. Segmentation: {@code pred} is 1 when the predicted mask is not empty, {@code score} the largest
     * pixel probability, and {@code mask} holds the picture.
     */
    public record Prediction(Path input, String pred, double score, Map<String, Double> probabilities, Mask mask) {
    }

    /**
     * A predicted mask at the model's input size.
     *
     * @param image the input as the model saw it (first channel, [0, 1])
     * @param mask  0/1 at the run's threshold
     */
    public record Mask(float[] image, float[] mask, int size) {
    }

    public Prediction predict(Path image) {
        return predict(List.of(image)).get(0);
    }

    /** Scores images with the best checkpoint and the run's decision threshold. */
    public List<Prediction> predict(List<Path> images) {
        Backend.init();
        if (best == null) {
            best = model("best");
        }
        if (config.task() == Task.SEGMENTATION) {
            return predictMasks(images);
        }
        List<String> classes = classes();
        double threshold = config.eval().autoThreshold() && Files.isRegularFile(dir.metrics())
                ? ((Number) metrics().get("threshold")).doubleValue() : config.eval().threshold();
        if (Double.isNaN(threshold)) {
            threshold = io.pulmo.common.config.EvalConfig.DEFAULT_THRESHOLD;
        }
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        ImageDecoder decoder = new ImageDecoder(size, channels);
        Normalization norm = Normalization.forChannels(channels);
        List<Prediction> out = new ArrayList<>();
        for (Path image : images) {
            float[] px = decoder.decode(image);
            norm.apply(px);
            double[] p = ClassificationTask.probabilities(best, Nd4j.create(px, new long[]{1, channels, size, size}),
                    classes.size())[0];
            int pred;
            double score;
            if (classes.size() == 2) {
                score = p[1];
                pred = score >= threshold ? 1 : 0;
            } else {
                pred = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[pred]) {
                        pred = c;
                    }
                }
                score = p[pred];
            }
            Map<String, Double> probs = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                probs.put(classes.get(c), p[c]);
            }
            out.add(new Prediction(image, classes.get(pred), score, probs, null));
        }
        return out;
    }

    private List<Prediction> predictMasks(List<Path> images) {
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        Normalization norm = Normalization.forChannels(channels);
        double threshold = SegmentationTask.threshold(config);
        List<Prediction> out = new ArrayList<>();
        for (Path image : images) {
            float[] px = MaskedImages.readImage(image, size, channels);
            float[] gray = java.util.Arrays.copyOf(px, size * size);
            norm.apply(px);
            float[] p = SegmentationTask.probabilities(best, Nd4j.create(px, new long[]{1, channels, size, size}));
            float[] mask = new float[p.length];
            double max = 0;
            boolean any = false;
            for (int i = 0; i < p.length; i++) {
                max = Math.max(max, p[i]);
                mask[i] = p[i] >= threshold ? 1f : 0f;
                any |= mask[i] > 0;
            }
            out.add(new Prediction(image, any ? "1" : "0", max, Map.of(), new Mask(gray, mask, size)));
        }
        return out;
    }

    private static Map<String, Object> readMetrics(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PulmoException("no metrics: " + file + " (the run has not finished)");
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new PulmoException("unreadable " + file + ": " + e.getMessage(), e);
        }
    }
}
