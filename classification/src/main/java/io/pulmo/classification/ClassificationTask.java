package io.pulmo.classification;

import io.pulmo.classification.model.Models;
import io.pulmo.common.PulmoException;
import io.pulmo.common.augment.Augmentations;
import io.pulmo.common.augment.Tta;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.data.Augmentation;
import io.pulmo.common.data.DatasetSplits;
import io.pulmo.common.data.ImageBatchIterator;
import io.pulmo.common.data.ImageItem;
import io.pulmo.common.data.Normalization;
import io.pulmo.common.config.EvalConfig;
import io.pulmo.common.config.LossConfig;
import io.pulmo.common.loss.Losses;
import io.pulmo.common.metrics.Bootstrap;
import io.pulmo.common.metrics.ClassificationMetrics;
import io.pulmo.common.metrics.ClassificationReport;
import io.pulmo.common.metrics.Roc;
import io.pulmo.common.report.Plots;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.train.EpochEvaluator;
import io.pulmo.common.train.StatsListeners;
import io.pulmo.common.train.TrainListener;
import io.pulmo.common.train.Training;
import io.pulmo.common.train.WeightTransfer;
import io.pulmo.common.train.Trainer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classification end to end on one run directory: training through the shared {@link Trainer}, then evaluation
 * into {@code metrics.json}, {@code predictions.csv} and {@code confusion.png}.
 */
public final class ClassificationTask {
    /** Validation metrics recorded per epoch in {@code history.csv}, after {@code val_loss}. */
    public static final List<String> EPOCH_METRICS = List.of("accuracy", "precision", "recall", "f1", "auc");

    private ClassificationTask() {
    }

    /**
     * Trains a model for {@code config} into {@code run} ({@link Training#run}); with {@code resume}, continues from
     * {@code checkpoints/last.zip} and {@code state.json}.
     *
     * @param stats          where the dashboard's statistics go ({@link StatsListeners}), or null
     * @param extraListeners trainer listeners called after the built-in ones (checkpoints are saved before them)
     */
    public static Training.Outcome train(ExperimentConfig config, DatasetSplits data, RunDirectory run, boolean resume,
                                         StatsStorageRouter stats, List<TrainListener> extraListeners) {
        Backend.init();
        checkClasses(config, data);
        WeightTransfer.checkPretrained(config.model(), Set.of(Models.IMAGENET));
        boolean single = Models.singleLogit(config);
        try (ImageBatchIterator train = iterator(config, data.train(), data.classes().size(), single, true)
                .weightedSampling("weighted".equals(config.data().sampler()));
             ImageBatchIterator val = data.val().isEmpty() ? null
                     : iterator(config, data.val(), data.classes().size(), single, false)) {
            train.checkAll();
            if (val != null) {
                val.checkAll();
            }
            EpochEvaluator evaluator = val == null ? EpochEvaluator.NONE : m -> validate(config, m, val, data, single);
            return Training.run(config, run, resume, () -> Models.build(config), train, evaluator, stats,
                    extraListeners);
        }
    }

    /**
     * The config with {@code loss.class_weights: balanced} turned into explicit numbers from the training split's
     * class counts: {@code loss.weights} {@code w_c = N / (k·N_c)} for {@code ce}, {@code loss.pos_weight =
     * N_neg / N_pos} for {@code bce} (an explicit {@code pos_weight} wins). Unchanged otherwise.
     */
    public static ExperimentConfig resolve(ExperimentConfig config, DatasetSplits data) {
        LossConfig l = config.loss();
        if (!"balanced".equals(l.classWeights())) {
            return config;
        }
        int[] counts = new int[data.classes().size()];
        data.train().forEach(i -> counts[i.label()]++);
        if ("ce".equals(l.type())) {
            if (l.weights() != null) {
                return config;
            }
            List<Double> w = java.util.Arrays.stream(Losses.classWeights(counts)).boxed().toList();
            return config.withLoss(l.withWeights(l.posWeight(), w));
        }
        if (l.posWeight() != null || counts.length != 2) {
            return config;
        }
        return config.withLoss(l.withWeights(Losses.posWeight(counts[0], counts[1]), l.weights()));
    }

