package io.pulmo.common.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfusionMatrixTest {

    // truth 0 0 1 1 2 / pred 0 1 1 1 0
    private final ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 1, 0}, 3);

    @Test
    void countsRowsTrueColumnsPredicted() {
        assertThat(m.counts()).isDeepEqualTo(new long[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 0}});
        assertThat(m.toLists()).isEqualTo(List.of(List.of(1L, 1L, 0L), List.of(0L, 2L, 0L), List.of(1L, 0L, 0L)));
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.total()).isEqualTo(5);
        assertThat(m.correct()).isEqualTo(3);
    }

    @Test
    void oneVsRestCounts() {
        // class:            0  1  2
        long[] tp = {1, 2, 0};
        long[] fp = {1, 1, 0};
        long[] fn = {1, 0, 1};
        long[] tn = {2, 2, 4};
        for (int c = 0; c < 3; c++) {
            assertThat(m.truePositives(c)).as("TP %d", c).isEqualTo(tp[c]);
            assertThat(m.falsePositives(c)).as("FP %d", c).isEqualTo(fp[c]);
            assertThat(m.falseNegatives(c)).as("FN %d", c).isEqualTo(fn[c]);
            assertThat(m.trueNegatives(c)).as("TN %d", c).isEqualTo(tn[c]);
            assertThat(m.rowSum(c)).isEqualTo(tp[c] + fn[c]);
            assertThat(m.columnSum(c)).isEqualTo(tp[c] + fp[c]);
        }
    }

    @Test
    void isImmutableAndComparedByValue() {
        long[][] counts = {{1, 2}, {3, 4}};
        ConfusionMatrix a = new ConfusionMatrix(counts);
        counts[0][0] = 99;
        a.counts()[0][1] = 99;
        assertThat(a.count(0, 0)).isEqualTo(1);
        assertThat(a.count(0, 1)).isEqualTo(2);
        assertThat(a).isEqualTo(new ConfusionMatrix(new long[][] {{1, 2}, {3, 4}}));
        assertThat(a.hashCode()).isEqualTo(new ConfusionMatrix(new long[][] {{1, 2}, {3, 4}}).hashCode());
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truth[1] = 3");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {-1, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pred[0] = -1");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
        assertThatThrownBy(() -> new ConfusionMatrix(new long[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        assertThatThrownBy(() -> new ConfusionMatrix(new long[][] {{1, -2}, {3, 4}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
    }
}
