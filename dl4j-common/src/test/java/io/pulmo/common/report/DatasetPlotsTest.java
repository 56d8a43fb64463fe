package io.pulmo.common.report;

import io.pulmo.common.config.SplitConfig;
import io.pulmo.common.data.DatasetLayouts;
import io.pulmo.common.data.DatasetSplits;
import io.pulmo.common.data.Splits;
import io.pulmo.common.phantom.XrayPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetPlotsTest {
    @TempDir
    Path tmp;

    @Test
    void classCountsAndSampleGridAreWrittenAndShowTheData() throws Exception {
        Path root = tmp.resolve("xray");
        XrayPhantom.write(root, 40, 32, 3);
        DatasetSplits data = Splits.make(DatasetLayouts.scan(root, "kaggle-xray", Map.of()), new SplitConfig(), 1);

        Path bars = tmp.resolve("out/classes.png");
        DatasetPlots.writeClassCounts(data.counts(), bars);
        BufferedImage b = ImageIO.read(bars.toFile());
        assertThat(b.getWidth()).isEqualTo(720);
        assertThat(distinctColours(b)).isGreaterThan(5);

        Path grid = tmp.resolve("out/samples.png");
        DatasetPlots.writeSampleGrid(data, 3, grid);
        BufferedImage g = ImageIO.read(grid.toFile());
        // 3 splits x 2 classes = 6 rows of 3 thumbnails
        assertThat(g.getHeight()).isEqualTo(4 + 6 * (DatasetPlots.THUMB + DatasetPlots.LABEL + 6));
        assertThat(g.getWidth()).isEqualTo(4 + 3 * (DatasetPlots.THUMB + 4));
        // the first thumbnail holds an X-ray, not background: its pixels vary
        int x0 = 4 + DatasetPlots.THUMB / 2;
        int y0 = 4 + DatasetPlots.LABEL;
        int lo = 255;
        int hi = 0;
        for (int y = y0; y < y0 + DatasetPlots.THUMB; y++) {
            int v = g.getRGB(x0, y) & 0xff;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertThat(hi - lo).isGreaterThan(50);
    }

    private static long distinctColours(BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
