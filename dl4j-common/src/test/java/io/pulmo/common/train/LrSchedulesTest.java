package io.pulmo.common.train;

import io.pulmo.common.config.ScheduleConfig;
import io.pulmo.common.run.HistoryRow;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LrSchedulesTest {

    @Test
    void multiplicativeMatchesPyTorchsMultiplicativeLr() {
        ScheduleConfig s = new ScheduleConfig("multiplicative", null, 0.98739, 3, 10);
        // torch: SGD lr 0.01, MultiplicativeLR(lambda e: 0.98739), 10 scheduler steps
        assertThat(LrSchedules.rate(s, 0.01, 100, 10)).isCloseTo(0.0088082, within(5e-8));
        assertThat(LrSchedules.rate(s, 0.01, 100, 0)).isEqualTo(0.01);
    }

    @Test
    void cosineMatchesPyTorchsCosineAnnealingLr() {
        ScheduleConfig s = new ScheduleConfig("cosine", 10, 0.1, 3, 10);
        // torch: Adam lr 1e-3, CosineAnnealingLR(T_max=10); lr at (0-based) epoch 2, i.e. after two steps
        assertThat(LrSchedules.rate(s, 1e-3, 10, 2)).isCloseTo(9.045085e-4, within(1e-10));
        assertThat(LrSchedules.rate(s, 1e-3, 10, 5)).isCloseTo(5e-4, within(1e-12));
        assertThat(LrSchedules.rate(s, 1e-3, 10, 10)).isCloseTo(0, within(1e-12));
        // t_max defaults to train.epochs
        assertThat(LrSchedules.rate(new ScheduleConfig("cosine", null, 0.1, 3, 10), 1e-3, 10, 2))
                .isCloseTo(9.045085e-4, within(1e-10));
    }

    @Test
    void stepMultipliesEveryStepEpochs() {
        ScheduleConfig s = new ScheduleConfig("step", null, 0.5, 3, 3);
        assertThat(LrSchedules.rate(s, 0.1, 20, 2)).isEqualTo(0.1);
        assertThat(LrSchedules.rate(s, 0.1, 20, 3)).isCloseTo(0.05, within(1e-15));
        assertThat(LrSchedules.rate(s, 0.1, 20, 7)).isCloseTo(0.025, within(1e-15));
    }

    @Test
    void closedFormListenerSetsTheRateOfEachEpoch() {
        TrainListener l = LrSchedules.listener(new ScheduleConfig("multiplicative", null, 0.5, 3, 10), 0.4, 5);
        TrainingContext ctx = new TrainingContext(null, new TrainingState(0.4, 1), "val_loss", true, 5);
        l.onEpochStart(ctx, 1);
        assertThat(ctx.state().getLr()).isEqualTo(0.4);
        l.onEpochStart(ctx, 3);
        assertThat(ctx.state().getLr()).isCloseTo(0.1, within(1e-15));
        assertThat(LrSchedules.listener(new ScheduleConfig(), 0.4, 5)).isNull();
    }

    @Test
    void plateauReducesAfterMoreThanPatienceEpochsWithoutImprovement() {
        TrainListener l = LrSchedules.listener(new ScheduleConfig("plateau", null, 0.1, 2, 10), 1.0, 20);
        TrainingContext ctx = new TrainingContext(null, new TrainingState(1.0, 1), "val_loss", true, 20);
        double[] losses = {1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.8};
        double[] expectedNext = {1.0, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.01, 0.01};
        for (int e = 0; e < losses.length; e++) {
            l.onEpochEnd(ctx, new HistoryRow(e + 1, ctx.state().getLr(), 1, losses[e], Map.of()));
            assertThat(ctx.state().getLr()).as("after epoch %d", e + 1).isCloseTo(expectedNext[e], within(1e-12));
        }
    }

    @Test
    void plateauMaximisesAMetricAndKeepsItsCountersInTheState() {
        TrainListener l = LrSchedules.listener(new ScheduleConfig("plateau", null, 0.5, 0, 10), 1.0, 20);
        TrainingContext ctx = new TrainingContext(null, new TrainingState(1.0, 1), "val_auc", false, 20);
        l.onEpochEnd(ctx, new HistoryRow(1, 1.0, 1, 1, Map.of("auc", 0.7)));
        l.onEpochEnd(ctx, new HistoryRow(2, 1.0, 1, 1, Map.of("auc", 0.8)));
        assertThat(ctx.state().getLr()).isEqualTo(1.0);
        l.onEpochEnd(ctx, new HistoryRow(3, 1.0, 1, 1, Map.of("auc", 0.75)));
        assertThat(ctx.state().getLr()).isEqualTo(0.5);
        assertThat(ctx.state().getExtra()).containsEntry("plateau_best", 0.8);
    }
}