    /**
     * Scores one split, writes {@code predictions.csv} and {@code confusion.png}, and returns the content of
     * {@code metrics.json}, which the caller writes last.
     */
    public static Map<String, Object> evaluate(ExperimentConfig config, ComputationGraph model, DatasetSplits data,
                                               String split, Path predictionsCsv, Path confusionPng) {
        List<ImageItem> items = data.split(split);
        if (items.isEmpty()) {
            throw new PulmoException("split '" + split + "' has no images");
        }
        double[][] probs = probabilitiesWithTta(config, model, items, data.classes().size());
        int[] labels = items.stream().mapToInt(ImageItem::label).toArray();
        int positive = data.classes().size() == 2 ? 1 : 0;
        double threshold = threshold(config, model, data);
        ClassificationReport report = ClassificationMetrics.compute(labels, probs, data.classes(), positive, threshold);
        Map<String, double[]> ci = Bootstrap.ci95(labels, probs, data.classes(), positive, threshold, config.seed());
        Map<String, Object> json = ClassificationMetrics.toJson(report, ci, "classification", split);
        writePredictions(predictionsCsv, items.stream().map(ImageItem::id).toList(), labels, data.classes(), probs,
                report.predicted(), positive);
        try {
            Plots.writeConfusion(report.confusion(), data.classes(), confusionPng);
        } catch (IOException e) {
            throw new PulmoException("cannot write " + confusionPng + ": " + e.getMessage(), e);
        }
        return json;
    }

    /**
     * The decision threshold: {@code eval.threshold}, or with {@code auto} the one maximising Youden's J
     * ({@code TPR − FPR}) on the validation split's ROC curve (0.5 when there is no validation split).
     */
    public static double threshold(ExperimentConfig config, ComputationGraph model, DatasetSplits data) {
        if (!config.eval().autoThreshold()) {
            return config.eval().threshold();
        }
        if (data.val().isEmpty() || data.classes().size() != 2) {
            return EvalConfig.DEFAULT_THRESHOLD;
        }
        double[][] probs = probabilitiesWithTta(config, model, data.val(), 2);
        double[] scores = java.util.Arrays.stream(probs).mapToDouble(p -> p[1]).toArray();
        int[] labels = data.val().stream().mapToInt(ImageItem::label).toArray();
        return youden(scores, labels);
    }

    /** The score threshold with the largest {@code TPR − FPR} (ties: the higher threshold). */
    public static double youden(double[] scores, int[] labels) {
        Roc.Curve roc = Roc.curve(scores, labels);
        double best = Double.NEGATIVE_INFINITY;
        double threshold = EvalConfig.DEFAULT_THRESHOLD;
        for (int i = 0; i < roc.thresholds().length; i++) {
            double t = roc.thresholds()[i];
            double j = roc.tpr()[i] - roc.fpr()[i];
            if (Double.isFinite(t) && j > best) {
                best = j;
                threshold = t;
            }
        }
        return Math.min(Math.max(threshold, 1e-6), 1 - 1e-6);
    }

    /**
     * Class probabilities of {@code items} averaged over the plain image and every {@code eval.tta} view (applied to
     * the pixels before normalisation); with no views, or {@code identity} alone, exactly the plain prediction.
     */
    public static double[][] probabilitiesWithTta(ExperimentConfig config, ComputationGraph model, List<ImageItem> items,
                                                  int classes) {
        boolean single = isSingleLogit(model);
        List<String> names = new ArrayList<>(List.of("identity"));
        config.eval().tta().stream().filter(n -> !n.equals("identity")).forEach(names::add);
        List<double[][]> views = new ArrayList<>();
        for (Tta.View view : Tta.views(names)) {
            Augmentation deterministic = view.name().equals("identity") ? Augmentation.NONE
                    : (px, c, h, w, rng) -> System.arraycopy(view.apply(px, c, h, w), 0, px, 0, px.length);
            try (ImageBatchIterator it = iterator(config, items, classes, single, false, deterministic)) {
                views.add(probabilities(model, it, single, classes));
            }
        }
        return views.size() == 1 ? views.get(0) : Tta.average(views);
    }

