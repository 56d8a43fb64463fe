package io.pulmo.experiments;

import io.pulmo.classification.ClassificationTask;
import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ConfigWriter;
import io.pulmo.common.config.Ct3dConfig;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.data.Datasets;
import io.pulmo.common.metrics.ClassificationMetrics;
import io.pulmo.common.metrics.ClassificationReport;
import io.pulmo.common.run.AtomicFiles;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.run.RunInfo;
import io.pulmo.common.train.TrainListener;
import io.pulmo.common.train.Training;
import io.pulmo.ct3d.classify.ChunkClassifierTask;
import io.pulmo.ct3d.classify.ChunkTarget;
import io.pulmo.ct3d.classify.LunaModel;
import io.pulmo.ct3d.classify.NoduleChunks;
import io.pulmo.ct3d.diagnose.Finding;
import io.pulmo.ct3d.diagnose.LunaPipeline;
import io.pulmo.ct3d.diagnose.PipelineModels;
import io.pulmo.ct3d.diagnose.ScanDiagnosis;
import io.pulmo.ct3d.evaluate.Froc;
import io.pulmo.ct3d.evaluate.FrocFiles;
import io.pulmo.ct3d.evaluate.FrocPlot;
import io.pulmo.ct3d.evaluate.FrocResult;
import io.pulmo.ct3d.evaluate.LunaAnnotation;
import io.pulmo.ct3d.evaluate.LunaDetection;
import io.pulmo.ct3d.evaluate.NoduleConfusion;
import io.pulmo.ct3d.load.CtCache;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.LunaCsv;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.load.MalignancyAnnotation;
import io.pulmo.ct3d.segment.SegmentTraining;
import io.pulmo.segmentation.model.SegmentationModels;
import io.pulmo.ui.DashboardServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code task: ct3d} runs: one stage of the LUNA pipeline ({@code ct3d.stage: segment | nodule | malignancy}) or
 * all of them ({@code end-to-end}): the three trainings, each a complete run directory under the run's own
 * ({@code segment/}, {@code nodule/}, {@code malignancy/}), then the pipeline on every test scan, written as
 * {@code detections.csv} (LUNA16's submission format), {@code findings.csv}, {@code predictions.csv} (one row per
 * patient), {@code froc.png}/{@code froc.csv}, {@code confusion.txt} (the book's table) and {@code metrics.json}.
 *
 * <p>Every stage reads the same series split ({@code data.split.ratios} of series, seeded by
 * {@code data.split.seed} or {@code seed}), so no scan of the test split is trained on by any stage.
 */
public final class Ct3dExperiment {
    private static final Logger log = LoggerFactory.getLogger(Ct3dExperiment.class);
    /** Chunk memory of a classifier's training: its samples' chunks, cut once ({@code NoduleChunkIterator}). */
    private static final long CHUNK_BUDGET = Runtime.getRuntime().maxMemory() / 4;
    private static final long VOLUME_BUDGET = Runtime.getRuntime().maxMemory() / 8;
    /** Patient classes of {@code predictions.csv}. */
    static final List<String> PATIENT_CLASSES = List.of("negative", "malignant");

    private Ct3dExperiment() {
    }

    /** Runs {@code config}'s stage into {@code dir}. */
    static ExperimentRunner.Finished run(ExperimentConfig config, RunDirectory dir, boolean resume,
                                         ExperimentRunner.Stats stats, List<TrainListener> extraListeners,
                                         DashboardServer dashboard) throws IOException {
        Ct3dConfig c = config.ct3dOrDefault();
        ConfigWriter.write(config, dir.configYaml());
        Path root = Datasets.root(config);
        NoduleChunks data = NoduleChunks.read(root, config.data().split().ratios(), splitSeed(config));
        log.info("LUNA16 at {}: series train {}, val {}, test {}; candidates train {}, val {}, test {}", root,
                NoduleChunks.seriesOf(data.train()).size(), NoduleChunks.seriesOf(data.val()).size(),
                NoduleChunks.seriesOf(data.test()).size(), data.train().size(), data.val().size(), data.test().size());
        return switch (c.stage()) {
            case Ct3dConfig.SEGMENT -> segment(config, root, data, dir, resume, stats, extraListeners);
            case Ct3dConfig.NODULE -> classifier(config, ChunkTarget.NODULE, root, data, dir, resume, stats,
                    extraListeners);
            case Ct3dConfig.MALIGNANCY -> classifier(config, ChunkTarget.MALIGNANCY, root, data, dir, resume, stats,
                    extraListeners);
            default -> endToEnd(config, root, data, dir, resume, dashboard, extraListeners);
        };
    }

    private static long splitSeed(ExperimentConfig config) {
        Long s = config.data().split().seed();
        return s != null ? s : config.seed();
    }

    private static ExperimentRunner.Finished segment(ExperimentConfig config, Path root, NoduleChunks data,
                                                     RunDirectory dir, boolean resume, ExperimentRunner.Stats stats,
                                                     List<TrainListener> extraListeners) {
        requireArch(config, SegmentationModels.architectures().contains(config.model().arch()), "unet-luna");
        int epochSamples = config.ct3dOrDefault().epochSamplesOr(Ct3dConfig.SEGMENT);
        Training.Outcome outcome = SegmentTraining.train(config, root, NoduleChunks.seriesOf(data.train()),
                NoduleChunks.seriesOf(data.val()), epochSamples, dir, resume, stats.open(), extraListeners);
        Map<String, Object> metrics = SegmentTraining.evaluate(config, outcome.best(), root,
                NoduleChunks.seriesOf(data.test()));
        return new ExperimentRunner.Finished(outcome, metrics);
    }

    private static ExperimentRunner.Finished classifier(ExperimentConfig config, ChunkTarget target, Path root,
                                                        NoduleChunks data, RunDirectory dir, boolean resume,
                                                        ExperimentRunner.Stats stats,
                                                        List<TrainListener> extraListeners) {
        requireArch(config, LunaModel.ARCH.equals(config.model().arch()), LunaModel.ARCH);
        CtCache cache = CtCache.onLunaRoot(root, VOLUME_BUDGET, CHUNK_BUDGET);
        Training.Outcome outcome = ChunkClassifierTask.train(config, target, data, cache, dir, resume, stats.open(),
                extraListeners);
        Map<String, Object> metrics = ChunkClassifierTask.evaluate(config, target, outcome.best(), data.test(), cache,
                dir.predictions(), dir.confusion());
        return new ExperimentRunner.Finished(outcome, metrics);
    }

    private static void requireArch(ExperimentConfig config, boolean ok, String expected) {
        if (!ok) {
            throw new PulmoException("model.arch: ct3d.stage " + config.ct3dOrDefault().stage() + " trains "
                    + expected + ", not '" + config.model().arch() + "'");
        }
    }

    // ---------------------------------------------------------------- end to end

    private static ExperimentRunner.Finished endToEnd(ExperimentConfig config, Path root, NoduleChunks data,
                                                      RunDirectory dir, boolean resume, DashboardServer dashboard,
                                                      List<TrainListener> extraListeners) throws IOException {
        Ct3dConfig c = config.ct3dOrDefault();
        Map<String, Object> stageMetrics = new LinkedHashMap<>();
        String[][] stages = {
                {PipelineModels.SEGMENT_DIR, Ct3dConfig.SEGMENT, c.stages().segment().toString()},
                {PipelineModels.NODULE_DIR, Ct3dConfig.NODULE, c.stages().nodule().toString()},
                {PipelineModels.MALIGNANCY_DIR, Ct3dConfig.MALIGNANCY, c.stages().malignancy().toString()}};
        for (String[] s : stages) {
            ExperimentConfig stage = stageConfig(config, Path.of(s[2]), s[1], dir.dir());
            RunDirectory stageDir = RunDirectory.allocate(dir.dir(), s[0], resume);
            stageMetrics.put(s[0], finishedMetrics(stageDir, resume).orElseGet(() ->
                    ExperimentRunner.run(stage, stageDir, null, resume, dashboard, extraListeners).metrics()));
        }
        PipelineModels models = PipelineModels.load(dir.dir());
        List<String> testSeries = NoduleChunks.seriesOf(data.test());
        if (testSeries.isEmpty()) {
            throw new PulmoException("data.split: the test split has no series (" + root + ")");
        }
        List<ScanDiagnosis> scans = new ArrayList<>();
        for (String uid : testSeries) {
            CtVolume ct = CtVolume.read(LunaVolumes.find(root, uid));
            scans.add(LunaPipeline.diagnose(ct, models, c, config.data().batch(), null));
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("task", "ct3d");
        metrics.put("split", "test");
        metrics.put("scans", scans.size());
        FrocResult froc = froc(root, testSeries, scans, dir.dir());
        metrics.put("cpm", froc.cpm());
        metrics.put("froc", froc.froc());
        metrics.put("nodules", froc.nodules());
        metrics.put("detected", froc.detected());
        metrics.put("false_positives", froc.falsePositives());
        metrics.put("candidates", scans.stream().mapToInt(s -> s.findings().size()).sum());
        List<MalignancyAnnotation> truth = malignancy(root);
        metrics.put("diagnosis", diagnosis(config, scans, truth, dir.predictions()));
        NoduleConfusion confusion = confusion(scans, truth, c);
        AtomicFiles.write(dir.dir().resolve("confusion.txt"),
                confusion.format("test scans", true).getBytes(StandardCharsets.UTF_8));
        metrics.put("confusion", confusionJson(confusion));
        metrics.put("stages", stageMetrics);
        return new ExperimentRunner.Finished(null, metrics);
    }

    /**
     * A stage's config: its own file (model, loss, optimizer, training), with the end-to-end run's seed and dataset
     * (root, layout, split, phantom) and this stage; the malignancy stage starts from the nodule stage's best weights.
     */
    public static ExperimentConfig stageConfig(ExperimentConfig endToEnd, Path file, String stage, Path runDir) {
        if (!Files.isRegularFile(file)) {
            throw new PulmoException("ct3d.stages." + stage + ": no such config " + file);
        }
        ConfigLoader.Experiment e = ConfigLoader.load(file, endToEnd.ct3dOrDefault().stages().overrides(stage));
        if (e.ablation()) {
            throw new PulmoException("ct3d.stages." + stage + ": " + file + " is an ablation; a stage needs one config");
        }
        ExperimentConfig s = e.variants().get(0).config();
        Ct3dConfig ct3d = (s.ct3d() != null ? s.ct3d() : endToEnd.ct3dOrDefault()).withStage(stage);
        var model = Ct3dConfig.MALIGNANCY.equals(stage)
                ? s.model().withPretrained(runDir.resolve(PipelineModels.NODULE_DIR).toString()) : s.model();
        return s.withName(endToEnd.name() + "-" + stage).withSeed(endToEnd.seed())
                .with(s.data().withSource(endToEnd.data()), model, ct3d);
    }

    /** With {@code --resume}, a stage that already finished keeps its result. */
    private static java.util.Optional<Map<String, Object>> finishedMetrics(RunDirectory stageDir, boolean resume) {
        if (!resume || !Files.isRegularFile(stageDir.runJson()) || !Files.isRegularFile(stageDir.metrics())) {
            return java.util.Optional.empty();
        }
        if (!RunInfo.FINISHED.equals(stageDir.readInfo().status())) {
            return java.util.Optional.empty();
        }
        log.info("stage {} finished before: kept", stageDir.dir());
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(stageDir.metrics().toFile(), Map.class);
            return java.util.Optional.of(m);
        } catch (IOException e) {
            throw new PulmoException("unreadable " + stageDir.metrics() + ": " + e.getMessage(), e);
        }
    }

    /** {@code detections.csv}, {@code findings.csv}, the FROC over the test scans, {@code froc.png} and {@code .csv}. */
    private static FrocResult froc(Path root, List<String> series, List<ScanDiagnosis> scans, Path out)
            throws IOException {
        List<LunaDetection> marks = new ArrayList<>();
        StringBuilder detections = new StringBuilder("seriesuid,coordX,coordY,coordZ,probability\n");
        StringBuilder findings = new StringBuilder(
                "seriesuid,coordX,coordY,coordZ,index,row,col,voxels,p_nodule,p_malignant\n");
        for (ScanDiagnosis s : scans) {
            for (Finding f : s.findings()) {
                marks.add(new LunaDetection(s.seriesuid(), f.centre().x(), f.centre().y(), f.centre().z(),
                        f.noduleProbability()));
                detections.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.6f%n", s.seriesuid(),
                        f.centre().x(), f.centre().y(), f.centre().z(), f.noduleProbability()));
                findings.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.2f,%.2f,%.2f,%d,%.6f,%.6f%n",
                        s.seriesuid(), f.centre().x(), f.centre().y(), f.centre().z(), f.component().index(),
                        f.component().row(), f.component().col(), f.component().voxels(), f.noduleProbability(),
                        f.malignancyProbability()));
            }
        }
        AtomicFiles.write(out.resolve("detections.csv"), detections.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve("findings.csv"), findings.toString().getBytes(StandardCharsets.UTF_8));
        List<LunaAnnotation> annotations = FrocFiles.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS));
        Path excludedCsv = root.resolve("annotations_excluded.csv");
        List<LunaAnnotation> excluded = Files.isRegularFile(excludedCsv) ? FrocFiles.readAnnotations(excludedCsv)
                : List.of();
        FrocResult result = Froc.evaluate(marks, annotations, excluded, series);
        FrocFiles.writeCurve(result.curve(), out.resolve(FrocFiles.CURVE_CSV));
        FrocPlot.write(result, out.resolve(FrocFiles.CURVE_PNG));
        return result;
    }

    private static List<MalignancyAnnotation> malignancy(Path root) {
        Path file = root.resolve(LunaCsv.MALIGNANCY);
        if (Files.isRegularFile(file)) {
            return LunaCsv.readMalignancy(file);
        }
        return LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS)).stream()
                .map(a -> new MalignancyAnnotation(a.seriesuid(), a.centre(), a.diameterMm(), false, List.of(), null,
                        null))
                .toList();
    }

    /**
     * Patient-level metrics (a LUNA16 scan is a patient here) and {@code predictions.csv}: truth = the scan has a
     * malignant nodule, score = {@link ScanDiagnosis#score()}, decision at {@code ct3d.malignancy_threshold}.
     */
    private static Map<String, Object> diagnosis(ExperimentConfig config, List<ScanDiagnosis> scans,
                                                 List<MalignancyAnnotation> truth, Path predictionsCsv) {
        int n = scans.size();
        int[] labels = new int[n];
        double[][] probs = new double[n][];
        for (int i = 0; i < n; i++) {
            String uid = scans.get(i).seriesuid();
            labels[i] = truth.stream().anyMatch(a -> a.seriesuid().equals(uid) && a.malignant()) ? 1 : 0;
            double score = scans.get(i).score();
            probs[i] = new double[] {1 - score, score};
        }
        double threshold = config.ct3dOrDefault().malignancyThreshold();
        ClassificationReport report = ClassificationMetrics.compute(labels, probs, PATIENT_CLASSES, 1, threshold);
        int[] predicted = scans.stream().mapToInt(s -> s.diagnosed() ? 1 : 0).toArray();
        ClassificationTask.writePredictions(predictionsCsv, scans.stream().map(ScanDiagnosis::seriesuid).toList(),
                labels, PATIENT_CLASSES, probs, predicted, 1);
        Map<String, Object> json = new LinkedHashMap<>(ClassificationMetrics.toJson(report, null, "ct3d", "test"));
        json.remove("ci95");
        return json;
    }

    private static NoduleConfusion confusion(List<ScanDiagnosis> scans, List<MalignancyAnnotation> truth,
                                             Ct3dConfig c) {
        NoduleConfusion total = NoduleConfusion.empty();
        for (ScanDiagnosis s : scans) {
            List<NoduleConfusion.Candidate> candidates = s.findings().stream()
                    .map(f -> new NoduleConfusion.Candidate(f.centre().x(), f.centre().y(), f.centre().z(),
                            f.noduleProbability(), f.malignancyProbability()))
                    .toList();
            List<NoduleConfusion.Nodule> nodules = truth.stream().filter(a -> a.seriesuid().equals(s.seriesuid()))
                    .map(a -> new NoduleConfusion.Nodule(a.centre().x(), a.centre().y(), a.centre().z(),
                            a.diameterMm(), a.malignant()))
                    .toList();
            total = total.plus(NoduleConfusion.score(candidates, nodules, c.noduleThreshold(),
                    c.malignancyThreshold()));
        }
        return total;
    }

    private static Map<String, Object> confusionJson(NoduleConfusion confusion) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", java.util.Arrays.stream(NoduleConfusion.Truth.values()).map(NoduleConfusion.Truth::label)
                .toList());
        json.put("columns", java.util.Arrays.stream(NoduleConfusion.Outcome.values())
                .map(NoduleConfusion.Outcome::label).toList());
        json.put("counts", confusion.counts());
        return json;
    }
}
