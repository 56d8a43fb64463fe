package io.pulmo.common.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.PulmoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCsvTest {

    @TempDir
    Path tmp;

    private static Map<String, Double> metrics(double accuracy, double auc) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("auc", auc);
        return m;
    }

    @Test
    void writeThenReadRoundTripsWithNaNAsEmptyCells() throws IOException {
        List<HistoryRow> rows = List.of(
                new HistoryRow(1, 0.001, 0.6931, 0.5, metrics(0.75, 0.8)),
                new HistoryRow(2, 5.0E-4, 0.25, Double.NaN, metrics(Double.NaN, 0.9)));
        Path file = tmp.resolve("history.csv");

        HistoryCsv.write(file, rows);

        assertThat(Files.readAllLines(file)).containsExactly(
                "epoch,lr,train_loss,val_loss,val_accuracy,val_auc",
                "1,0.001,0.6931,0.5,0.75,0.8",
                "2,5.0E-4,0.25,,,0.9");
        List<HistoryRow> back = HistoryCsv.read(file);
        assertThat(back).isEqualTo(rows);
        assertThat(back.get(1).valLoss()).isNaN();
        assertThat(back.get(1).metrics()).containsOnlyKeys("accuracy", "auc");
    }

    @Test
    void withoutMetricsOnlyTheFourFixedColumns() throws IOException {
        Path file = tmp.resolve("history.csv");

        HistoryCsv.write(file, List.of(new HistoryRow(1, 0.1, 2.0, Double.NaN, Map.of())));

        assertThat(Files.readAllLines(file)).containsExactly("epoch,lr,train_loss,val_loss", "1,0.1,2.0,");
        assertThat(HistoryCsv.read(file)).singleElement().satisfies(r -> {
            assertThat(r.trainLoss()).isEqualTo(2.0);
            assertThat(r.valLoss()).isNaN();
            assertThat(r.metrics()).isEmpty();
        });
    }

    @Test
    void rowValueByColumnName() {
        HistoryRow row = new HistoryRow(3, 0.01, 0.4, 0.3, metrics(0.7, 0.85));

        assertThat(row.value("lr")).isEqualTo(0.01);
        assertThat(row.value("train_loss")).isEqualTo(0.4);
        assertThat(row.value("val_loss")).isEqualTo(0.3);
        assertThat(row.value("val_auc")).isEqualTo(0.85);
        assertThatThrownBy(() -> row.value("val_dice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("val_dice")
                .hasMessageContaining("val_accuracy, val_auc");
    }

    @Test
    void unreadableHistoryIsNamed() throws IOException {
        Path file = tmp.resolve("history.csv");
        Files.writeString(file, "epoch,lr,train_loss,val_loss\none,0.1,0.2,0.3\n");

        assertThatThrownBy(() -> HistoryCsv.read(file))
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("unreadable history " + file);
    }

    @Test
    void epochsStartAtOne() {
        assertThatThrownBy(() -> new HistoryRow(0, 0.1, 1, 1, Map.of()))
                .hasMessageContaining("epoch must be >= 1");
    }
}
