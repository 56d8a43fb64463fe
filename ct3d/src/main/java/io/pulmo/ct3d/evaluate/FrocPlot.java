package io.pulmo.ct3d.evaluate;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code froc.png}: the FROC curve as the official LUNA16 script draws it — sensitivity against the average
 * number of false positives per scan on a base-2 logarithmic axis from 1/8 to 8, the curve interpolated
 * linearly in the false-positive rate ({@link FrocCurve#sensitivityAt}) — with the seven operating points
 * of the CPM marked and the CPM in the title. Rendering is headless.
 */
public final class FrocPlot {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 520;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Color CURVE = new Color(31, 119, 180);
    private static final Color POINTS = new Color(214, 39, 40);
    private static final Color TEXT = new Color(33, 33, 33);
    private static final String FONT = Font.SANS_SERIF;
    /** Samples of the interpolated curve along the log2 axis. */
    private static final int SAMPLES = 601;
    private static final double LOG2_MIN = -3;
    private static final double LOG2_MAX = 3;

    private FrocPlot() {
    }

    /**
     * Writes the plot of an evaluation.
     *
     * @param result the evaluation: its curve, CPM, scans and nodules
     * @param png    the file to write; parent directories are created
     * @throws IOException when the file cannot be written
     */
    public static void write(FrocResult result, Path png) throws IOException {
        String subtitle = String.format(Locale.ROOT, "%d scans, %d nodules, %d detected", result.scans(),
                result.nodules(), result.detected());
        write(result.curve(), result.cpm(), subtitle, png);
    }

    /**
     * Writes the plot of a curve.
     *
     * @param curve    the FROC curve
     * @param cpm      the score to print in the title
     * @param subtitle a second title line, or null
     * @param png      the file to write; parent directories are created
     * @throws IOException when the file cannot be written
     */
    public static void write(FrocCurve curve, double cpm, String subtitle, Path png) throws IOException {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        String title = String.format(Locale.ROOT, "FROC, CPM = %.3f", cpm);
        chart.setTitle(subtitle == null ? title : title + " (" + subtitle + ")");
        chart.setXAxisTitle("Average number of false positives per scan");
        chart.setYAxisTitle("Sensitivity");
        style(chart.getStyler());

        double[] xs = new double[SAMPLES];
        double[] ys = new double[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
            double log2 = LOG2_MIN + (LOG2_MAX - LOG2_MIN) * k / (SAMPLES - 1);
            xs[k] = log2;
            ys[k] = curve.sensitivityAt(Math.pow(2, log2));
        }
        XYSeries line = chart.addSeries("FROC", xs, ys);
        line.setLineColor(CURVE);
        line.setLineStyle(new BasicStroke(2.2f));
        line.setMarker(SeriesMarkers.NONE);

        double[] px = new double[FrocCurve.LUNA_FPS.length];
        double[] py = new double[FrocCurve.LUNA_FPS.length];
        for (int k = 0; k < px.length; k++) {
            px[k] = log2(FrocCurve.LUNA_FPS[k]);
            py[k] = curve.sensitivityAt(FrocCurve.LUNA_FPS[k]);
        }
        XYSeries points = chart.addSeries("sensitivity at 1/8 … 8 FP/scan", px, py);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(POINTS);

        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BitmapEncoder.saveBitmap(chart, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static void style(XYStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(200, 200, 200));
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(FONT, Font.BOLD, 14));
        styler.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 11));
        styler.setChartFontColor(TEXT);
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setLegendFont(new Font(FONT, Font.PLAIN, 12));
        styler.setLegendBorderColor(new Color(200, 200, 200));
        styler.setMarkerSize(8);
        styler.setAntiAlias(true);
        styler.setXAxisMin(LOG2_MIN);
        styler.setXAxisMax(LOG2_MAX);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setXAxisTickMarkSpacingHint(60);
        // the x axis is log2(FP per scan): label the integer ticks with the rate itself, 1/8 … 8
        styler.setxAxisTickLabelsFormattingFunction(v -> {
            double rounded = Math.rint(v);
            if (Math.abs(v - rounded) > 1e-9) {
                return "";
            }
            return FrocResult.key(Math.pow(2, rounded));
        });
        styler.setYAxisDecimalPattern("0.0");
    }
}
