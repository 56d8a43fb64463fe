package io.pulmo.common.train;

import io.pulmo.common.run.HistoryRow;

/**
 * Everything around the training loop — history, checkpoints, progress, early stopping, schedules — is a
 * listener of the one {@link Trainer}. Methods run on the training thread, in the order listeners were given.
 */
public interface TrainListener {
    /** Before the first epoch (also after a resume). */
    default void onStart(TrainingContext ctx) {
    }

    /** Before an epoch's first batch; a schedule sets {@link TrainingState#setLr(double)} here. */
    default void onEpochStart(TrainingContext ctx, int epoch) {
    }

    /** After each training minibatch, with its loss. */
    default void onBatch(TrainingContext ctx, int epoch, int batch, int batches, double loss) {
    }

    /** After validation; {@code ctx.state()} already holds the best epoch so far. */
    default void onEpochEnd(TrainingContext ctx, HistoryRow row) {
    }

    /** After the last epoch, or after early stopping. */
    default void onFinish(TrainingContext ctx) {
    }
}
