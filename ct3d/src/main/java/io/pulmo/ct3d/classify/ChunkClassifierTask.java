package io.pulmo.ct3d.classify;

import io.pulmo.classification.ClassificationTask;
import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.metrics.Bootstrap;
import io.pulmo.common.metrics.ClassificationMetrics;
import io.pulmo.common.metrics.ClassificationReport;
import io.pulmo.common.report.Plots;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.train.EpochEvaluator;
import io.pulmo.common.train.TrainListener;
import io.pulmo.common.train.Training;
import io.pulmo.common.train.WeightTransfer;
import io.pulmo.ct3d.Ct3dModels;
import io.pulmo.ct3d.load.CandidateInfo;
import io.pulmo.ct3d.load.CtCache;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Training and evaluation of the chunk classifiers, the nodule model and the malignancy model fine-tuned from it
 * ({@code ct3d.stage: nodule | malignancy}): the book's {@code LunaTrainingApp} with balanced sampling and 3-D
 * augmentation. Per epoch the validation split gives {@code val_loss} (mean cross-entropy) and the classification
 * metrics of the positive class at probability 0.5.
 */
public final class ChunkClassifierTask {
    private static final double DECISION = 0.5;

    private ChunkClassifierTask() {
    }

    /**
     * Trains {@code config}'s {@code luna-cnn} for {@code target} on {@code data.train()} (validated on
     * {@code data.val()}) into {@code run}.
     *
     * @param cache where chunks come from (its chunk budget decides how much of the data stays in memory)
     */
    public static Training.Outcome train(ExperimentConfig config, ChunkTarget target, NoduleChunks data, CtCache cache,
                                         RunDirectory run, boolean resume, StatsStorageRouter stats,
                                         List<TrainListener> extraListeners) {
        Backend.init();
        WeightTransfer.checkPretrained(config.model(), Set.of());
        List<CandidateInfo> train = target.samples(data.train());
        List<CandidateInfo> val = target.samples(data.val());
        int threads = Math.max(1, Backend.info().threads());
        int epochSamples = config.ct3dOrDefault().epochSamplesOr(config.ct3dOrDefault().stage());
        try (NoduleChunkIterator it = NoduleChunkIterator.training(target, train, cache, config.data().batch(),
                config.seed(), ChunkAugmentation.Options.BOOK, epochSamples, threads)) {
            it.prefetch();
            EpochEvaluator evaluator = val.isEmpty() ? EpochEvaluator.NONE
                    : m -> validate(m, target, val, cache, config.data().batch());
            return Training.run(config, run, resume, () -> Ct3dModels.build(config), it, evaluator, stats,
                    extraListeners);
        }
    }

    /** P(class) of every sample, {@code [n][2]}, unaugmented, in the samples' order. */
    public static double[][] probabilities(ComputationGraph model, ChunkTarget target, List<CandidateInfo> samples,
                                           CtCache cache, int batch) {
        double[][] out = new double[samples.size()][];
        if (samples.isEmpty()) {
            return out;
        }
        int k = 0;
        try (NoduleChunkIterator it = NoduleChunkIterator.evaluation(target, samples, cache, batch,
                Math.max(1, Backend.info().threads()))) {
            it.setEpoch(1);
            while (it.hasNext()) {
                DataSet ds = it.next();
                float[] p = model.output(false, ds.getFeatures())[0].castTo(DataType.FLOAT).dup().data().asFloat();
                int classes = target.classes().size();
                for (int i = 0; i < ds.numExamples(); i++, k++) {
                    out[k] = new double[classes];
                    for (int c = 0; c < classes; c++) {
                        float v = p[i * classes + c];
                        if (Float.isNaN(v)) {
                            throw new PulmoException("the model outputs NaN for a chunk of series "
                                    + samples.get(k).seriesuid() + " (training diverged: lower optimizer.lr)");
                        }
                        out[k][c] = v;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Scores {@code samples} (the test split), writes {@code predictions.csv} ({@code id} = series UID and centre
     * in mm) and {@code confusion.png}, and returns the content of {@code metrics.json} (classification metrics at
     * 0.5 with bootstrap intervals, {@code task: ct3d}, {@code stage}).
     */
    public static Map<String, Object> evaluate(ExperimentConfig config, ChunkTarget target, ComputationGraph model,
                                               List<CandidateInfo> samples, CtCache cache, Path predictionsCsv,
                                               Path confusionPng) {
        List<CandidateInfo> items = target.samples(samples);
        if (items.isEmpty()) {
            throw new PulmoException("the test split has no " + target.classes().get(1) + " or "
                    + target.classes().get(0) + " samples to evaluate");
        }
        double[][] probs = probabilities(model, target, items, cache, config.data().batch());
        int[] labels = items.stream().mapToInt(c -> target.positive(c) ? 1 : 0).toArray();
        ClassificationReport report = ClassificationMetrics.compute(labels, probs, target.classes(), 1, DECISION);
        Map<String, double[]> ci = Bootstrap.ci95(labels, probs, target.classes(), 1, DECISION, config.seed());
        Map<String, Object> json = new LinkedHashMap<>(ClassificationMetrics.toJson(report, ci, "ct3d", "test"));
        json.put("stage", config.ct3dOrDefault().stage());
        ClassificationTask.writePredictions(predictionsCsv, items.stream().map(ChunkClassifierTask::id).toList(), labels,
                target.classes(), probs, report.predicted(), 1);
        try {
            Plots.writeConfusion(report.confusion(), target.classes(), confusionPng);
        } catch (IOException e) {
            throw new PulmoException("cannot write " + confusionPng + ": " + e.getMessage(), e);
        }
        return json;
    }

    /** A sample's {@code id} in {@code predictions.csv}: {@code seriesuid@x,y,z} (mm). */
    public static String id(CandidateInfo c) {
        return String.format(Locale.ROOT, "%s@%.2f,%.2f,%.2f", c.seriesuid(), c.centre().x(), c.centre().y(),
                c.centre().z());
    }

    private static EpochEvaluator.Result validate(ComputationGraph model, ChunkTarget target, List<CandidateInfo> val,
                                                  CtCache cache, int batch) {
        double[][] probs = probabilities(model, target, val, cache, batch);
        int[] labels = val.stream().mapToInt(c -> target.positive(c) ? 1 : 0).toArray();
        double loss = 0;
        for (int i = 0; i < labels.length; i++) {
            loss -= Math.log(Math.max(probs[i][labels[i]], 1e-12));
        }
        ClassificationReport r = ClassificationMetrics.compute(labels, probs, target.classes(), 1, DECISION);
        return new EpochEvaluator.Result(loss / labels.length, r.epochMetrics());
    }
}
