package io.pulmo.common.train;

import io.pulmo.common.run.HistoryRow;

/**
 * Stops training when the monitored metric has not improved for {@code patience} epochs
 * ({@code train.early_stopping}). It reads the trainer's own best-epoch bookkeeping, so the metric it watches is
 * the checkpoint metric.
 */
public final class EarlyStoppingListener implements TrainListener {
    private final int patience;

    public EarlyStoppingListener(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("train.early_stopping.patience must be >= 1, got " + patience);
        }
        this.patience = patience;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, HistoryRow row) {
        if (ctx.state().getBadEpochs() >= patience) {
            ctx.state().requestStop("no improvement of " + ctx.monitor() + " for " + patience + " epochs (best epoch "
                    + ctx.state().getBestEpoch() + ")");
        }
    }
}
