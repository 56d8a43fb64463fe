package io.pulmo.common.report;

import io.pulmo.common.metrics.ConfusionMatrix;
import io.pulmo.common.run.HistoryRow;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The run directory's PNG figures: {@code curves.png} (training curves with the best epoch marked)
 * and {@code confusion.png} (the confusion matrix). Rendering is headless: the class sets
 * {@code java.awt.headless=true} unless the property is already set.
 */
public final class Plots {

    /** Size of {@code curves.png}: two panels of {@code CURVES_WIDTH / 2} side by side. */
    public static final int CURVES_WIDTH = 900;
    public static final int CURVES_HEIGHT = 420;
    /** Size of {@code confusion.png}, whatever the number of classes. */
    public static final int CONFUSION_WIDTH = 640;
    public static final int CONFUSION_HEIGHT = 600;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VAL = new Color(255, 127, 14);
    private static final Color[] METRIC_COLORS = {
            new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
            new Color(227, 119, 194), new Color(23, 190, 207), new Color(188, 189, 34), new Color(127, 127, 127)};
    private static final Color BEST = new Color(90, 90, 90);
    private static final Color TEXT = new Color(33, 33, 33);
    private static final String FONT = Font.SANS_SERIF;
    /** Above this many epochs the curves are drawn without point markers. */
    private static final int MARKER_EPOCH_LIMIT = 40;
    private static final Color BEST_MARKER = new Color(20, 20, 20);
    private static final BasicStroke DASHED =
            new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    private static final String BEST_LINE = "best epoch";
    private static final String BEST_POINT = "best value";
    private static final Font LEGEND_FONT = new Font(FONT, Font.PLAIN, 12);
    private static final int LEGEND_ROW = 18;
    private static final int LEGEND_SAMPLE = 24;
    private static final int LEGEND_MARGIN = 10;

