package io.pulmo.experiments;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one-screen summary printed after a run: test metrics with 95% intervals, where the results are. */
public final class Summary {
    private static final List<String> ORDER = List.of("accuracy", "precision", "recall", "specificity", "f1", "auc");
    private static final List<String> SEGMENTATION = List.of("dice", "iou", "recall", "precision", "dice_global",
            "dice_nonempty", "empty_fp_rate");

    private Summary() {
    }

    public static void print(PrintWriter out, RunResult r, boolean dashboardShown) {
        var info = r.info();
        out.printf(Locale.ROOT, "%n%s%s: %s, best epoch %s of %s%n", info.name(),
                info.variant() != null ? " / " + info.variant() : "", info.status(), info.bestEpoch(), info.epochsTrained());
        Map<String, Object> m = r.metrics();
        boolean segmentation = "segmentation".equals(m.get("task"));
        if (segmentation) {
            out.printf(Locale.ROOT, "  test split: n=%s images, %s with an empty mask, pixel threshold %s%n", m.get("n"),
                    m.get("n_empty_gt"), m.get("threshold"));
        } else {
            out.printf(Locale.ROOT, "  test split: n=%s, classes %s, positive class %s, threshold %s%n", m.get("n"),
                    m.get("classes"), m.get("positive_class"), m.get("threshold"));
        }
        Object ci = m.get("ci95");
        for (String k : segmentation ? SEGMENTATION : ORDER) {
            Object v = m.get(k);
            String interval = "";
            if (ci instanceof Map<?, ?> intervals && intervals.get(k) != null) {
                interval = "  95% CI " + format(intervals.get(k));
            }
            out.printf(Locale.ROOT, "  %-12s %s%s%n", k, v instanceof Number n ? String.format(Locale.ROOT, "%.4f",
                    n.doubleValue()) : String.valueOf(v), interval);
        }
        if (!segmentation) {
            out.printf("  confusion (rows true, columns predicted): %s%n", m.get("confusion"));
        }
        if (m.get("warnings") instanceof List<?> warnings) {
            warnings.forEach(w -> out.printf("  WARNING %s%n", w));
        }
        out.printf("  run directory: %s  (metrics.json, predictions.csv, curves.png, %s)%n", r.dir(),
                segmentation ? "overlays/" : "confusion.png");
        out.printf("  %s: ./pulmo ui %s%n", dashboardShown ? "reopen the dashboard" : "dashboard", r.dir().getParent());
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
