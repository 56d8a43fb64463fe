package io.pulmo.common.train;

import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.data.BatchIterator;
import io.pulmo.common.run.HistoryRow;
import io.pulmo.common.run.RunDirectory;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One training of any task into a run directory: the model (new, or restored with its state for {@code --resume}),
 * the dashboard's statistics, the standard listeners (progress, {@code history.csv}, checkpoints, LR schedule, early
 * stopping) and the {@link Trainer}; afterwards the best checkpoint is read back.
 */
public final class Training {
    private Training() {
    }

    /**
     * What training left: the best model, its state, the history, and the history column that picked the best epoch
     * ({@code train.checkpoint_metric}, or {@code train_loss} without a validation split).
     */
    public record Outcome(ComputationGraph best, TrainingState state, List<HistoryRow> history, String monitor) {
    }

    /**
     * Trains for {@code config} into {@code run}; with {@code resume}, continues from {@code checkpoints/last.zip}
     * and {@code state.json} when they exist.
     *
     * @param build          builds the initial model
     * @param train          the training batches (their order and augmentation set per epoch)
     * @param validation     scores the model after each epoch ({@link EpochEvaluator#NONE} without a validation split)
     * @param stats          where the dashboard's statistics go ({@link StatsListeners}), or null
     * @param extraListeners trainer listeners called after the built-in ones (checkpoints are saved before them)
     */
    public static Outcome run(ExperimentConfig config, RunDirectory run, boolean resume,
                              Supplier<ComputationGraph> build, BatchIterator<?> train, EpochEvaluator validation,
                              StatsStorageRouter stats, List<TrainListener> extraListeners) {
        Nd4j.getRandom().setSeed(config.seed());
        Path ckpt = run.checkpoints();
        ComputationGraph model;
        TrainingState state;
        if (resume && Files.exists(ckpt.resolve(CheckpointListener.STATE))) {
            state = CheckpointListener.readState(ckpt);
            model = CheckpointListener.restore(ckpt.resolve(CheckpointListener.LAST), true);
        } else {
            state = new TrainingState(config.optimizer().lr(), config.seed());
            model = build.get();
        }
        if (stats != null) {
            model.setListeners(StatsListeners.forModel(stats, model));
        }
        HistoryCsvListener history = new HistoryCsvListener(run.history());
        List<TrainListener> listeners = new ArrayList<>();
        listeners.add(new ProgressListener(train.batchesPerEpoch()));
        listeners.add(history);
        listeners.add(new CheckpointListener(ckpt, config.checkpoints().keepImproved()));
        TrainListener schedule = LrSchedules.listener(config.schedule(), config.optimizer().lr(), config.train().epochs());
        if (schedule != null) {
            listeners.add(schedule);
        }
        if (config.train().earlyStopping() != null) {
            listeners.add(new EarlyStoppingListener(config.train().earlyStopping().patience()));
        }
        listeners.addAll(extraListeners);
        String monitor = validation == EpochEvaluator.NONE ? "train_loss" : config.train().checkpointMetric();
        new Trainer(config.train().epochs(), monitor, listeners).fit(model, train, validation, state);
        Path best = ckpt.resolve(CheckpointListener.BEST);
        ComputationGraph bestModel = Files.exists(best) ? CheckpointListener.restore(best, false) : model;
        return new Outcome(bestModel, state, history.rows(), monitor);
    }
}
