package io.pulmo.common.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatsListenersTest {
    @Test
    void smallModelsReportEveryIterationLargeOnesLessOften() {
        assertThat(StatsListeners.frequency(447_194)).isEqualTo(1);        // the quickstart CNN
        assertThat(StatsListeners.frequency(2_000_000)).isEqualTo(1);
        assertThat(StatsListeners.frequency(2_000_001)).isEqualTo(2);
        assertThat(StatsListeners.frequency(21_303_748)).isEqualTo(11);    // ResNet34
        assertThat(StatsListeners.frequency(2_000_000_000L)).isEqualTo(50);
    }
}
