package io.pulmo.common.train;

import io.pulmo.common.PulmoException;
import io.pulmo.common.run.HistoryRow;
import io.pulmo.common.run.HistoryCsv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code history.csv} after every epoch: {@code epoch,lr,train_loss,val_loss,val_<metric>...}. On a resume
 * it keeps the rows up to the resumed epoch, so epochs stay contiguous.
 */
public final class HistoryCsvListener implements TrainListener {
    private final Path file;
    private final List<HistoryRow> rows = new ArrayList<>();

    public HistoryCsvListener(Path file) {
        this.file = file;
    }

    @Override
    public void onStart(TrainingContext ctx) {
        rows.clear();
        if (ctx.state().getEpoch() > 0 && file.toFile().exists()) {
            HistoryCsv.read(file).stream().filter(r -> r.epoch() <= ctx.state().getEpoch()).forEach(rows::add);
            if (rows.size() != ctx.state().getEpoch()) {
                throw new PulmoException("cannot resume: " + file + " has " + rows.size() + " rows for "
                        + ctx.state().getEpoch() + " finished epochs");
            }
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, HistoryRow row) {
        rows.add(row);
        HistoryCsv.write(file, rows);
    }

    /** The rows written so far. */
    public List<HistoryRow> rows() {
        return List.copyOf(rows);
    }
}
