package io.pulmo.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.data.ImageBatchIterator;
import io.pulmo.common.data.ImageItem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EarlyStoppingListenerTest {

    /** val_loss per epoch: best at 2, two bad epochs, better at 5 and 6, then two bad ones. */
    private static final double[] LOSSES = {1.0, 0.8, 0.9, 0.85, 0.7, 0.6, 0.65, 0.61};

    @TempDir
    static Path dir;
    static List<ImageItem> items;

    @BeforeAll
    static void fixtures() {
        items = TrainFixtures.images(dir);
    }

    @ParameterizedTest(name = "patience {0}: last epoch {1}, stopped {2}")
    @CsvSource({
            "1, 3, true",
            "2, 4, true",
            "3, 8, false",
    })
    void stopsAfterPatienceEpochsWithoutImprovement(int patience, int lastEpoch, boolean stopped) {
        TrainingState state = new TrainingState(0.01, 1L);
        TrainFixtures.ScriptedEvaluator val = TrainFixtures.ScriptedEvaluator.losses(LOSSES);
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            new Trainer(LOSSES.length, "val_loss", List.of(new EarlyStoppingListener(patience)))
                    .fit(TrainFixtures.model(), train, val, state);
        }

        assertThat(state.getEpoch()).isEqualTo(lastEpoch);
        assertThat(val.calls()).isEqualTo(lastEpoch);
        assertThat(state.isStopRequested()).isEqualTo(stopped);
        if (stopped) {
            assertThat(state.getStopReason()).isEqualTo("no improvement of val_loss for " + patience
                    + " epochs (best epoch 2)");
        } else {
            assertThat(state.getBestEpoch()).isEqualTo(6);
            assertThat(state.getBadEpochs()).isEqualTo(2);
        }
    }

    @Test
    void readsTheTrainersBadEpochCounter() {
        TrainingState state = new TrainingState(0.01, 1L);
        TrainingContext ctx = new TrainingContext(null, state, "val_auc", false, 10);
        EarlyStoppingListener listener = new EarlyStoppingListener(3);

        state.setBadEpochs(2);
        listener.onEpochEnd(ctx, null);
        assertThat(state.isStopRequested()).isFalse();

        state.setBadEpochs(3);
        listener.onEpochEnd(ctx, null);
        assertThat(state.isStopRequested()).isTrue();
        assertThat(state.getStopReason()).contains("val_auc", "3 epochs");
    }

    @Test
    void patienceMustBePositive() {
        assertThatThrownBy(() -> new EarlyStoppingListener(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train.early_stopping.patience");
    }
}
