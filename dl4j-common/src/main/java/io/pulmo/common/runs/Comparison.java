package io.pulmo.common.runs;

import io.pulmo.common.PulmoException;
import io.pulmo.common.run.HistoryRow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs side by side: the config keys in which they differ, every metric with its interval, the best run per metric.
 * {@code pulmo compare} prints and writes it ({@link #markdown()}, {@link #csv()}, {@link CompareHtml}); the
 * dashboard's comparison page shows the same.
 */
public final class Comparison {

    /** Bookkeeping numbers of {@code metrics.json} that are no metric. */
    private static final Set<String> NOT_METRICS = Set.of("n", "threshold", "seed");

    private final List<RunRecord> runs;
    private final List<String> differingKeys;
    private final List<String> metrics;

    private Comparison(List<RunRecord> runs) {
        this.runs = List.copyOf(runs);
        this.differingKeys = ConfigKeys.differing(runs.stream().map(RunRecord::config).toList());
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> r.metrics().keySet().stream().filter(k -> !NOT_METRICS.contains(k)).forEach(names::add));
        this.metrics = List.copyOf(names);
    }

    /** @throws PulmoException for no runs, or runs of different tasks */
    public static Comparison of(List<RunRecord> runs) {
        if (runs.isEmpty()) {
            throw new PulmoException("no runs to compare");
        }
        Set<String> tasks = runs.stream().map(r -> String.valueOf(r.task())).collect(Collectors.toSet());
        if (tasks.size() > 1) {
            throw new PulmoException("cannot compare runs of different tasks: " + runs.stream()
                    .map(r -> r.id() + " (" + r.task() + ")").collect(Collectors.joining(", ")));
        }
        return new Comparison(runs);
    }

    public List<RunRecord> runs() {
        return runs;
    }

    /** Config keys whose values differ between the runs (present in some runs only included), {@code name} aside. */
    public List<String> differingKeys() {
        return differingKeys;
    }

    /** The numeric metrics of any run, in first-seen order. */
    public List<String> metrics() {
        return metrics;
    }

    /** True for losses, errors and false-positive counts. */
    public boolean lowerIsBetter(String metric) {
        return metric.contains("loss") || metric.contains("error") || metric.contains("false_positives");
    }

    /** The row of the best value of {@code metric}; empty when fewer than two runs have it or all are equal. */
    public OptionalInt best(String metric) {
        int best = -1;
        int present = 0;
        double first = Double.NaN;
        boolean allEqual = true;
        for (int i = 0; i < runs.size(); i++) {
            Double v = runs.get(i).metrics().get(metric);
            if (v == null || v.isNaN()) {
                continue;
            }
            if (present++ == 0) {
                first = v;
            } else if (v != first) {
                allEqual = false;
            }
            double b = best < 0 ? Double.NaN : runs.get(best).metrics().get(metric);
            if (best < 0 || (lowerIsBetter(metric) ? v < b : v > b)) {
                best = i;
            }
        }
        return present < 2 || allEqual ? OptionalInt.empty() : OptionalInt.of(best);
    }

    /** The history columns to draw: {@code val_loss}, the validation metrics, then {@code train_loss}. */
    public List<String> curveColumns() {
        Set<String> cols = new LinkedHashSet<>();
        boolean valLoss = false;
        for (RunRecord r : runs) {
            for (HistoryRow row : r.history()) {
                valLoss |= !Double.isNaN(row.valLoss());
                row.metrics().keySet().forEach(k -> cols.add("val_" + k));
            }
        }
        List<String> out = new ArrayList<>();
        if (valLoss) {
            out.add("val_loss");
        }
        out.addAll(cols);
        if (runs.stream().anyMatch(r -> !r.history().isEmpty())) {
            out.add("train_loss");
        }
        return out;
    }

    /** True when row {@code row} holds the best value of {@code metric} (ties share it; see {@link #best}). */
    public boolean isBest(String metric, int row) {
        OptionalInt best = best(metric);
        if (best.isEmpty()) {
            return false;
        }
        Double v = runs.get(row).metrics().get(metric);
        return v != null && v.doubleValue() == runs.get(best.getAsInt()).metrics().get(metric);
    }

    /** A markdown table: run, status, differing keys, metrics rounded to 4 decimals with intervals, best in bold. */
    public String markdown() {
        List<String> header = new ArrayList<>(List.of("run", "status"));
        header.addAll(differingKeys);
        header.addAll(metrics);
        StringBuilder md = new StringBuilder();
        md.append(row(header)).append(row(header.stream().map(h -> "---").toList()));
        for (int i = 0; i < runs.size(); i++) {
            RunRecord r = runs.get(i);
            List<String> cells = new ArrayList<>(List.of(r.id(), r.status()));
            differingKeys.forEach(k -> cells.add(ConfigKeys.text(r.config().get(k))));
            for (String m : metrics) {
                String cell = rounded(r, m);
                cells.add(isBest(m, i) ? "**" + cell + "**" : cell);
            }
            md.append(row(cells));
        }
        return md.toString();
    }

    /**
     * CSV with exact values: run, status, keys, then per metric its value and interval bounds. A key a run lacks, a
     * null and a missing metric are empty cells.
     */
    public String csv() {
        List<String> header = new ArrayList<>(List.of("run", "status"));
        header.addAll(differingKeys);
        for (String m : metrics) {
            header.addAll(List.of(m, m + "_ci_lo", m + "_ci_hi"));
        }
        StringBuilder csv = new StringBuilder(csvRow(header));
        for (RunRecord r : runs) {
            List<String> cells = new ArrayList<>(List.of(r.id(), r.status()));
            differingKeys.forEach(k -> cells.add(r.config().get(k) == null ? "" : r.config().get(k).toString()));
            for (String m : metrics) {
                Double v = r.metrics().get(m);
                double[] ci = r.ci95().get(m);
                cells.add(v == null ? "" : Double.toString(v));
                cells.add(ci == null ? "" : Double.toString(ci[0]));
                cells.add(ci == null ? "" : Double.toString(ci[1]));
            }
            csv.append(csvRow(cells));
        }
        return csv.toString();
    }

    /** A metric cell: {@code 0.9123 [0.8800, 0.9400]}, or {@code –} when the run lacks it. */
    String rounded(RunRecord r, String metric) {
        Double v = r.metrics().get(metric);
        if (v == null) {
            return "–";
        }
        double[] ci = r.ci95().get(metric);
        return ci == null ? fmt(v) : fmt(v) + " [" + fmt(ci[0]) + ", " + fmt(ci[1]) + "]";
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String row(List<String> cells) {
        return "| " + cells.stream().map(c -> c.replace("|", "\\|").replaceAll("\\R", " "))
                .collect(Collectors.joining(" | ")) + " |\n";
    }

    private static String csvRow(List<String> cells) {
        return cells.stream().map(Comparison::csvCell).collect(Collectors.joining(",")) + "\n";
    }

    private static String csvCell(String c) {
        boolean quote = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
        return quote ? "\"" + c.replace("\"", "\"\"") + "\"" : c;
    }
}
