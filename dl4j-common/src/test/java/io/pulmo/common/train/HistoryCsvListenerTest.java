package io.pulmo.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.ImageBatchIterator;
import io.pulmo.common.data.ImageItem;
import io.pulmo.common.run.HistoryCsv;
import io.pulmo.common.run.HistoryRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCsvListenerTest {

    @TempDir
    static Path images;
    static List<ImageItem> items;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fixtures() {
        items = TrainFixtures.images(images);
    }

    private static TrainingState fit(int epochs, TrainingState state, HistoryCsvListener listener, double... losses) {
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            return new Trainer(epochs, "val_loss", List.of(listener)).fit(TrainFixtures.model(), train,
                    TrainFixtures.ScriptedEvaluator.losses(losses), state);
        }
    }

    @Test
    void writesOneContiguousRowPerEpoch() throws IOException {
        Path file = tmp.resolve("history.csv");
        HistoryCsvListener listener = new HistoryCsvListener(file);

        fit(3, new TrainingState(0.01, 1L), listener, 0.5, 0.4, 0.45);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("epoch,lr,train_loss,val_loss,val_auc");
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(1, 4)).extracting(l -> l.split(",")[0]).containsExactly("1", "2", "3");
        assertThat(lines.subList(1, 4)).extracting(l -> l.split(",")[3]).containsExactly("0.5", "0.4", "0.45");
        assertThat(HistoryCsv.read(file)).isEqualTo(listener.rows());
    }

    @Test
    void resumeKeepsRowsUpToTheStatesEpoch() {
        Path file = tmp.resolve("history.csv");
        fit(3, new TrainingState(0.01, 1L), new HistoryCsvListener(file), 0.5, 0.4, 0.45);
        List<HistoryRow> before = HistoryCsv.read(file);
        // killed after history row 3 but before state.json of epoch 3: the state says epoch 2
        TrainingState resumed = new TrainingState(0.01, 1L);
        resumed.setEpoch(2);
        resumed.setBestEpoch(2);
        resumed.setBestValue(0.4);

        fit(4, resumed, new HistoryCsvListener(file), 0.3, 0.2);

        List<HistoryRow> after = HistoryCsv.read(file);
        assertThat(after).extracting(HistoryRow::epoch).containsExactly(1, 2, 3, 4);
        assertThat(after.subList(0, 2)).isEqualTo(before.subList(0, 2));
        assertThat(after).extracting(HistoryRow::valLoss).containsExactly(0.5, 0.4, 0.3, 0.2);
    }

    @Test
    void aFreshStartIgnoresAnOldFile() {
        Path file = tmp.resolve("history.csv");
        HistoryCsv.write(file, List.of(new HistoryRow(1, 0.1, 9, 9, Map.of("auc", 0.1)),
                new HistoryRow(2, 0.1, 9, 9, Map.of("auc", 0.1))));

        fit(1, new TrainingState(0.01, 1L), new HistoryCsvListener(file), 0.5);

        assertThat(HistoryCsv.read(file)).extracting(HistoryRow::epoch, HistoryRow::valLoss)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0.5));
    }

    @Test
    void resumeWithMissingRowsIsAnError() {
        Path file = tmp.resolve("history.csv");
        HistoryCsv.write(file, List.of(new HistoryRow(1, 0.1, 1, 1, Map.of()), new HistoryRow(2, 0.1, 1, 1, Map.of())));
        TrainingState state = new TrainingState(0.01, 1L);
        state.setEpoch(3);
        HistoryCsvListener listener = new HistoryCsvListener(file);

        assertThatThrownBy(() -> listener.onStart(new TrainingContext(null, state, "val_loss", true, 5)))
                .isInstanceOf(PulmoException.class)
                .hasMessage("cannot resume: " + file + " has 2 rows for 3 finished epochs");
    }
}
