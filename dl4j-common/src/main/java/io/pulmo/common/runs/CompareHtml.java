package io.pulmo.common.runs;

import io.pulmo.common.PulmoException;
import io.pulmo.common.metrics.Roc;
import io.pulmo.common.run.HistoryRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link Comparison} as HTML with no outside resources (inline CSS and SVG, no script): the table with the best
 * value per metric marked, the validation curves of all runs overlaid (one chart per {@code history.csv} column), and
 * ROC curves of binary classifiers. Every user-derived string is escaped. Hooks for tests and styling:
 * {@code table.compare tr[data-run]}, {@code svg.curve[data-column] polyline[data-run]}, {@code svg.roc}.
 */
public final class CompareHtml {

    private static final Logger log = LoggerFactory.getLogger(CompareHtml.class);
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 460;
    private static final int H = 280;
    private static final int LEFT = 56;
    private static final int RIGHT = 24;
    private static final int TOP = 24;
    private static final int BOTTOM = 40;
    static final String STYLE = "table.compare{border-collapse:collapse;margin:12px 0;font:13px sans-serif}"
            + "table.compare td,table.compare th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
            + "table.compare td:first-child,table.compare th:first-child{text-align:left}"
            + "td.best{font-weight:bold;background:#e6f4ea}.charts{display:flex;flex-wrap:wrap;gap:12px}"
            + "svg text{font:11px sans-serif}.legend{font:12px sans-serif}";

    private CompareHtml() {
    }

