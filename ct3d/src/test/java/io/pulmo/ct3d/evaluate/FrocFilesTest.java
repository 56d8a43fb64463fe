package io.pulmo.ct3d.evaluate;

import io.pulmo.common.PulmoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The evaluate command's files: LUNA16 CSVs in, froc.csv and froc.png out, errors naming the file. */
class FrocFilesTest {

    @Test
    void evaluatesTheHandMadeCaseFromFilesAndWritesTheCurve(@TempDir Path dir) throws Exception {
        Path detections = dir.resolve("detections.csv");
        List<String> rows = new ArrayList<>(List.of("seriesuid,coordX,coordY,coordZ,probability"));
        for (LunaDetection d : FrocTest.detections()) {
            rows.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%s", d.seriesuid(), d.x(), d.y(), d.z(), d.probability()));
        }
        Files.write(detections, rows);
        Path annotations = dir.resolve("annotations.csv");
        Files.write(annotations, annotationRows(FrocTest.annotations()));
        Path excluded = dir.resolve("annotations_excluded.csv");
        Files.write(excluded, annotationRows(FrocTest.excluded()));
        Path series = dir.resolve("seriesuids.csv");
        Files.write(series, List.of("A", "B", "", "C"));
        Path out = dir.resolve("out");

        FrocResult r = FrocFiles.evaluate(detections, annotations, excluded, series, out);

        assertThat(r.cpm()).isCloseTo(1.8325 / 7, within(1e-12));
        assertThat(r.ignoredExcluded()).isEqualTo(1);
        List<String> curve = Files.readAllLines(out.resolve("froc.csv"));
        assertThat(curve).hasSize(1 + 6);
        assertThat(curve.get(0)).isEqualTo("fps_per_scan,sensitivity,threshold");
        assertThat(curve.get(1)).isEqualTo("0.000000000,0.000000000,inf");
        assertThat(curve.get(6)).isEqualTo("34.333333333,0.500000000,0.100000000");
        BufferedImage png = ImageIO.read(out.resolve("froc.png").toFile());
        assertThat(png.getWidth()).isEqualTo(FrocPlot.WIDTH);
        assertThat(png.getHeight()).isEqualTo(FrocPlot.HEIGHT);

        // without the excluded file the excluded nodule's mark is a false positive; a header in the series file
        Files.write(series, List.of("seriesuid", "A", "B", "C"));
        FrocResult plain = FrocFiles.evaluate(detections, annotations, null, series, null);
        assertThat(plain.falsePositives()).isEqualTo(104);
        assertThat(plain.scans()).isEqualTo(3);
    }

    @Test
    void columnsAreFoundByName(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.write(csv, List.of("probability,coordZ,extra,seriesuid,coordY,coordX", "0.5,3,x,S,2,1"));
        assertThat(FrocFiles.readDetections(csv)).containsExactly(new LunaDetection("S", 1, 2, 3, 0.5));
    }

    @Test
    void errorsNameTheFileTheRowAndTheColumn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Files.write(csv, List.of("seriesuid,coordX,coordY,coordZ,probability", "S,1,2,3,0.5", "S,1,2,3,high"));
        assertThatThrownBy(() -> FrocFiles.readDetections(csv)).isInstanceOf(PulmoException.class)
                .hasMessage(csv + ": data row 2: probability 'high' is not a number");
        Files.write(csv, List.of("seriesuid,coordX,coordY,coordZ", "S,1,2,3"));
        assertThatThrownBy(() -> FrocFiles.readAnnotations(csv)).isInstanceOf(PulmoException.class)
                .hasMessageContaining("missing column 'diameter_mm'").hasMessageContaining(csv.toString());
        assertThatThrownBy(() -> FrocFiles.readDetections(dir.resolve("none.csv"))).isInstanceOf(PulmoException.class)
                .hasMessage("no such file: " + dir.resolve("none.csv"));
        Files.write(csv, List.of("seriesuid,coordX,coordY,coordZ,diameter_mm", "S,1,2,3,NaN"));
        assertThatThrownBy(() -> FrocFiles.readAnnotations(csv)).hasMessageContaining("diameter_mm must be finite");
        Path series = dir.resolve("s.csv");
        Files.write(series, List.of("A", "A"));
        assertThatThrownBy(() -> FrocFiles.evaluate(csv, csv, null, series, null)).isInstanceOf(PulmoException.class);
    }

    private static List<String> annotationRows(List<LunaAnnotation> annotations) {
        List<String> rows = new ArrayList<>(List.of("seriesuid,coordX,coordY,coordZ,diameter_mm"));
        for (LunaAnnotation a : annotations) {
            rows.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%s", a.seriesuid(), a.x(), a.y(), a.z(), a.diameterMm()));
        }
        return rows;
    }
}
