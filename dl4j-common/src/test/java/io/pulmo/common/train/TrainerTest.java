package io.pulmo.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.ImageBatchIterator;
import io.pulmo.common.data.ImageItem;
import io.pulmo.common.run.HistoryRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

class TrainerTest {

    @TempDir
    static Path dir;
    static List<ImageItem> items;

    @BeforeAll
    static void fixtures() {
        items = TrainFixtures.images(dir);
    }

    /** Records every listener call as a line. */
    static final class Recorder implements TrainListener {
        final List<String> calls = new ArrayList<>();
        final List<HistoryRow> rows = new ArrayList<>();

        @Override
        public void onStart(TrainingContext ctx) {
            calls.add("start " + ctx.monitor() + " minimise=" + ctx.minimise() + " epochs=" + ctx.epochs());
        }

        @Override
        public void onEpochStart(TrainingContext ctx, int epoch) {
            calls.add("epoch " + epoch);
        }

        @Override
        public void onBatch(TrainingContext ctx, int epoch, int batch, int batches, double loss) {
            calls.add("batch " + epoch + "." + batch + "/" + batches);
        }

        @Override
        public void onEpochEnd(TrainingContext ctx, HistoryRow row) {
            calls.add("end " + row.epoch() + " best " + ctx.state().getBestEpoch());
            rows.add(row);
        }

        @Override
        public void onFinish(TrainingContext ctx) {
            calls.add("finish");
        }
    }

    @ParameterizedTest(name = "{0} minimised: {1}")
    @CsvSource({
            "val_loss,      true",
            "train_loss,    true",
            "val_auc,       false",
            "val_accuracy,  false",
            "val_dice,      false",
    })
    void minimisesLossesAndMaximisesEverythingElse(String column, boolean minimised) {
        assertThat(Trainer.minimises(column)).isEqualTo(minimised);
    }

    @ParameterizedTest(name = "monitor {0}: best epoch {1} ({2}), {3} bad epochs")
    @CsvSource({
            // val_loss 0.9, 0.5, 0.7, 0.6 and val_auc 0.6, 0.7, 0.9, 0.8
            "val_loss,  2, 0.5, 2",
            "val_auc,   3, 0.9, 1",
    })
    void bestEpochBookkeeping(String monitor, int bestEpoch, double bestValue, int badEpochs) {
        Recorder rec = new Recorder();
        TrainingState state = new TrainingState(0.01, 1L);
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            new Trainer(4, monitor, List.of(rec)).fit(TrainFixtures.model(), train,
                    new TrainFixtures.ScriptedEvaluator(new double[]{0.9, 0.5, 0.7, 0.6}, new double[]{0.6, 0.7, 0.9, 0.8}),
                    state);
        }

