package io.pulmo.common.report;

import io.pulmo.common.metrics.ConfusionMatrix;
import io.pulmo.common.run.HistoryRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlotsTest {

    @TempDir
    Path dir;

    static List<HistoryRow> history(int epochs, boolean withValLoss) {
        List<HistoryRow> rows = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("accuracy", 0.6 + 0.3 * (1 - Math.exp(-e / 3.0)));
            metrics.put("auc", 0.65 + 0.3 * (1 - Math.exp(-e / 2.5)));
            rows.add(new HistoryRow(e, 1e-3, 0.7 * Math.exp(-e / 4.0) + 0.1,
                    withValLoss ? 0.75 * Math.exp(-e / 5.0) + 0.15 + 0.01 * e : Double.NaN, metrics));
        }
        return rows;
    }

    private static BufferedImage read(Path png) throws IOException {
        assertThat(png).isRegularFile();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("decodes as an image").isNotNull();
        return image;
    }

    /** Variance of the pixels' luminance; 0 for a blank image. */
    private static double luminanceVariance(BufferedImage image) {
        double sum = 0;
        double sumSq = 0;
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                double l = luminance(image.getRGB(x, y));
                sum += l;
                sumSq += l * l;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    private static double luminance(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }

    /** Count of pixels in a column band that are neither white nor near-grey, i.e. coloured curve pixels. */
    private static long colouredPixels(BufferedImage image, int x0, int x1) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void curvesPngHasBothPanelsDrawn() throws IOException {
        Path png = dir.resolve("run/curves.png");
        Plots.writeCurves(history(8, true), "val_auc", 6, png);
        BufferedImage image = read(png);
        assertThat(image.getWidth()).isEqualTo(Plots.CURVES_WIDTH);
        assertThat(image.getHeight()).isEqualTo(Plots.CURVES_HEIGHT);
        assertThat(luminanceVariance(image)).isGreaterThan(100);
        int half = Plots.CURVES_WIDTH / 2;
        assertThat(colouredPixels(image, 0, half)).as("loss curves in the left panel").isGreaterThan(300);
        assertThat(colouredPixels(image, half, Plots.CURVES_WIDTH)).as("metric curves in the right panel").isGreaterThan(300);
    }

    @Test
    void curvesWorkWithOneEpochAndNaNValidationLoss() throws IOException {
        Path one = dir.resolve("one.png");
        Plots.writeCurves(history(1, false), "val_loss", 1, one);
        BufferedImage image = read(one);
        assertThat(image.getWidth()).isEqualTo(Plots.CURVES_WIDTH);
        assertThat(image.getHeight()).isEqualTo(Plots.CURVES_HEIGHT);
        assertThat(luminanceVariance(image)).isGreaterThan(50);

        Path noMetrics = dir.resolve("no-metrics.png");
        List<HistoryRow> bare = List.of(new HistoryRow(1, 0.1, 0.9, Double.NaN, Map.of()),
                new HistoryRow(2, 0.1, 0.8, Double.NaN, Map.of()));
        Plots.writeCurves(bare, "train_loss", 0, noMetrics);
        assertThat(luminanceVariance(read(noMetrics))).isGreaterThan(50);
    }

    @Test
    void curvesRejectAnEmptyHistory() {
        assertThatThrownBy(() -> Plots.writeCurves(List.of(), "val_auc", 1, dir.resolve("x.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void confusionCellsDarkenWithCount() throws IOException {
        ConfusionMatrix m = new ConfusionMatrix(new long[][] {{50, 0}, {10, 140}});
        Path png = dir.resolve("confusion.png");
        List<String> classes = List.of("NORMAL", "PNEUMONIA");
        Plots.writeConfusion(m, classes, png);
        BufferedImage image = read(png);
        assertThat(image.getWidth()).isEqualTo(Plots.CONFUSION_WIDTH);
        assertThat(image.getHeight()).isEqualTo(Plots.CONFUSION_HEIGHT);
        assertThat(luminanceVariance(image)).isGreaterThan(100);
        double zero = cellLuminance(image, classes, 0, 1);
        double ten = cellLuminance(image, classes, 1, 0);
        double fifty = cellLuminance(image, classes, 0, 0);
        double max = cellLuminance(image, classes, 1, 1);
        assertThat(zero).as("0 is near white").isGreaterThan(235);
        assertThat(ten).isLessThan(zero);
        assertThat(fifty).isLessThan(ten);
        assertThat(max).as("largest count is darkest").isLessThan(fifty).isLessThan(100);
    }

    @Test
    void confusionWithFourLongNamedClassesAndAnEmptyMatrix() throws IOException {
        List<String> classes = List.of("adenocarcinoma_left.lower.lobe_T2_N0_M0_Ib",
                "large.cell.carcinoma_left.hilum_T2_N2_M0_IIIa", "normal", "squamous.cell.carcinoma_left.hilum_T1_N2_M0_IIIa");
        ConfusionMatrix m = new ConfusionMatrix(new long[][] {{30, 5, 0, 8}, {2, 15, 0, 4}, {0, 0, 40, 1}, {6, 3, 0, 22}});
        Path png = dir.resolve("confusion4.png");
        Plots.writeConfusion(m, classes, png);
        BufferedImage image = read(png);
        assertThat(image.getWidth()).isEqualTo(Plots.CONFUSION_WIDTH);
        assertThat(cellLuminance(image, classes, 2, 2)).isLessThan(cellLuminance(image, classes, 0, 0));
        assertThat(cellLuminance(image, classes, 0, 0)).isLessThan(cellLuminance(image, classes, 3, 0));
        assertThat(cellLuminance(image, classes, 3, 0)).isLessThan(cellLuminance(image, classes, 0, 2));

        Path empty = dir.resolve("empty.png");
        Plots.writeConfusion(new ConfusionMatrix(new long[2][2]), List.of("a", "b"), empty);
        assertThat(cellLuminance(read(empty), List.of("a", "b"), 0, 0)).isGreaterThan(235);
    }

    @Test
    void confusionRejectsMismatchedClassNames() {
        assertThatThrownBy(() -> Plots.writeConfusion(new ConfusionMatrix(new long[2][2]), List.of("a", "b", "c"), dir.resolve("x.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 names");
    }

    /** Luminance inside a cell, a few pixels in from its top-left corner (clear of the centred count). */
    private static double cellLuminance(BufferedImage image, List<String> classes, int row, int column) {
        Rectangle cell = Plots.confusionCell(classes, row, column);
        return luminance(image.getRGB(cell.x + 5, cell.y + 5));
    }
}
