package io.pulmo.experiments;

import io.pulmo.classification.ClassificationTask;
import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ConfigException;
import io.pulmo.common.config.ConfigWriter;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.data.DatasetSplits;
import io.pulmo.common.data.Datasets;
import io.pulmo.common.data.SegmentationSplits;
import io.pulmo.common.report.DatasetPlots;
import io.pulmo.common.report.Plots;
import io.pulmo.common.run.Provenance;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.run.RunInfo;
import io.pulmo.common.train.Overfitting;
import io.pulmo.common.train.Training;
import io.pulmo.common.train.TrainListener;
import io.pulmo.segmentation.SegmentationTask;
import io.pulmo.ui.DashboardServer;
import io.pulmo.ui.LiveDashboard;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Runs one resolved experiment into its run directory: {@code config.yaml}, {@code run.json} (kept current),
 * training through the task, evaluation on the test split, plots, and {@code metrics.json} last. A failure marks the
 * run {@code failed} with its error and leaves no {@code metrics.json}; an interrupted JVM marks it
 * {@code interrupted}.
 */
public final class ExperimentRunner {
    private static final Logger log = LoggerFactory.getLogger(ExperimentRunner.class);

    private ExperimentRunner() {
    }

    /**
     * @param config    the resolved config of this run (variant overrides applied)
     * @param dir       the run directory, already allocated
     * @param variant   the ablation variant's name, or null
     * @param resume    continue from the run's last checkpoint
     * @param dashboard where to show live training curves, or null
     */
    public static RunResult run(ExperimentConfig config, RunDirectory dir, String variant, boolean resume,
                                DashboardServer dashboard) {
        return run(config, dir, variant, resume, dashboard, List.of());
    }

