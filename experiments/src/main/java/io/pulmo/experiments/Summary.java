package io.pulmo.experiments;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one-screen summary printed after a run: test metrics with 95% intervals, where the results are. */
public final class Summary {
    private static final List<String> ORDER = List.of("accuracy", "precision", "recall", "specificity", "f1", "auc");
    /** The LUNA segmentation stage: the book's pixel totals over the test slices. */
    private static final List<String> SEGMENT_STAGE = List.of("recall", "precision", "dice");
    private static final List<String> SEGMENTATION = List.of("dice", "iou", "recall", "precision", "dice_global",
            "dice_nonempty", "empty_fp_rate");

    private Summary() {
    }

    public static void print(PrintWriter out, RunResult r, boolean dashboardShown) {
        var info = r.info();
        out.printf(Locale.ROOT, "%n%s%s: %s, best epoch %s of %s%n", info.name(),
                info.variant() != null ? " / " + info.variant() : "", info.status(), info.bestEpoch(), info.epochsTrained());
        Map<String, Object> m = r.metrics();
        if (m.containsKey("cpm")) {
            printPipeline(out, r, dashboardShown);
            return;
        }
        boolean segmentation = "segmentation".equals(m.get("task"));
        boolean segmentStage = "ct3d".equals(m.get("task")) && "segment".equals(m.get("stage"));
        if (segmentStage) {
            out.printf(Locale.ROOT, "  test split: %s series, %s slices with nodule voxels, pixel threshold %s%n",
                    m.get("series"), m.get("slices"), m.get("threshold"));
        } else if (segmentation) {
            out.printf(Locale.ROOT, "  test split: n=%s images, %s with an empty mask, pixel threshold %s%n", m.get("n"),
                    m.get("n_empty_gt"), m.get("threshold"));
        } else {
            out.printf(Locale.ROOT, "  test split: n=%s, classes %s, positive class %s, threshold %s%n", m.get("n"),
                    m.get("classes"), m.get("positive_class"), m.get("threshold"));
        }
        Object ci = m.get("ci95");
        for (String k : segmentStage ? SEGMENT_STAGE : segmentation ? SEGMENTATION : ORDER) {
            Object v = m.get(k);
            String interval = "";
            if (ci instanceof Map<?, ?> intervals && intervals.get(k) != null) {
                interval = "  95% CI " + format(intervals.get(k));
            }
            out.printf(Locale.ROOT, "  %-12s %s%s%n", k, v instanceof Number n ? String.format(Locale.ROOT, "%.4f",
                    n.doubleValue()) : String.valueOf(v), interval);
        }
        if (!segmentation && !segmentStage) {
            out.printf("  confusion (rows true, columns predicted): %s%n", m.get("confusion"));
        }
        if (m.get("warnings") instanceof List<?> warnings) {
            warnings.forEach(w -> out.printf("  WARNING %s%n", w));
        }
        out.printf("  run directory: %s  (metrics.json, predictions.csv, curves.png, %s)%n", r.dir(),
                segmentation ? "overlays/" : segmentStage ? "history.csv" : "confusion.png");
        out.printf("  %s: ./pulmo ui %s%n", dashboardShown ? "reopen the dashboard" : "dashboard", r.dir().getParent());
    }

    /** A ct3d end-to-end run: detection (FROC), the book's confusion table and the patients' diagnosis. */
    private static void printPipeline(PrintWriter out, RunResult r, boolean dashboardShown) {
        Map<String, Object> m = r.metrics();
        out.printf(Locale.ROOT, "  test scans: %s, nodules %s, candidates %s%n", m.get("scans"), m.get("nodules"),
                m.get("candidates"));
        out.printf(Locale.ROOT, "  detection: CPM %.4f; nodules detected %s of %s, false positives %s%n",
                ((Number) m.get("cpm")).doubleValue(), m.get("detected"), m.get("nodules"), m.get("false_positives"));
        out.printf("  sensitivity at FPs/scan %s%n", m.get("froc"));
        if (m.get("diagnosis") instanceof Map<?, ?> d) {
            out.printf(Locale.ROOT, "  diagnosis per patient: n=%s, accuracy %s, recall %s, specificity %s%n", d.get("n"),
                    number(d.get("accuracy")), number(d.get("recall")), number(d.get("specificity")));
        }
        out.printf("  run directory: %s  (metrics.json, predictions.csv, detections.csv, froc.png, confusion.txt; "
                + "stages in segment/, nodule/, malignancy/)%n", r.dir());
        out.printf("  %s: ./pulmo ui %s%n", dashboardShown ? "reopen the dashboard" : "dashboard", r.dir());
    }

    private static String number(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : String.valueOf(v);
    }

    private static String format(Object interval) {
        if (interval instanceof double[] d && d.length == 2) {
            return String.format(Locale.ROOT, "[%.4f, %.4f]", d[0], d[1]);
        }
        if (interval instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            return String.format(Locale.ROOT, "[%.4f, %.4f]", a.doubleValue(), b.doubleValue());
        }
        return String.valueOf(interval);
    }
}
