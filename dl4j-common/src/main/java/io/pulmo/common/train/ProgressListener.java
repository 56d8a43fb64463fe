package io.pulmo.common.train;

import io.pulmo.common.run.HistoryRow;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * A progress bar per epoch (batches, loss, throughput). On a terminal it redraws in place on stderr; otherwise
 * (CI, a redirected log) it goes to the log a few times per epoch.
 */
public final class ProgressListener implements TrainListener {
    private static final Logger log = LoggerFactory.getLogger("progress");

    private final int batches;
    private final boolean terminal;
    private ProgressBar bar;

    /** @param batches minibatches per epoch */
    public ProgressListener(int batches) {
        this(batches, System.console() != null);
    }

    ProgressListener(int batches, boolean terminal) {
        this.batches = batches;
        this.terminal = terminal;
    }

    @Override
    public void onEpochStart(TrainingContext ctx, int epoch) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch,
                        ctx.epochs())).setInitialMax(batches).setUnit(" batches", 1).showSpeed()
                .setStyle(ProgressBarStyle.ASCII);
        if (!terminal) {
            b.setConsumer(new DelegatingProgressBarConsumer(log::info)).setUpdateIntervalMillis(30_000);
        } else {
            b.setUpdateIntervalMillis(250);
        }
        bar = b.build();
    }

    @Override
    public void onBatch(TrainingContext ctx, int epoch, int batch, int total, double loss) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, HistoryRow row) {
        close();
    }

    @Override
    public void onFinish(TrainingContext ctx) {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
