package io.pulmo.common.train;

import io.pulmo.common.run.HistoryRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes overfitting visible (seed 002's lesson): warnings for {@code metrics.json} and the run summary when
 * <ul>
 *   <li>the validation loss exceeds the training loss by more than {@value #GAP} at the last epoch, or</li>
 *   <li>the best epoch lies in the first half of training and at least {@value #STALE_EPOCHS} epochs before the last.</li>
 * </ul>
 */
public final class Overfitting {
    public static final double GAP = 0.1;
    public static final int STALE_EPOCHS = 3;

    private Overfitting() {
    }

    public static List<String> warnings(List<HistoryRow> history, int bestEpoch) {
        List<String> out = new ArrayList<>();
        if (history.isEmpty()) {
            return out;
        }
        HistoryRow last = history.get(history.size() - 1);
        double gap = last.valLoss() - last.trainLoss();
        if (!Double.isNaN(gap) && gap > GAP) {
            out.add(String.format(Locale.ROOT, "overfitting: at the last epoch (%d) the validation loss %.4f exceeds the "
                    + "training loss %.4f by %.4f (> %.1f)", last.epoch(), last.valLoss(), last.trainLoss(), gap, GAP));
        }
        int epochs = last.epoch();
        if (bestEpoch > 0 && bestEpoch <= epochs / 2 && epochs - bestEpoch >= STALE_EPOCHS) {
            out.add(String.format(Locale.ROOT, "overfitting: the best epoch (%d) is far before the last (%d); later "
                    + "epochs did not improve the checkpoint metric", bestEpoch, epochs));
        }
        return out;
    }
}