    /** As {@link #run(ExperimentConfig, RunDirectory, String, boolean, DashboardServer)}, with extra trainer listeners. */
    public static RunResult run(ExperimentConfig config, RunDirectory dir, String variant, boolean resume,
                                DashboardServer dashboard, List<TrainListener> extraListeners) {
        RunInfo info = resume ? resumedInfo(config, dir, variant) : Provenance.start(config, config.name(), variant);
        RunJson runJson = new RunJson(dir, info);
        Thread hook = new Thread(runJson::interrupt, "pulmo-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        Stats stats = new Stats(dir, dashboard);
        try (RunLog ignored = new RunLog(dir.log())) {
            log.info("run {} ({}), config hash {}, seed {}", dir.dir(), variant == null ? config.name() : variant,
                    info.configHash(), config.seed());
            log.info(Backend.init().describe());
            Finished f = switch (config.task()) {
                case CLASSIFICATION -> classification(config, dir, resume, stats, extraListeners);
                case SEGMENTATION -> segmentation(config, dir, resume, stats, extraListeners);
                case CT3D -> Ct3dExperiment.run(config, dir, resume, stats, extraListeners, dashboard);
            };
            Training.Outcome outcome = f.outcome();
            Map<String, Object> metrics = new java.util.LinkedHashMap<>(f.metrics());
            if (outcome != null) {
                List<String> warnings = Overfitting.warnings(outcome.history(), outcome.state().getBestEpoch());
                warnings.forEach(w -> log.warn(w));
                metrics.put("warnings", warnings);
                Plots.writeCurves(outcome.history(), outcome.monitor(), outcome.state().getBestEpoch(), dir.curves());
                runJson.update(i -> i.withEpochs(outcome.state().getBestEpoch(), outcome.state().getEpoch()));
            }
            RunInfo finished = runJson.update(i -> i.withStatus(RunInfo.FINISHED, null, Provenance.now()));
            RunDirectory.writeJson(dir.metrics(), metrics);
            log.info("finished: {}", dir.metrics());
            return new RunResult(dir.dir(), finished, metrics);
        } catch (RuntimeException | IOException | Error e) {
            String message = oneLine(e);
            runJson.update(i -> i.withStatus(RunInfo.FAILED, message, Provenance.now()));
            log.error("run failed: {}", message);
            if (e instanceof PulmoException pe) {
                throw pe;
            }
            throw new PulmoException(message, e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook has run or is running and records the run as interrupted
            }
            stats.close();
        }
    }

    /**
     * {@code run.json} as this process keeps it. A shutdown (SIGTERM, Ctrl-C) while the run is under way records
     * {@code interrupted}, and nothing the training thread still writes afterwards (a failure the shutdown caused, or
     * {@code finished} without its {@code metrics.json}) replaces that.
     */
    private static final class RunJson {
        private final RunDirectory dir;
        private RunInfo info;
        private boolean interrupted;

        RunJson(RunDirectory dir, RunInfo info) {
            this.dir = dir;
            this.info = info;
            dir.writeInfo(info);
        }

        /** Applies {@code change} and writes it, unless the run has been recorded as interrupted; the record now. */
        synchronized RunInfo update(UnaryOperator<RunInfo> change) {
            if (!interrupted) {
                info = change.apply(info);
                dir.writeInfo(info);
            }
            return info;
        }

        /** The shutdown hook: records {@code interrupted}. */
        synchronized void interrupt() {
            interrupted = true;
            info = info.withStatus(RunInfo.INTERRUPTED, "interrupted", Provenance.now());
            dir.writeInfo(info);
        }
    }

    /**
     * What a task's training and evaluation left: the outcome (null for a run that trains in stage directories of
     * its own, ct3d's end-to-end) and {@code metrics.json}'s content.
     */
    record Finished(Training.Outcome outcome, Map<String, Object> metrics) {
    }

    private static Finished classification(ExperimentConfig config, RunDirectory dir, boolean resume, Stats stats,
                                           List<TrainListener> extraListeners) throws IOException {
        DatasetSplits data = Datasets.load(config);
        config = ClassificationTask.resolve(config, data);
        ConfigWriter.write(config, dir.configYaml());
        DatasetPlots.writeClassCounts(data.counts(), dir.dir().resolve("classes.png"));
        DatasetPlots.writeSampleGrid(data, 4, dir.dir().resolve("samples.png"));
        Training.Outcome outcome = ClassificationTask.train(config, data, dir, resume, stats.open(), extraListeners);
        Map<String, Object> metrics = ClassificationTask.evaluate(config, outcome.best(), data, "test",
                dir.predictions(), dir.confusion());
        return new Finished(outcome, metrics);
    }

    private static Finished segmentation(ExperimentConfig config, RunDirectory dir, boolean resume, Stats stats,
                                         List<TrainListener> extraListeners) throws IOException {
        SegmentationSplits data = Datasets.loadSegmentation(config);
        ConfigWriter.write(config, dir.configYaml());
        SegmentationTask.writeSamples(config, data, dir.dir().resolve("samples.png"));
        Training.Outcome outcome = SegmentationTask.train(config, data, dir, resume, stats.open(), extraListeners);
        Map<String, Object> metrics = SegmentationTask.evaluate(config, outcome.best(), data.test(), "test",
                dir.predictions(), dir.dir().resolve("overlays"));
        return new Finished(outcome, metrics);
    }

    /** The run's {@code stats.bin}, opened when training starts and shown on the dashboard while it runs. */
    static final class Stats {
        private final RunDirectory dir;
        private final DashboardServer dashboard;
        private StatsStorage storage;

        Stats(RunDirectory dir, DashboardServer dashboard) {
            this.dir = dir;
            this.dashboard = dashboard;
        }

        private LiveDashboard remote;

        /**
         * The router for the training's statistics: {@code stats.bin}, shown on this process's dashboard, and posted
         * to a {@code pulmo ui} serving the runs directory when there is one ({@link LiveDashboard}).
         */
        StatsStorageRouter open() {
            storage = new FileStatsStorage(dir.stats().toFile());
            if (dashboard != null) {
                dashboard.attach(storage);
            }
            remote = LiveDashboard.find(dir.dir()).orElse(null);
            return remote == null ? storage : remote.tee(storage);
        }

        void close() {
            if (remote != null) {
                remote.close();
            }
            if (storage == null) {
                return;
            }
            if (dashboard != null) {
                dashboard.detach(storage);
            }
            try {
                storage.close();
            } catch (IOException e) {
                log.warn("cannot close {}: {}", dir.stats(), e.getMessage());
            }
        }
    }

    /** A user-facing one-line message for any failure. */
    public static String oneLine(Throwable e) {
        boolean ours = e instanceof PulmoException || e instanceof ConfigException;
        String m = e.getMessage() == null ? e.getClass().getName()
                : ours ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static RunInfo resumedInfo(ExperimentConfig config, RunDirectory dir, String variant) {
        RunInfo old = dir.readInfo();
        checkSameConfig(old, config, dir);
        return old.withStatus(RunInfo.RUNNING, null, null).withPid(ProcessHandle.current().pid());
    }

    /** {@code --resume} goes on only with the config a run was started with. */
    public static void checkSameConfig(RunInfo stored, ExperimentConfig config, RunDirectory dir) {
        if (!stored.configHash().equals(config.hash())) {
            throw new PulmoException("--resume: the config differs from the one " + dir.dir() + " was started with "
                    + "(config hash " + stored.configHash() + " vs " + config.hash() + ")");
        }
    }

    /** The run directory for a single run or an ablation variant under {@code out}. */
    public static RunDirectory allocate(Path out, String experiment, String variant, boolean resume) {
        if (variant == null) {
            return RunDirectory.allocate(out, experiment, resume);
        }
        return RunDirectory.allocate(out.resolve(experiment), variant, resume);
    }
}