    // confusion.png layout
    private static final int LABEL_GAP = 8;
    private static final int ROTATED_LABEL_WIDTH = 170;
    private static final Font CLASS_FONT = new Font(FONT, Font.PLAIN, 13);
    private static final Color[] BLUES = {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)};

    private Plots() {
    }

    /**
     * Writes {@code curves.png} ({@link #CURVES_WIDTH} × {@link #CURVES_HEIGHT}): on the left
     * {@code train_loss} and {@code val_loss} per epoch, on the right every {@code val_<metric>}
     * of the history. A dashed vertical line labelled "best epoch N" marks {@code bestEpoch} in
     * both panels, and the monitored column's value at that epoch gets a black diamond. NaN values (e.g.
     * {@code val_loss} without a validation split) are left out; a panel with nothing to draw says so.
     *
     * @param rows            the history, one row per epoch, ascending
     * @param monitoredColumn the {@code history.csv} column that chose the best epoch, e.g. {@code val_auc}
     * @param bestEpoch       the best epoch; not marked when no row has it (e.g. 0)
     * @param png             the file to write; parent directories are created
     * @throws IllegalArgumentException when {@code rows} is empty
     * @throws IOException              when the file cannot be written
     */
    public static void writeCurves(List<HistoryRow> rows, String monitoredColumn, int bestEpoch, Path png) throws IOException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("cannot plot curves of an empty history");
        }
        int panelWidth = CURVES_WIDTH / 2;
        boolean bestKnown = rows.stream().anyMatch(r -> r.epoch() == bestEpoch);
        int lastEpoch = rows.stream().mapToInt(HistoryRow::epoch).max().orElseThrow();
        int firstEpoch = rows.stream().mapToInt(HistoryRow::epoch).min().orElseThrow();

        Set<String> metricNames = new LinkedHashSet<>();
        rows.forEach(r -> metricNames.addAll(r.metrics().keySet()));
        List<Curve> losses = List.of(
                new Curve("train_loss", TRAIN, HistoryRow::trainLoss),
                new Curve("val_loss", VAL, HistoryRow::valLoss));
        List<Curve> metrics = new ArrayList<>();
        int colour = 0;
        for (String name : metricNames) {
            metrics.add(new Curve("val_" + name, METRIC_COLORS[colour++ % METRIC_COLORS.length],
                    r -> r.metrics().getOrDefault(name, Double.NaN)));
        }

        Panel left = new Panel("Loss", "loss", losses, "no loss values");
        Panel right = new Panel("Validation metrics", "value", metrics, "no validation metrics");
        List<Panel> panels = List.of(left, right);
        int best = bestKnown ? bestEpoch : -1;
        BufferedImage image = new BufferedImage(CURVES_WIDTH, CURVES_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, CURVES_WIDTH, CURVES_HEIGHT);
            g.setFont(LEGEND_FONT);
            List<List<LegendEntry>> legends = new ArrayList<>();
            int legendHeight = 0;
            for (Panel panel : panels) {
                List<LegendEntry> entries = legendEntries(panel, rows, monitoredColumn, best);
                legends.add(entries);
                legendHeight = Math.max(legendHeight, legendRows(g.getFontMetrics(), entries, panelWidth).size() * LEGEND_ROW + 8);
            }
            int chartHeight = CURVES_HEIGHT - legendHeight;
            for (int i = 0; i < panels.size(); i++) {
                Graphics2D panelGraphics = (Graphics2D) g.create(i * panelWidth, 0, panelWidth, CURVES_HEIGHT);
                try {
                    paintPanel(panelGraphics, panels.get(i), rows, monitoredColumn, best, firstEpoch, lastEpoch,
                            panelWidth, chartHeight);
                    paintLegend(panelGraphics, legends.get(i), panelWidth, chartHeight);
                } finally {
                    panelGraphics.dispose();
                }
            }
            g.setColor(new Color(225, 225, 225));
            g.drawLine(panelWidth, 10, panelWidth, CURVES_HEIGHT - 10);
        } finally {
            g.dispose();
        }
        write(image, png);
    }

    /**
     * Writes {@code confusion.png} ({@link #CONFUSION_WIDTH} × {@link #CONFUSION_HEIGHT}): one
     * square cell per (true, predicted) pair, rows = true class and columns = predicted class in
     * {@code classes} order, shaded from white (0) to dark blue (the largest count), with the count
     * and its share of the true class's row written in the cell. Long class names are shortened
     * with an ellipsis.
     *
     * @param m       the matrix; its size must equal {@code classes.size()}
     * @param classes the class names
     * @param png     the file to write; parent directories are created
     * @throws IllegalArgumentException when the matrix and the class list differ in size
     * @throws IOException              when the file cannot be written
     */
    public static void writeConfusion(ConfusionMatrix m, List<String> classes, Path png) throws IOException {
        int k = m.size();
        if (classes.size() != k) {
            throw new IllegalArgumentException("confusion matrix has " + k + " classes but " + classes.size()
                    + " names were given: " + classes);
        }
        long max = 0;
        for (long[] row : m.counts()) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        BufferedImage image = new BufferedImage(CONFUSION_WIDTH, CONFUSION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, CONFUSION_WIDTH, CONFUSION_HEIGHT);
            g.setFont(CLASS_FONT);
            FontMetrics fm = g.getFontMetrics();
            ConfusionLayout layout = ConfusionLayout.of(fm, classes);
            int cell = layout.cell();
            int matrixSize = cell * k;
            int matrixCentre = layout.left() + matrixSize / 2;
            boolean showShare = cell >= 56;

            g.setColor(TEXT);
            g.setFont(new Font(FONT, Font.BOLD, 18));
            drawCentred(g, "Confusion matrix (n = " + m.total() + ")", matrixCentre, layout.top() - 38);
            g.setFont(new Font(FONT, Font.PLAIN, 12));
            g.setColor(new Color(100, 100, 100));
            drawCentred(g, showShare ? "count and % of the true class (row)" : "count", matrixCentre, layout.top() - 16);

            int countSize = Math.max(11, Math.min(26, cell / 4));
            for (int t = 0; t < k; t++) {
                long rowSum = m.rowSum(t);
                for (int p = 0; p < k; p++) {
                    Rectangle r = layout.cell(t, p);
                    double level = max == 0 ? 0 : (double) m.count(t, p) / max;
                    g.setColor(shade(level));
                    g.fillRect(r.x, r.y, r.width, r.height);
                    g.setColor(level > 0.45 ? Color.WHITE : TEXT);
                    int cx = r.x + r.width / 2;
                    int cy = r.y + r.height / 2;
                    g.setFont(new Font(FONT, Font.BOLD, countSize));
                    String count = Long.toString(m.count(t, p));
                    if (showShare) {
                        drawCentred(g, count, cx, cy - 2);
                        g.setFont(new Font(FONT, Font.PLAIN, Math.max(12, countSize * 2 / 3)));
                        String share = rowSum == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100.0 * m.count(t, p) / rowSum);
                        drawCentred(g, share, cx, cy + g.getFontMetrics().getAscent() + 2);
                    } else {
                        drawCentred(g, count, cx, cy + g.getFontMetrics().getAscent() / 2 - 1);
                    }
                }
            }
            g.setColor(new Color(160, 160, 160));
            g.setStroke(new BasicStroke(1f));
            g.drawRect(layout.left() - 1, layout.top() - 1, matrixSize, matrixSize);

            // row labels: true classes, right-aligned against the matrix
            g.setColor(TEXT);
            g.setFont(CLASS_FONT);
            for (int t = 0; t < k; t++) {
                Rectangle r = layout.cell(t, 0);
                String label = fit(fm, classes.get(t), layout.rowLabelWidth());
                g.drawString(label, layout.left() - LABEL_GAP - fm.stringWidth(label), r.y + r.height / 2 + fm.getAscent() / 2 - 1);
            }
            // column labels: predicted classes, horizontal when they all fit their column, else at 45°
            int columnTop = layout.top() + matrixSize + LABEL_GAP;
            for (int p = 0; p < k; p++) {
                Rectangle r = layout.cell(0, p);
                int cx = r.x + r.width / 2;
                if (layout.horizontalLabels()) {
                    drawCentred(g, classes.get(p), cx, columnTop + fm.getAscent());
                } else {
                    String label = fit(fm, classes.get(p), ROTATED_LABEL_WIDTH);
                    AffineTransform saved = g.getTransform();
                    g.translate(cx + fm.getAscent() / 2.0, columnTop);
                    g.rotate(-Math.PI / 4);
                    g.drawString(label, -fm.stringWidth(label), 0);
                    g.setTransform(saved);
                }
            }
            // axis titles
            g.setFont(new Font(FONT, Font.BOLD, 15));
            drawCentred(g, "predicted", matrixCentre, columnTop + layout.columnLabelHeight() + 26);
            AffineTransform saved = g.getTransform();
            g.translate(layout.left() - LABEL_GAP - layout.rowLabelWidth() - 16, layout.top() + matrixSize / 2.0);
            g.rotate(-Math.PI / 2);
            drawCentred(g, "true", 0, 0);
            g.setTransform(saved);
        } finally {
            g.dispose();
        }
        write(image, png);
    }

    /** The pixel rectangle of cell (row = true class, column = predicted class) in the {@code confusion.png} of these classes. */
    static Rectangle confusionCell(List<String> classes, int row, int column) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(CLASS_FONT);
            return ConfusionLayout.of(g.getFontMetrics(), classes).cell(row, column);
        } finally {
            g.dispose();
        }
    }

    /**
     * Where the matrix goes: as large a square as the canvas allows after the titles and the class
     * labels, the whole figure centred.
     *
     * @param left              x of the matrix's left edge
     * @param top               y of the matrix's top edge
     * @param cell              side of one cell in pixels
     * @param horizontalLabels  whether the column labels fit horizontally (else they are drawn at 45°)
     * @param rowLabelWidth     room for the row labels, longer ones are shortened
     * @param columnLabelHeight height taken by the column labels below the matrix
     */
    private record ConfusionLayout(int left, int top, int cell, boolean horizontalLabels, int rowLabelWidth,
                                   int columnLabelHeight) {
        private static final int TITLE_HEIGHT = 66;
        private static final int AXIS_TITLE = 40;
        private static final int RIGHT_MARGIN = 30;
        private static final int MAX_ROW_LABEL = 190;

        static ConfusionLayout of(FontMetrics fm, List<String> classes) {
            int k = classes.size();
            int widest = classes.stream().mapToInt(fm::stringWidth).max().orElse(0);
            int rowLabelWidth = Math.min(widest, MAX_ROW_LABEL);
            int fixedWidth = AXIS_TITLE + rowLabelWidth + LABEL_GAP;
            int roomWidth = CONFUSION_WIDTH - fixedWidth - RIGHT_MARGIN;
            int labelHeight = fm.getHeight();
            int side = Math.min(roomWidth, CONFUSION_HEIGHT - TITLE_HEIGHT - LABEL_GAP - labelHeight - AXIS_TITLE);
            boolean horizontal = widest <= side / k - 6;
            if (!horizontal) {
                labelHeight = (int) Math.ceil((Math.min(widest, ROTATED_LABEL_WIDTH) + fm.getAscent()) * Math.sin(Math.PI / 4));
                side = Math.min(roomWidth, CONFUSION_HEIGHT - TITLE_HEIGHT - LABEL_GAP - labelHeight - AXIS_TITLE);
            }
            int cell = side / k;
            side = cell * k;
            int extraWidth = CONFUSION_WIDTH - RIGHT_MARGIN - fixedWidth - side;
            int extraHeight = CONFUSION_HEIGHT - TITLE_HEIGHT - side - LABEL_GAP - labelHeight - AXIS_TITLE;
            return new ConfusionLayout(fixedWidth + extraWidth / 2 + RIGHT_MARGIN / 2, TITLE_HEIGHT + extraHeight / 2, cell,
                    horizontal, rowLabelWidth, labelHeight);
        }

        Rectangle cell(int row, int column) {
            return new Rectangle(left + column * cell, top + row * cell, cell - 1, cell - 1);
        }
    }

    /** White → light blue → dark blue (matplotlib's "Blues") for a level in [0, 1]. */
    private static Color shade(double level) {
        double x = Math.max(0, Math.min(1, level)) * (BLUES.length - 1);
        int i = Math.min((int) x, BLUES.length - 2);
        double f = x - i;
        Color a = BLUES[i];
        Color b = BLUES[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private record Curve(String name, Color color, ToDoubleFunction<HistoryRow> value) {
    }

    private record Panel(String title, String yTitle, List<Curve> curves, String emptyMessage) {
    }

    /** The finite points of one curve: epochs and values. */
    private static double[][] points(Curve curve, List<HistoryRow> rows) {
        double[] xs = new double[rows.size()];
        double[] ys = new double[rows.size()];
        int n = 0;
        for (HistoryRow row : rows) {
            double v = curve.value().applyAsDouble(row);
            if (Double.isFinite(v)) {
                xs[n] = row.epoch();
                ys[n] = v;
                n++;
            }
        }
        return new double[][] {Arrays.copyOf(xs, n), Arrays.copyOf(ys, n)};
    }

    private static void paintPanel(Graphics2D g, Panel panel, List<HistoryRow> rows, String monitoredColumn,
                                   int bestEpoch, int firstEpoch, int lastEpoch, int width, int height) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(panel.title());
        chart.setXAxisTitle("epoch");
        chart.setYAxisTitle(panel.yTitle());
        // Epoch axis: integer ticks only. XChart picks 0.5 steps for spans under ~4 units unless the
        // tick spacing hint is raised, and a single epoch gets the range [epoch − 1, epoch + 1].
        double xMin = firstEpoch == lastEpoch ? firstEpoch - 1.0 : firstEpoch - 0.5;
        double xMax = firstEpoch == lastEpoch ? lastEpoch + 1.0 : lastEpoch + 0.5;
        style(chart.getStyler(), xMin, xMax, lastEpoch - firstEpoch <= 2);
        Marker marker = rows.size() <= MARKER_EPOCH_LIMIT ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE;

        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Curve curve : panel.curves()) {
            double[][] xy = points(curve, rows);
            if (xy[0].length == 0) {
                continue;
            }
            for (double v : xy[1]) {
                yMin = Math.min(yMin, v);
                yMax = Math.max(yMax, v);
            }
            XYSeries series = chart.addSeries(curve.name(), xy[0], xy[1]);
            series.setLineColor(curve.color());
            series.setMarkerColor(curve.color());
            series.setMarker(marker);
            series.setLineWidth(curve.name().equals(monitoredColumn) ? 2.6f : 1.8f);
        }
        if (chart.getSeriesMap().isEmpty()) {
            paintEmpty(g, panel, width, height);
            return;
        }
        // explicit y range with headroom above the data for the "best epoch N" label
        double span = yMax - yMin;
        double pad = span > 0 ? span : Math.max(Math.abs(yMax) * 0.2, 0.1);
        double yBottom = yMin - 0.05 * pad;
        double yTop = yMax + 0.16 * pad;
        chart.getStyler().setYAxisMin(yBottom);
        chart.getStyler().setYAxisMax(yTop);
        if (bestEpoch > 0) {
            XYSeries line = chart.addSeries(BEST_LINE, new double[] {bestEpoch, bestEpoch}, new double[] {yBottom, yTop});
            line.setLineColor(BEST);
            line.setLineStyle(DASHED);
            line.setMarker(SeriesMarkers.NONE);
            Curve monitored = panel.curves().stream().filter(c -> c.name().equals(monitoredColumn)).findFirst().orElse(null);
            double value = monitored == null ? Double.NaN : valueAt(monitored, rows, bestEpoch);
            if (Double.isFinite(value)) {
                XYSeries star = chart.addSeries(BEST_POINT, new double[] {bestEpoch}, new double[] {value});
                star.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                star.setMarker(SeriesMarkers.DIAMOND);
                star.setMarkerColor(BEST_MARKER);
            }
        }
        chart.paint(g, width, height);
        if (bestEpoch > 0) {
            // "best epoch N" written next to the top of the dashed line, inside the plot
            g.setFont(new Font(FONT, Font.BOLD, 11));
            g.setColor(BEST);
            String label = "best epoch " + bestEpoch;
            int x = (int) Math.round(chart.getScreenXFromChart(bestEpoch));
            int y = (int) Math.round(chart.getScreenYFromChart(yTop)) + g.getFontMetrics().getAscent() + 3;
            int w = g.getFontMetrics().stringWidth(label);
            int right = (int) Math.round(chart.getScreenXFromChart(xMax));
            g.drawString(label, x + 5 + w <= right ? x + 5 : x - 5 - w, y);
        }
    }

    private static double valueAt(Curve curve, List<HistoryRow> rows, int epoch) {
        return rows.stream().filter(r -> r.epoch() == epoch).mapToDouble(curve.value()).findFirst().orElse(Double.NaN);
    }

    private record LegendEntry(String label, Color color, LegendKind kind) {
    }

    private enum LegendKind { LINE, DASHED, DIAMOND }

    private static List<LegendEntry> legendEntries(Panel panel, List<HistoryRow> rows, String monitoredColumn, int bestEpoch) {
        List<LegendEntry> entries = new ArrayList<>();
        Curve monitored = null;
        for (Curve curve : panel.curves()) {
            if (points(curve, rows)[0].length > 0) {
                entries.add(new LegendEntry(curve.name(), curve.color(), LegendKind.LINE));
                if (curve.name().equals(monitoredColumn)) {
                    monitored = curve;
                }
            }
        }
        if (!entries.isEmpty() && bestEpoch > 0) {
            entries.add(new LegendEntry("best epoch (by " + monitoredColumn + ")", BEST, LegendKind.DASHED));
            double value = monitored == null ? Double.NaN : valueAt(monitored, rows, bestEpoch);
            if (Double.isFinite(value)) {
                entries.add(new LegendEntry(String.format(Locale.ROOT, "%s = %.4f", monitoredColumn, value), BEST_MARKER, LegendKind.DIAMOND));
            }
        }
        return entries;
    }

    /** Entries grouped into rows that fit the panel's width. */
    private static List<List<LegendEntry>> legendRows(FontMetrics fm, List<LegendEntry> entries, int width) {
        List<List<LegendEntry>> rows = new ArrayList<>();
        List<LegendEntry> row = new ArrayList<>();
        int used = 0;
        for (LegendEntry entry : entries) {
            int w = legendWidth(fm, entry);
            if (!row.isEmpty() && used + w > width - 2 * LEGEND_MARGIN) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(entry);
            used += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static int legendWidth(FontMetrics fm, LegendEntry entry) {
        return LEGEND_SAMPLE + 6 + fm.stringWidth(entry.label()) + 18;
    }

    private static void paintLegend(Graphics2D g, List<LegendEntry> entries, int width, int top) {
        g.setFont(LEGEND_FONT);
        FontMetrics fm = g.getFontMetrics();
        int y = top + LEGEND_ROW / 2 + 2;
        for (List<LegendEntry> row : legendRows(fm, entries, width)) {
            int rowWidth = row.stream().mapToInt(e -> legendWidth(fm, e)).sum() - 18;
            int x = (width - rowWidth) / 2;
            for (LegendEntry entry : row) {
                g.setColor(entry.color());
                switch (entry.kind()) {
                    case LINE -> {
                        g.setStroke(new BasicStroke(2f));
                        g.drawLine(x, y, x + LEGEND_SAMPLE, y);
                        g.fillOval(x + LEGEND_SAMPLE / 2 - 3, y - 3, 7, 7);
                    }
                    case DASHED -> {
                        g.setStroke(DASHED);
                        g.drawLine(x, y, x + LEGEND_SAMPLE, y);
                    }
                    case DIAMOND -> g.fillPolygon(new int[] {x + LEGEND_SAMPLE / 2 - 5, x + LEGEND_SAMPLE / 2, x + LEGEND_SAMPLE / 2 + 5, x + LEGEND_SAMPLE / 2},
                            new int[] {y, y - 5, y, y + 5}, 4);
                }
                g.setColor(TEXT);
                g.drawString(entry.label(), x + LEGEND_SAMPLE + 6, y + fm.getAscent() / 2 - 1);
                x += legendWidth(fm, entry);
            }
            y += LEGEND_ROW;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void style(XYStyler styler, double xMin, double xMax, boolean fewEpochs) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(200, 200, 200));
        styler.setPlotGridLinesColor(new Color(232, 232, 232));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(FONT, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        styler.setChartFontColor(TEXT);
        styler.setLegendVisible(false);
        styler.setMarkerSize(6);
        styler.setAntiAlias(true);
        styler.setXAxisMin(xMin);
        styler.setXAxisMax(xMax);
        if (fewEpochs) {
            styler.setXAxisTickMarkSpacingHint(120);
        }
        styler.setXAxisDecimalPattern("0");
        styler.setYAxisDecimalPattern("0.###");
    }

    private static void paintEmpty(Graphics2D g, Panel panel, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(TEXT);
        g.setFont(new Font(FONT, Font.BOLD, 15));
        drawCentred(g, panel.title(), width / 2, 24);
        g.setColor(new Color(200, 200, 200));
        g.drawRect(50, 40, width - 70, height - 90);
        g.setColor(new Color(120, 120, 120));
        g.setFont(new Font(FONT, Font.ITALIC, 13));
        drawCentred(g, panel.emptyMessage(), width / 2, height / 2);
    }

    private static void drawCentred(Graphics2D g, String text, int cx, int baseline) {
        g.drawString(text, cx - g.getFontMetrics().stringWidth(text) / 2, baseline);
    }

    /** {@code text}, shortened with an ellipsis so that it is at most {@code width} pixels wide. */
    private static String fit(FontMetrics fm, String text, int width) {
        if (fm.stringWidth(text) <= width) {
            return text;
        }
        String ellipsis = "…";
        int end = text.length();
        while (end > 1 && fm.stringWidth(text.substring(0, end) + ellipsis) > width) {
            end--;
        }
        return text.substring(0, end) + ellipsis;
    }

    private static void write(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }
}
