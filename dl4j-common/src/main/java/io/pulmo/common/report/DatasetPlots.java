package io.pulmo.common.report;

import io.pulmo.common.data.DatasetSplits;
import io.pulmo.common.data.ImageItem;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run trained on, as pictures (seed 000 draws both): {@code classes.png}, a bar chart of images per class in
 * each split, and {@code samples.png}, a grid of the first images of every class in every split.
 */
public final class DatasetPlots {
    static final int THUMB = 96;
    static final int LABEL = 18;

    private DatasetPlots() {
    }

    /** Grouped bars: one group per class, one bar per split. */
    public static void writeClassCounts(Map<String, Map<String, Integer>> counts, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(720).height(420).title("Images per class")
                .xAxisTitle("class").yAxisTitle("images").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLabelsVisible(true);
        for (Map.Entry<String, Map<String, Integer>> split : counts.entrySet()) {
            List<String> classes = new ArrayList<>(split.getValue().keySet());
            List<Integer> values = classes.stream().map(split.getValue()::get).toList();
            chart.addSeries(split.getKey(), classes, values);
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    }

    /** A row per split and class with its first {@code perClass} images (sorted by id), each labelled. */
    public static void writeSampleGrid(DatasetSplits data, int perClass, Path png) throws IOException {
        List<String> rows = new ArrayList<>();
        List<List<ImageItem>> cells = new ArrayList<>();
        for (String split : List.of("train", "val", "test")) {
            for (int c = 0; c < data.classes().size(); c++) {
                final int label = c;
                List<ImageItem> items = data.split(split).stream().filter(i -> i.label() == label)
                        .sorted(java.util.Comparator.comparing(ImageItem::id)).limit(perClass).toList();
                if (!items.isEmpty()) {
                    rows.add(split + " / " + data.classes().get(c));
                    cells.add(items);
                }
            }
        }
        List<List<BufferedImage>> images = new ArrayList<>();
        for (List<ImageItem> row : cells) {
            List<BufferedImage> decoded = new ArrayList<>();
            for (ImageItem item : row) {
                decoded.add(thumbnail(ImageIO.read(item.path().toFile())));
            }
            images.add(decoded);
        }
        writeGrid(rows, images, png);
    }

    /** The image scaled to {@value #THUMB} px square (null stays null), so a grid never holds full-size images. */
    private static BufferedImage thumbnail(BufferedImage img) {
        if (img == null) {
            return null;
        }
        BufferedImage t = new BufferedImage(THUMB, THUMB, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = t.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, THUMB, THUMB, null);
        g.dispose();
        return t;
    }

    /** Rows of thumbnails ({@value #THUMB} px), each row under its label; a null image leaves its cell empty. */
    public static void writeGrid(List<String> rows, List<List<BufferedImage>> images, Path png) throws IOException {
        int perRow = images.stream().mapToInt(List::size).max().orElse(1);
        int width = perRow * (THUMB + 4) + 4;
        int height = rows.size() * (THUMB + LABEL + 6) + 4;
        BufferedImage out = new BufferedImage(width, Math.max(height, 1), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int r = 0; r < rows.size(); r++) {
            int y = 4 + r * (THUMB + LABEL + 6);
            g.setColor(Color.DARK_GRAY);
            g.drawString(rows.get(r), 4, y + 13);
            for (int k = 0; k < images.get(r).size(); k++) {
                BufferedImage img = images.get(r).get(k);
                if (img != null) {
                    g.drawImage(img, 4 + k * (THUMB + 4), y + LABEL, THUMB, THUMB, null);
                }
            }
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(out, "png", png.toFile());
    }
}