    /** Class probabilities for the items of an iterator, in its order: {@code [n][classes]}. */
    public static double[][] probabilities(ComputationGraph model, ImageBatchIterator it, boolean single, int classes) {
        List<double[]> rows = new ArrayList<>();
        it.setEpoch(1);
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray out = model.output(false, ds.getFeatures())[0];
            addRows(rows, out, single, classes);
        }
        return rows.toArray(double[][]::new);
    }

    /** Probabilities of one preprocessed batch {@code [b, c, s, s]}. */
    public static double[][] probabilities(ComputationGraph model, INDArray features, int classes) {
        List<double[]> rows = new ArrayList<>();
        addRows(rows, model.output(false, features)[0], isSingleLogit(model), classes);
        return rows.toArray(double[][]::new);
    }

    /** Whether a trained network ends in one sigmoid unit (binary, P(class 1)). */
    public static boolean isSingleLogit(ComputationGraph model) {
        return model.getOutputLayer(0).getParam("b").length() == 1;
    }

    /**
     * The iterator a split is read with: shuffled, seeded and augmented ({@code data.augment}) for training, in
     * dataset order and unchanged otherwise.
     */
    public static ImageBatchIterator iterator(ExperimentConfig config, List<ImageItem> items, int classes,
                                              boolean single, boolean training) {
        return iterator(config, items, classes, single, training,
                training ? Augmentations.from(config.data().augment()) : Augmentation.NONE);
    }

    private static ImageBatchIterator iterator(ExperimentConfig config, List<ImageItem> items, int classes,
                                               boolean single, boolean shuffle, Augmentation augmentation) {
        int channels = config.data().image().channels();
        Normalization norm = Normalization.forChannels(channels);
        return new ImageBatchIterator(items, classes, single, config.data().batch(), config.data().image().size(),
                channels, norm.mean(), norm.std(), shuffle, config.seed(), augmentation,
                Math.max(1, Backend.info().threads()));
    }

    private static EpochEvaluator.Result validate(ExperimentConfig config, ComputationGraph model, ImageBatchIterator val,
                                                  DatasetSplits data, boolean single) {
        List<double[]> rows = new ArrayList<>();
        double lossSum = 0;
        val.setEpoch(1);
        while (val.hasNext()) {
            DataSet ds = val.next();
            lossSum += model.scoreExamples(ds, false).sumNumber().doubleValue(); // data loss, no weight penalty
            addRows(rows, model.output(false, ds.getFeatures())[0], single, data.classes().size());
        }
        double[][] probs = rows.toArray(double[][]::new);
        int[] labels = val.items().stream().mapToInt(ImageItem::label).toArray();
        int positive = data.classes().size() == 2 ? 1 : 0;
        double threshold = config.eval().autoThreshold() ? EvalConfig.DEFAULT_THRESHOLD : config.eval().threshold();
        ClassificationReport r = ClassificationMetrics.compute(labels, probs, data.classes(), positive, threshold);
        return new EpochEvaluator.Result(lossSum / probs.length, r.epochMetrics());
    }

    private static void addRows(List<double[]> rows, INDArray out, boolean single, int classes) {
        float[] v = out.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup().data().asFloat();
        int n = (int) out.size(0);
        int width = (int) out.size(1);
        for (int i = 0; i < n; i++) {
            double[] p = new double[classes];
            if (single) {
                p[1] = v[i];
                p[0] = 1 - v[i];
            } else {
                for (int c = 0; c < width; c++) {
                    p[c] = v[i * width + c];
                }
            }
            rows.add(p);
        }
    }

    /**
     * Writes {@code predictions.csv} of a classifier: {@code id,label,score,pred} (+ {@code p_<class>} per class for
     * more than two), one row per item.
     */
    public static void writePredictions(Path file, List<String> ids, int[] labels, List<String> classes,
                                        double[][] probs, int[] predicted, int positive) {
        List<String> header = new ArrayList<>(List.of("id", "label", "score", "pred"));
        boolean multi = classes.size() > 2;
        if (multi) {
            classes.forEach(c -> header.add("p_" + c));
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).build())) {
            for (int i = 0; i < ids.size(); i++) {
                double score = multi ? probs[i][predicted[i]] : probs[i][positive];
                List<Object> row = new ArrayList<>(List.of(ids.get(i), classes.get(labels[i]), score,
                        classes.get(predicted[i])));
                if (multi) {
                    for (double q : probs[i]) {
                        row.add(q);
                    }
                }
                p.printRecord(row);
            }
            io.pulmo.common.run.AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PulmoException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkClasses(ExperimentConfig config, DatasetSplits data) {
        if (data.classes().size() != config.model().classes()) {
            throw new PulmoException("model.classes is " + config.model().classes() + " but the dataset has "
                    + data.classes().size() + " classes " + data.classes() + " (data.root / data.class_map)");
        }
    }
}