        assertThat(state.getEpoch()).isEqualTo(4);
        assertThat(state.getBestEpoch()).isEqualTo(bestEpoch);
        assertThat(state.getBestValue()).isEqualTo(bestValue);
        assertThat(state.getBadEpochs()).isEqualTo(badEpochs);
        assertThat(rec.rows).extracting(HistoryRow::valLoss).containsExactly(0.9, 0.5, 0.7, 0.6);
        assertThat(rec.rows).extracting(r -> r.value("val_auc")).containsExactly(0.6, 0.7, 0.9, 0.8);
    }

    @Test
    void listenersSeeEveryEpochAndBatchInOrder() {
        Recorder rec = new Recorder();
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            new Trainer(2, "val_loss", List.of(rec)).fit(TrainFixtures.model(), train,
                    TrainFixtures.ScriptedEvaluator.losses(0.4, 0.5), new TrainingState(0.01, 1L));
        }

        assertThat(rec.calls).containsExactly(
                "start val_loss minimise=true epochs=2",
                "epoch 1", "batch 1.1/3", "batch 1.2/3", "batch 1.3/3", "end 1 best 1",
                "epoch 2", "batch 2.1/3", "batch 2.2/3", "batch 2.3/3", "end 2 best 1",
                "finish");
    }

    @Test
    void withoutValidationTheTrainLossPicksTheBestEpoch() {
        Recorder rec = new Recorder();
        TrainingState state = new TrainingState(0.01, 1L);
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            new Trainer(3, "val_loss", List.of(rec)).fit(TrainFixtures.model(), train, EpochEvaluator.NONE, state);
        }

        double minTrain = rec.rows.stream().mapToDouble(HistoryRow::trainLoss).min().orElseThrow();
        assertThat(rec.rows).allSatisfy(r -> {
            assertThat(r.valLoss()).isNaN();
            assertThat(r.trainLoss()).isFinite().isPositive();
        });
        assertThat(state.getBestValue()).isEqualTo(minTrain);
        assertThat(rec.rows.get(state.getBestEpoch() - 1).trainLoss()).isEqualTo(minTrain);
    }

    @Test
    void trainingLowersTheLossOnASeparableProblem() {
        Recorder rec = new Recorder();
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            new Trainer(15, "train_loss", List.of(rec)).fit(TrainFixtures.model(), train, EpochEvaluator.NONE,
                    new TrainingState(0.05, 1L));
        }

        assertThat(rec.rows.get(14).trainLoss()).isLessThan(rec.rows.get(0).trainLoss() * 0.5);
    }

    @Test
    void theStatesLearningRateIsUsedAndRecorded() {
        TrainListener schedule = new TrainListener() {
            @Override
            public void onEpochStart(TrainingContext ctx, int epoch) {
                ctx.state().setLr(0.001 * epoch);
            }
        };
        Recorder rec = new Recorder();
        var model = TrainFixtures.model();
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            new Trainer(3, "val_loss", List.of(schedule, rec)).fit(model, train,
                    TrainFixtures.ScriptedEvaluator.losses(0.3, 0.2, 0.1), new TrainingState(0.5, 1L));
        }

        assertThat(rec.rows).extracting(HistoryRow::lr).containsExactly(0.001, 0.002, 0.003);
        assertThat(model.getLearningRate("dense")).isCloseTo(0.003, within(1e-9));
    }

    @Test
    void resumeStartsAfterTheStatesEpoch() {
        Recorder rec = new Recorder();
        TrainingState state = new TrainingState(0.01, 1L);
        state.setEpoch(2);
        state.setBestEpoch(2);
        state.setBestValue(0.3);
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            new Trainer(4, "val_loss", List.of(rec)).fit(TrainFixtures.model(), train,
                    TrainFixtures.ScriptedEvaluator.losses(0.35, 0.25), state);
        }

        assertThat(rec.rows).extracting(HistoryRow::epoch).containsExactly(3, 4);
        assertThat(state.getBestEpoch()).isEqualTo(4);
        assertThat(state.getBestValue()).isEqualTo(0.25);
    }

    @Test
    void aNaNLossNamesTheEpochAndBatch() {
        AtomicInteger batches = new AtomicInteger();
        DataSetPreProcessor poisonSecondBatch = ds -> {
            if (batches.incrementAndGet() == 2) {
                ds.getLabels().putScalar(0, Float.NaN); // MCXENT: NaN · log p = NaN loss
            }
        };
        Recorder rec = new Recorder();
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            train.setPreProcessor(poisonSecondBatch);

            assertThatThrownBy(() -> new Trainer(2, "val_loss", List.of(rec)).fit(TrainFixtures.model(), train,
                    TrainFixtures.ScriptedEvaluator.losses(0.4, 0.5), new TrainingState(0.01, 1L)))
                    .isInstanceOf(TrainingDivergedException.class)
                    .isInstanceOf(PulmoException.class)
                    .hasMessageStartingWith("training diverged: loss is NaN at epoch 1, batch 2");
        }
        assertThat(rec.calls).containsExactly("start val_loss minimise=true epochs=2", "epoch 1", "batch 1.1/3");
    }

    @Test
    void anUnknownMonitorColumnNamesTheConfigKey() {
        try (ImageBatchIterator train = TrainFixtures.iterator(items)) {
            assertThatThrownBy(() -> new Trainer(1, "val_dice", List.of()).fit(TrainFixtures.model(), train,
                    TrainFixtures.ScriptedEvaluator.losses(0.4), new TrainingState(0.01, 1L)))
                    .isInstanceOf(PulmoException.class)
                    .hasMessageStartingWith("train.checkpoint_metric: no column 'val_dice'");
        }
    }
}
