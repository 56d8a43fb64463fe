package io.pulmo.common.train;

import io.pulmo.common.run.HistoryRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OverfittingTest {
    private static List<HistoryRow> history(double[] train, double[] val) {
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            rows.add(new HistoryRow(i + 1, 1e-3, train[i], val[i], Map.of()));
        }
        return rows;
    }

    @Test
    void aHealthyRunHasNoWarnings() {
        assertThat(Overfitting.warnings(history(new double[]{0.6, 0.4, 0.3, 0.25}, new double[]{0.6, 0.45, 0.35, 0.3}), 4))
                .isEmpty();
        assertThat(Overfitting.warnings(List.of(), 0)).isEmpty();
    }

    @Test
    void aWideTrainValidationGapWarns() {
        List<String> w = Overfitting.warnings(history(new double[]{0.5, 0.2, 0.05}, new double[]{0.5, 0.3, 0.4}), 3);
        assertThat(w).hasSize(1);
        assertThat(w.get(0)).contains("overfitting").contains("0.4000").contains("0.0500").contains("0.3500");
    }

    @Test
    void anEarlyBestEpochWarns() {
        double[] train = {0.6, 0.5, 0.4, 0.35, 0.3, 0.28, 0.27, 0.26};
        double[] val = {0.5, 0.3, 0.32, 0.33, 0.34, 0.34, 0.35, 0.35};
        assertThat(Overfitting.warnings(history(train, val), 2)).singleElement().asString().contains("best epoch (2)");
        assertThat(Overfitting.warnings(history(train, val), 6)).isEmpty();
    }
}
