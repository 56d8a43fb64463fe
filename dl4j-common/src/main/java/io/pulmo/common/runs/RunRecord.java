package io.pulmo.common.runs;

import io.pulmo.common.run.HistoryRow;
import io.pulmo.common.run.RunInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One stored run as the run store reads it.
 *
 * @param dir           the run directory
 * @param id            its path relative to the runs directory it was found under, with {@code /} separators
 * @param info          {@code run.json}
 * @param config        {@code config.yaml} flattened to dotted keys (scalars; a list as {@code [a, b]}), in file order
 * @param metrics       the numeric top-level values of {@code metrics.json}; empty when there is none (yet)
 * @param ci95          {@code metrics.json}'s 95% intervals by metric
 * @param positiveClass {@code metrics.json}'s {@code positive_class}, or null
 * @param history       {@code history.csv}; empty when absent
 */
public record RunRecord(Path dir, String id, RunInfo info, Map<String, Object> config, Map<String, Double> metrics,
                        Map<String, double[]> ci95, String positiveClass, List<HistoryRow> history) {

    public String task() {
        return info.task();
    }

    /** {@code run.json}'s status, with a run whose process died without saying so shown as interrupted. */
    public String status() {
        return info.liveStatus();
    }

    /** The metric a list of runs shows: AUC for classification, Dice for segmentation, CPM for ct3d. */
    public String headlineMetric() {
        String preferred = switch (task() == null ? "" : task()) {
            case "classification" -> "auc";
            case "segmentation" -> "dice";
            case "ct3d" -> "cpm";
            default -> "";
        };
        if (metrics.containsKey(preferred) || metrics.isEmpty()) {
            return preferred;
        }
        return metrics.keySet().iterator().next();
    }

    public OptionalDouble headline() {
        Double v = metrics.get(headlineMetric());
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** {@code predictions.csv}'s rows without the header, split on commas; empty when absent. */
    public List<String[]> predictions() {
        return RunStore.predictions(dir);
    }
}
