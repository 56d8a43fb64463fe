package io.pulmo.segmentation;

import io.pulmo.common.PulmoException;
import io.pulmo.common.augment.Augmentations;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.EvalConfig;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.data.Augmentation;
import io.pulmo.common.data.MaskBatchIterator;
import io.pulmo.common.data.MaskedImages;
import io.pulmo.common.data.Normalization;
import io.pulmo.common.data.SegmentationItem;
import io.pulmo.common.data.SegmentationSplits;
import io.pulmo.common.metrics.SegmentationMetrics;
import io.pulmo.common.metrics.SegmentationReport;
import io.pulmo.common.report.DatasetPlots;
import io.pulmo.common.run.AtomicFiles;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.train.EpochEvaluator;
import io.pulmo.common.train.TrainListener;
import io.pulmo.common.train.Training;
import io.pulmo.common.train.WeightTransfer;
import io.pulmo.segmentation.model.SegmentationModels;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Segmentation end to end on one run directory: training through the shared {@link Training}, validation Dice and
 * IoU per epoch, then evaluation into {@code metrics.json}, {@code predictions.csv} (a row per test image) and
 * {@code overlays/} (the prediction in red over the image, the truth's outline in green).
 */
public final class SegmentationTask {
    /** Validation metrics recorded per epoch in {@code history.csv}, after {@code val_loss}. */
    public static final List<String> EPOCH_METRICS = List.of("dice", "iou", "recall", "precision");
    /** Columns of {@code predictions.csv} (CLI.md). */
    public static final List<String> PREDICTION_COLUMNS = List.of("id", "label", "score", "pred", "dice", "iou",
            "recall", "precision", "mask_pixels", "pred_pixels");

    private SegmentationTask() {
    }

    /**
     * Trains a model for {@code config} into {@code run}; with {@code resume}, continues from
     * {@code checkpoints/last.zip} and {@code state.json}.
     *
     * @param stats          where the dashboard's statistics go, or null
     * @param extraListeners trainer listeners called after the built-in ones
     */
    public static Training.Outcome train(ExperimentConfig config, SegmentationSplits data, RunDirectory run,
                                         boolean resume, StatsStorageRouter stats, List<TrainListener> extraListeners) {
        Backend.init();
        WeightTransfer.checkPretrained(config.model(), Set.of());
        try (MaskBatchIterator train = iterator(config, data.train(), true);
             MaskBatchIterator val = data.val().isEmpty() ? null : iterator(config, data.val(), false)) {
            train.checkAll();
            if (val != null) {
                val.checkAll();
            }
            EpochEvaluator evaluator = val == null ? EpochEvaluator.NONE : m -> validate(config, m, val);
            return Training.run(config, run, resume, () -> SegmentationModels.build(config), train, evaluator, stats,
                    extraListeners);
        }
    }

    /**
     * The iterator a split is read with: shuffled, seeded and augmented ({@code data.augment}: geometric transforms
     * on image and mask alike, intensity ones on the image) for training, in dataset order and unchanged otherwise.
     */
    public static MaskBatchIterator iterator(ExperimentConfig config, List<SegmentationItem> items, boolean training) {
        int channels = config.data().image().channels();
        return new MaskBatchIterator(items, config.data().batch(), config.data().image().size(), channels,
                Normalization.forChannels(channels), training, config.seed(),
                training ? Augmentations.geometric(config.data().augment()) : Augmentation.NONE,
                training ? Augmentations.photometric(config.data().augment()) : Augmentation.NONE,
                Math.max(1, Backend.info().threads()));
    }

    /** The pixel threshold of masks and metrics: {@code eval.threshold} ({@code auto} means 0.5 here). */
    public static double threshold(ExperimentConfig config) {
        return config.eval().autoThreshold() ? EvalConfig.DEFAULT_THRESHOLD : config.eval().threshold();
    }

    private static EpochEvaluator.Result validate(ExperimentConfig config, ComputationGraph model,
                                                  MaskBatchIterator val) {
        Scored scored = score(config, model, val, null);
        SegmentationReport r = SegmentationMetrics.summarize(scored.metrics().images(), threshold(config), 1,
                config.seed());
        Map<String, Double> m = new LinkedHashMap<>();
        for (String k : EPOCH_METRICS) {
            m.put(k, r.metric(k));
        }
        return new EpochEvaluator.Result(scored.loss(), m);
    }

    /**
     * A pass over an iterator: per-image counts, the largest pixel probability of every image and the mean loss.
     */
    private record Scored(SegmentationMetrics metrics, List<Double> maxProbability, double loss) {
    }

    @FunctionalInterface
    private interface ImageVisitor {
        void visit(int index, float[] features, float[] probabilities, float[] truth);
    }

    private static Scored score(ExperimentConfig config, ComputationGraph model, MaskBatchIterator it,
                                ImageVisitor each) {
        SegmentationMetrics metrics = new SegmentationMetrics(threshold(config));
        List<Double> maxProbability = new ArrayList<>();
        int size = config.data().image().size();
        int plane = size * size;
        int channels = config.data().image().channels();
        LossLayer head = LossLayer.of(model);
        double lossSum = 0;
        int index = 0;
        it.setEpoch(1);
        while (it.hasNext()) {
            DataSet ds = it.next();
            int n = ds.numExamples();
            // one forward pass gives the logits (for the loss) and the probabilities
            Map<String, INDArray> acts = model.feedForward(ds.getFeatures(), false);
            lossSum += head.loss(acts, ds.getLabels(), n * plane);
            float[] probs = acts.get(LossLayer.NAME).castTo(DataType.FLOAT).dup().data().asFloat();
            float[] truth = ds.getLabels().castTo(DataType.FLOAT).dup().data().asFloat();
            float[] features = ds.getFeatures().castTo(DataType.FLOAT).dup().data().asFloat();
            for (int i = 0; i < n; i++, index++) {
                float[] p = java.util.Arrays.copyOfRange(probs, i * plane, (i + 1) * plane);
                float[] t = java.util.Arrays.copyOfRange(truth, i * plane, (i + 1) * plane);
                boolean[] truthMask = new boolean[plane];
                double max = 0;
                for (int k = 0; k < plane; k++) {
                    if (Float.isNaN(p[k])) {
                        throw new PulmoException("the model outputs NaN for " + it.items().get(index).id()
                                + " (training diverged: lower optimizer.lr)");
                    }
                    truthMask[k] = t[k] > 0.5f;
                    max = Math.max(max, p[k]);
                }
                metrics.add(p, truthMask);
                maxProbability.add(max);
                if (each != null) {
                    each.visit(index, java.util.Arrays.copyOfRange(features, i * channels * plane,
                            (i + 1) * channels * plane), p, t);
                }
            }
        }
        return new Scored(metrics, maxProbability, lossSum / Math.max(1, index));
    }

    /**
     * The network's {@code CnnLossLayer}: its loss on the logits that feed it, as the layer reports it (summed over
     * the batch here, so that a mean over images follows).
     */
    private record LossLayer(String logits, ILossFunction loss, IActivation activation) {
        static final String NAME = "output";

        static LossLayer of(ComputationGraph model) {
            var conf = model.getConfiguration();
            var layer = (org.deeplearning4j.nn.conf.layers.CnnLossLayer)
                    ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get(NAME)).getLayerConf().getLayer();
            return new LossLayer(conf.getVertexInputs().get(NAME).get(0), layer.getLossFn(), layer.getActivationFn());
        }

        /** The batch's loss times its size: one logit channel, so {@code [n,1,h,w]} rows are the layer's own view. */
        double loss(Map<String, INDArray> activations, INDArray labels, long rows) {
            INDArray z = activations.get(logits).dup('c').reshape('c', rows, 1);
            return loss.computeScore(labels.dup('c').reshape('c', rows, 1), z, activation, null, false);
        }
    }

    /** Pixel probabilities of one preprocessed batch {@code [b, c, s, s]}: {@code b·s·s} values, image after image. */
    public static float[] probabilities(ComputationGraph model, INDArray features) {
        return model.output(false, features)[0].castTo(DataType.FLOAT).dup().data().asFloat();
    }

    /**
     * Scores {@code items}, writes {@code predictions.csv} and an overlay per image into {@code overlays}, and
     * returns the content of {@code metrics.json}, which the caller writes last.
     */
    public static Map<String, Object> evaluate(ExperimentConfig config, ComputationGraph model,
                                               List<SegmentationItem> items, String split, Path predictionsCsv,
                                               Path overlays) {
        if (items.isEmpty()) {
            throw new PulmoException("split '" + split + "' has no images");
        }
        int size = config.data().image().size();
        Normalization norm = Normalization.forChannels(config.data().image().channels());
        double threshold = threshold(config);
        List<String> names = Overlays.fileNames(items.stream().map(SegmentationItem::image).toList());
        Scored scored;
        try (MaskBatchIterator it = iterator(config, items, false)) {
            scored = score(config, model, it, (i, features, p, t) -> Overlays.write(gray(features, norm, size),
                    mask(p, threshold), t, size, overlays.resolve(names.get(i))));
        }
        writePredictions(predictionsCsv, items, scored);
        return SegmentationMetrics.toJson(scored.metrics().report(config.seed()), split, scored.loss());
    }

    /** The first channel of normalised features back in [0, 1], for pictures. */
    static float[] gray(float[] features, Normalization norm, int size) {
        float[] g = new float[size * size];
        for (int i = 0; i < g.length; i++) {
            g[i] = features[i] * norm.std()[0] + norm.mean()[0];
        }
        return g;
    }

    /** 1 where the probability reaches the threshold. */
    static float[] mask(float[] probabilities, double threshold) {
        float[] m = new float[probabilities.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = probabilities[i] >= threshold ? 1f : 0f;
        }
        return m;
    }

    private static void writePredictions(Path file, List<SegmentationItem> items, Scored scored) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(PREDICTION_COLUMNS.toArray(String[]::new)).build())) {
            List<SegmentationReport.PerImage> images = scored.metrics().images();
            for (int i = 0; i < items.size(); i++) {
                SegmentationReport.PerImage r = images.get(i);
                p.printRecord(items.get(i).id(), r.maskPixels() > 0 ? 1 : 0, scored.maxProbability().get(i),
                        r.predPixels() > 0 ? 1 : 0, r.dice(), r.iou(), r.recall(), r.precision(), r.maskPixels(),
                        r.predPixels());
            }
        } catch (IOException e) {
            throw new PulmoException("cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PulmoException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** At most this many images per split are read for {@code samples.png}. */
    private static final int SAMPLE_READS = 50;

    /**
     * {@code samples.png}: per split, the first images (by id) with a mask and without, each with the truth's outline
     * in green, as the model sees them (resized).
     */
    public static void writeSamples(ExperimentConfig config, SegmentationSplits data, Path png) throws IOException {
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        int perRow = 4;
        List<String> rows = new ArrayList<>();
        List<List<BufferedImage>> images = new ArrayList<>();
        for (String split : List.of("train", "val", "test")) {
            List<BufferedImage> withMask = new ArrayList<>();
            List<BufferedImage> empty = new ArrayList<>();
            for (SegmentationItem item : data.split(split).stream()
                    .sorted(java.util.Comparator.comparing(SegmentationItem::id)).limit(SAMPLE_READS).toList()) {
                if (withMask.size() >= perRow && empty.size() >= perRow) {
                    break;
                }
                float[] px = MaskedImages.read(item, size, channels);
                float[] mask = java.util.Arrays.copyOfRange(px, channels * size * size, (channels + 1) * size * size);
                boolean any = false;
                for (float v : mask) {
                    any |= v > 0;
                }
                List<BufferedImage> row = any ? withMask : empty;
                if (row.size() < perRow) {
                    row.add(Overlays.draw(java.util.Arrays.copyOf(px, size * size), null, mask, size));
                }
            }
            if (!withMask.isEmpty()) {
                rows.add(split + " / with mask (green outline)");
                images.add(withMask);
            }
            if (!empty.isEmpty()) {
                rows.add(split + " / empty mask");
                images.add(empty);
            }
        }
        DatasetPlots.writeGrid(rows, images, png);
    }
}
