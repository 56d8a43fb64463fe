package io.pulmo.common.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code history.csv}: the state after a finished epoch.
 *
 * @param epoch     1-based epoch number
 * @param lr        learning rate used during the epoch
 * @param trainLoss mean training loss over the epoch's minibatches
 * @param valLoss   mean validation loss ({@code NaN} when there is no validation split)
 * @param metrics   validation metrics by name without the {@code val_} prefix (e.g. {@code accuracy}, {@code auc}), in column order
 */
public record HistoryRow(int epoch, double lr, double trainLoss, double valLoss, Map<String, Double> metrics) {
    public HistoryRow {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A value by its {@code history.csv} column name: {@code train_loss}, {@code val_loss}, {@code lr} or {@code val_<metric>}. */
    public double value(String column) {
        return switch (column) {
            case "lr" -> lr;
            case "train_loss" -> trainLoss;
            case "val_loss" -> valLoss;
            default -> {
                String key = column.startsWith("val_") ? column.substring(4) : column;
                Double v = metrics.get(key);
                if (v == null) {
                    throw new IllegalArgumentException("no column '" + column + "' in history; known: lr, train_loss, val_loss, "
                            + String.join(", ", metrics.keySet().stream().map(k -> "val_" + k).toList()));
                }
                yield v;
            }
        };
    }
}