    /** A complete, self-contained HTML document. */
    public static String page(Comparison c, String title) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + Html.escape(title) + "</title><style>"
                + "body{font:14px sans-serif;margin:20px}" + STYLE + "</style></head><body><h1>" + Html.escape(title)
                + "</h1>\n" + fragment(c) + "</body></html>\n";
    }

    /** The table and charts, for embedding in a page that carries {@link #STYLE}. */
    public static String fragment(Comparison c) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<style>").append(STYLE).append("</style>");
        table(c, html);
        List<String> columns = c.curveColumns();
        if (!columns.isEmpty()) {
            html.append("<h2>Curves</h2><div class=\"charts\">");
            for (String column : columns) {
                curve(c, column, html);
            }
            html.append("</div>");
        }
        String roc = roc(c);
        if (!roc.isEmpty()) {
            html.append("<h2>ROC (test split)</h2><div class=\"charts\">").append(roc).append("</div>");
        }
        return html.toString();
    }

    private static void table(Comparison c, StringBuilder html) {
        html.append("<table class=\"compare\"><tr><th>run</th><th>status</th>");
        c.differingKeys().forEach(k -> html.append("<th>").append(Html.escape(k)).append("</th>"));
        c.metrics().forEach(m -> html.append("<th>").append(Html.escape(m)).append("</th>"));
        html.append("</tr>\n");
        for (int i = 0; i < c.runs().size(); i++) {
            RunRecord r = c.runs().get(i);
            html.append("<tr data-run=\"").append(Html.escape(r.id())).append("\"><td>")
                    .append(swatch(i)).append(Html.escape(r.id())).append("</td><td>").append(Html.escape(r.status()))
                    .append("</td>");
            for (String k : c.differingKeys()) {
                html.append("<td>").append(Html.escape(ConfigKeys.text(r.config().get(k)))).append("</td>");
            }
            for (String m : c.metrics()) {
                boolean best = c.isBest(m, i);
                html.append(best ? "<td class=\"best\">" : "<td>").append(Html.escape(c.rounded(r, m))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void curve(Comparison c, String column, StringBuilder html) {
        List<double[][]> series = new ArrayList<>();
        double xMax = 1;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (RunRecord r : c.runs()) {
            List<double[]> pts = new ArrayList<>();
            for (HistoryRow row : r.history()) {
                double v = value(row, column);
                if (Double.isFinite(v)) {
                    pts.add(new double[]{row.epoch(), v});
                    xMax = Math.max(xMax, row.epoch());
                    yMin = Math.min(yMin, v);
                    yMax = Math.max(yMax, v);
                }
            }
            series.add(pts.toArray(new double[0][]));
        }
        if (yMin > yMax) {
            return;
        }
        if (yMax - yMin < 1e-12) {
            yMin -= 0.5;
            yMax += 0.5;
        }
        Axes axes = new Axes(1, Math.max(xMax, 2), yMin, yMax, true);
        html.append("<svg class=\"curve\" data-column=\"").append(Html.escape(column)).append("\" width=\"").append(W)
                .append("\" height=\"").append(H + 20L * c.runs().size()).append("\" viewBox=\"0 0 ").append(W)
                .append(' ').append(H + 20L * c.runs().size()).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        axes.draw(html, column, "epoch");
        for (int i = 0; i < series.size(); i++) {
            polyline(html, c.runs().get(i).id(), i, series.get(i), axes);
        }
        legend(html, c.runs().stream().map(RunRecord::id).toList(), null);
        html.append("</svg>");
    }

    private static String roc(Comparison c) {
        List<String> labels = new ArrayList<>();
        List<double[][]> curves = new ArrayList<>();
        List<Integer> colours = new ArrayList<>();
        for (int i = 0; i < c.runs().size(); i++) {
            RunRecord r = c.runs().get(i);
            Optional<Scored> scored = binaryScores(r);
            if (scored.isEmpty()) {
                continue;
            }
            double auc = Roc.auc(scored.get().scores(), scored.get().truth());
            if (Double.isNaN(auc)) {
                continue;
            }
            Roc.Curve curve = Roc.curve(scored.get().scores(), scored.get().truth());
            double[][] pts = new double[curve.fpr().length][];
            for (int k = 0; k < pts.length; k++) {
                pts[k] = new double[]{curve.fpr()[k], curve.tpr()[k]};
            }
            curves.add(pts);
            colours.add(i);
            labels.add(r.id() + String.format(Locale.ROOT, " (AUC %.4f)", auc));
        }
        if (curves.isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder();
        Axes axes = new Axes(0, 1, 0, 1, false);
        int h = H + 20 * curves.size();
        html.append("<svg class=\"roc\" width=\"").append(W).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ")
                .append(W).append(' ').append(h).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        axes.draw(html, "true positive rate", "false positive rate");
        html.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#bbb\" "
                + "stroke-dasharray=\"4 3\"/>", axes.x(0), axes.y(0), axes.x(1), axes.y(1)));
        for (int k = 0; k < curves.size(); k++) {
            String id = c.runs().get(colours.get(k)).id();
            polyline(html, id, colours.get(k), curves.get(k), axes);
        }
        legend(html, labels, colours);
        html.append("</svg>");
        return html.toString();
    }

    /**
     * A binary classifier's test predictions as P(positive class) and 0/1 truth; empty for other runs, multi-class
     * runs ({@code predictions.csv} with more than {@code id,label,score,pred}) and unreadable predictions, which
     * only cost that run its ROC curve.
     */
    private static Optional<Scored> binaryScores(RunRecord r) {
        if (!"classification".equals(r.task()) || r.positiveClass() == null) {
            return Optional.empty();
        }
        try {
            List<String[]> rows = r.predictions();
            if (rows.isEmpty() || rows.get(0).length != 4) {
                return Optional.empty();
            }
            double[] scores = new double[rows.size()];
            int[] truth = new int[rows.size()];
            for (int k = 0; k < rows.size(); k++) {
                truth[k] = rows.get(k)[1].equals(r.positiveClass()) ? 1 : 0;
                scores[k] = Double.parseDouble(rows.get(k)[2]);
            }
            return Optional.of(new Scored(scores, truth));
        } catch (PulmoException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            log.warn("no ROC curve for {}: unreadable {}: {}", r.id(), r.dir().resolve("predictions.csv"),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private record Scored(double[] scores, int[] truth) {
    }

    private static double value(HistoryRow row, String column) {
        try {
            return row.value(column);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    private static void polyline(StringBuilder html, String id, int colour, double[][] pts, Axes axes) {
        html.append("<polyline data-run=\"").append(Html.escape(id)).append("\" fill=\"none\" stroke-width=\"2\" stroke=\"")
                .append(COLOURS[colour % COLOURS.length]).append("\" points=\"");
        for (double[] p : pts) {
            html.append(String.format(Locale.ROOT, "%.1f,%.1f ", axes.x(p[0]), axes.y(p[1])));
        }
        html.append("\"/>");
        if (pts.length == 1) { // a single epoch draws no line: mark the point
            html.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
                    axes.x(pts[0][0]), axes.y(pts[0][1]), COLOURS[colour % COLOURS.length]));
        }
    }

    private static void legend(StringBuilder html, List<String> labels, List<Integer> colours) {
        for (int i = 0; i < labels.size(); i++) {
            int colour = colours == null ? i : colours.get(i);
            int y = H + 4 + 20 * i;
            html.append("<rect x=\"").append(LEFT).append("\" y=\"").append(y).append("\" width=\"14\" height=\"4\" fill=\"")
                    .append(COLOURS[colour % COLOURS.length]).append("\"/><text class=\"legend\" x=\"").append(LEFT + 20)
                    .append("\" y=\"").append(y + 6).append("\">").append(Html.escape(labels.get(i))).append("</text>");
        }
    }

    private static String swatch(int i) {
        return "<span style=\"display:inline-block;width:10px;height:10px;margin-right:6px;background:"
                + COLOURS[i % COLOURS.length] + "\"></span>";
    }

    /** Data ranges mapped onto the plot area, with five labelled ticks per axis (whole epochs when {@code epochs}). */
    private record Axes(double x0, double x1, double y0, double y1, boolean epochs) {
        double x(double v) {
            return LEFT + (v - x0) / (x1 - x0) * (W - LEFT - RIGHT);
        }

        double y(double v) {
            return TOP + (1 - (v - y0) / (y1 - y0)) * (H - TOP - BOTTOM);
        }

        void draw(StringBuilder html, String yLabel, String xLabel) {
            html.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"#888\"/>", LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
            double step = epochs ? Math.max(1, Math.ceil((x1 - x0) / 5)) : (x1 - x0) / 4;
            for (double xv = x0; xv <= x1 + 1e-9; xv += step) {
                html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        x(xv), H - BOTTOM + 14, epochs ? String.valueOf((long) xv) : tick(xv)));
            }
            for (int t = 0; t <= 4; t++) {
                double yv = y0 + (y1 - y0) * t / 4;
                html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                        LEFT - 4, y(yv) + 4, tick(yv)));
                html.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                        LEFT, y(yv), W - RIGHT, y(yv)));
            }
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    (LEFT + W - RIGHT) / 2, H - 8, Html.escape(xLabel)));
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", LEFT, TOP - 8,
                    Html.escape(yLabel)));
        }

        private static String tick(double v) {
            double a = Math.abs(v);
            return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.1e", v)
                    : String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.3f", v);
        }
    }
}
