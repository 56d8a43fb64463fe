package io.pulmo.common.train;

import io.pulmo.common.data.BatchIterator;
import io.pulmo.common.run.HistoryRow;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop of Pulmo: for each epoch, listeners' {@code onEpochStart} (a schedule sets the learning
 * rate), a pass over the training minibatches, validation, best-epoch bookkeeping, listeners' {@code onEpochEnd}.
 * A NaN or infinite loss stops training with {@link TrainingDivergedException}.
 */
public final class Trainer {
    private static final Logger log = LoggerFactory.getLogger(Trainer.class);

    private final int epochs;
    private final String monitor;
    private final List<TrainListener> listeners;

    /**
     * @param epochs    the last epoch to train (1-based)
     * @param monitor   the history column picking the best epoch ({@code val_loss}, {@code val_auc}, …)
     * @param listeners called in this order
     */
    public Trainer(int epochs, String monitor, List<TrainListener> listeners) {
        if (epochs < 1) {
            throw new IllegalArgumentException("train.epochs must be positive, got " + epochs);
        }
        this.epochs = epochs;
        this.monitor = monitor;
        this.listeners = List.copyOf(listeners);
    }

    /** Whether smaller is better for a history column: losses are minimised, every other metric maximised. */
    public static boolean minimises(String column) {
        return column.endsWith("loss");
    }

    /**
     * Trains from {@code state.getEpoch() + 1} to the last epoch (or until a listener requests a stop).
     *
     * @return the final state
     */
    public TrainingState fit(ComputationGraph model, BatchIterator<?> train, EpochEvaluator validation,
                             TrainingState state) {
        TrainingContext ctx = new TrainingContext(model, state, monitor, minimises(monitor), epochs);
        listeners.forEach(l -> l.onStart(ctx));
        boolean regularised = model.calcRegularizationScore(true) != 0;
        for (int epoch = state.getEpoch() + 1; epoch <= epochs && !state.isStopRequested(); epoch++) {
            for (TrainListener l : listeners) {
                l.onEpochStart(ctx, epoch);
            }
            model.setLearningRate(state.getLr());
            double lossSum = 0;
            long n = 0;
            train.setEpoch(epoch);
            int batches = train.batchesPerEpoch();
            int batch = 0;
            while (train.hasNext()) {
                DataSet ds = train.next();
                // DL4J's score adds the L2 / weight-decay penalty; history reports the data loss alone
                double penalty = regularised ? model.calcRegularizationScore(true) : 0;
                model.fit(ds);
                double loss = model.score() - penalty;
                batch++;
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException("training diverged: loss is " + loss + " at epoch " + epoch
                            + ", batch " + batch + " (lower optimizer.lr or check the data)");
                }
                lossSum += loss * ds.numExamples();
                n += ds.numExamples();
                for (TrainListener l : listeners) {
                    l.onBatch(ctx, epoch, batch, batches, loss);
                }
            }
            EpochEvaluator.Result val = validation.evaluate(model);
            Map<String, Double> metrics = new LinkedHashMap<>(val.metrics());
            HistoryRow row = new HistoryRow(epoch, state.getLr(), lossSum / Math.max(1, n), val.loss(), metrics);
            state.setEpoch(epoch);
            updateBest(state, row, ctx);
            log.info("epoch {}/{}: train_loss {} val_loss {} {}", epoch, epochs, fmt(row.trainLoss()),
                    fmt(row.valLoss()), formatMetrics(metrics));
            for (TrainListener l : listeners) {
                l.onEpochEnd(ctx, row);
            }
        }
        if (state.isStopRequested()) {
            log.info("stopped after epoch {}: {}", state.getEpoch(), state.getStopReason());
        }
        listeners.forEach(l -> l.onFinish(ctx));
        return state;
    }

    private void updateBest(TrainingState state, HistoryRow row, TrainingContext ctx) {
        double value;
        try {
            value = row.value(monitor);
        } catch (IllegalArgumentException e) {
            throw new io.pulmo.common.PulmoException("train.checkpoint_metric: " + e.getMessage());
        }
        if (Double.isNaN(value)) {
            value = row.trainLoss();
            if (!ctx.minimise()) {
                value = -value;
            }
        }
        boolean better = Double.isNaN(state.getBestValue())
                || (ctx.minimise() ? value < state.getBestValue() : value > state.getBestValue());
        if (better) {
            state.setBestValue(value);
            state.setBestEpoch(row.epoch());
            state.setBadEpochs(0);
        } else {
            state.setBadEpochs(state.getBadEpochs() + 1);
        }
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String formatMetrics(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append("val_").append(k).append(' ').append(fmt(v)).append(' '));
        return sb.toString().trim();
    }
}
