package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.ct3d.load.Geometry;
import io.pulmo.ct3d.load.MetaImage;
import io.pulmo.ct3d.load.XyzMm;
import io.pulmo.experiments.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ct3d stages run one at a time from the command line. */
class Ct3dCommandsTest {
    @TempDir
    Path tmp;

    /**
     * A 20×16×8 heat map (x, y, z) with spacing 0.5×0.5×2 mm and origin (-10, 20, 100): a 3×3×3 block and, diagonal to
     * it, a single voxel touching only by a corner. Without erosion, 6-connectivity finds two components, 26 one.
     */
    @Test
    void groupAndInfoReadAMetaImage() throws Exception {
        int sx = 20, sy = 16, sz = 8;
        float[] heat = new float[sx * sy * sz];
        for (int z = 2; z < 5; z++) {
            for (int y = 4; y < 7; y++) {
                for (int x = 10; x < 13; x++) {
                    heat[(z * sy + y) * sx + x] = 0.9f;
                }
            }
        }
        heat[(5 * sy + 7) * sx + 13] = 0.8f;
        Geometry g = Geometry.identity(new XyzMm(-10, 20, 100), new XyzMm(0.5, 0.5, 2));
        Path h = tmp.resolve("1.2.3.mhd");
        MetaImage.ofFloats(sx, sy, sz, g, heat).write(h);

        Fixtures.Cli six = Fixtures.pulmo("ct3d", "group", "--heatmap", h.toString(), "--erode", "0");
        assertThat(six.status()).as(six.err()).isZero();
        assertThat(six.out()).startsWith("2 components");
        List<String> rows = Files.readAllLines(tmp.resolve("1.2.3-candidates.csv"));
        assertThat(rows.get(0)).isEqualTo("seriesuid,coordX,coordY,coordZ,index,row,col,voxels");
        // the block's centre: index 3, row 5, col 11 -> x = -10 + 11·0.5, y = 20 + 5·0.5, z = 100 + 3·2
        assertThat(rows.get(1)).isEqualTo("1.2.3,-4.5000,22.5000,106.0000,3.0000,5.0000,11.0000,27");
        Path csv = tmp.resolve("26.csv");
        Fixtures.Cli all = Fixtures.pulmo("ct3d", "group", "--heatmap", h.toString(), "--erode", "0",
                "--connectivity", "26", "--out", csv.toString());
        assertThat(all.out()).startsWith("1 components");
        assertThat(Files.readAllLines(csv)).hasSize(2);
        Fixtures.Cli bad = Fixtures.pulmo("ct3d", "group", "--heatmap", h.toString(), "--connectivity", "8");
        assertThat(bad.status()).isEqualTo(PulmoCli.EXIT_ERROR);
        assertThat(bad.err()).contains("--connectivity must be 6 or 26, got 8");

        Fixtures.Cli info = Fixtures.pulmo("ct3d", "info", h.toString());
        assertThat(info.status()).as(info.err()).isZero();
        Map<?, ?> m = new ObjectMapper().readValue(info.out().strip(), Map.class);
        assertThat(m.get("dims")).isEqualTo(List.of(20, 16, 8));
        assertThat(m.get("origin")).isEqualTo(List.of(-10.0, 20.0, 100.0));
        assertThat(m.get("element_type")).isEqualTo("MET_FLOAT");
        assertThat(((Number) m.get("max")).doubleValue()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-6));
    }

    /** {@code pulmo phantom luna} writes LUNA16's layout; {@code ct3d info} reads one of its scans. */
    @Test
    void lunaPhantomWritesLunasLayout() throws Exception {
        Path root = tmp.resolve("luna");
        Fixtures.Cli r = Fixtures.pulmo("phantom", "luna", "--out", root.toString(), "--n", "4", "--size", "64");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllLines(root.resolve("annotations.csv")).get(0))
                .isEqualTo("seriesuid,coordX,coordY,coordZ,diameter_mm");
        assertThat(Files.readAllLines(root.resolve("candidates.csv")).get(0))
                .isEqualTo("seriesuid,coordX,coordY,coordZ,class");
        List<Path> scans;
        try (var s = Files.list(root.resolve("subset0"))) {
            scans = s.filter(p -> p.toString().endsWith(".mhd")).sorted().toList();
        }
        assertThat(scans).hasSize(4);
        Fixtures.Cli info = Fixtures.pulmo("ct3d", "info", scans.get(0).toString());
        assertThat(info.status()).as(info.err()).isZero();
        Map<?, ?> m = new ObjectMapper().readValue(info.out().strip(), Map.class);
        assertThat(m.get("element_type")).isEqualTo("MET_SHORT");
        assertThat(((List<?>) m.get("dims")).subList(0, 2)).isEqualTo(List.of(64, 64));
        assertThat(((Number) m.get("min")).intValue()).isLessThanOrEqualTo(-900);
    }

    /**
     * One scan, two nodules of 10 mm; a mark 1.7 mm from the first (a hit) at 0.9 and a stray mark at 0.8. The curve
     * is sensitivity 0.5 from 0 to 1 false positive per scan, so every one of the seven points, and the CPM, is 0.5.
     */
    @Test
    void evaluatePrintsTheFrocOfADetectionsFile() throws Exception {
        Path annotations = Files.writeString(tmp.resolve("annotations.csv"), """
                seriesuid,coordX,coordY,coordZ,diameter_mm
                s1,0,0,0,10
                s1,50,50,50,10
                """);
        Path detections = Files.writeString(tmp.resolve("detections.csv"), """
                seriesuid,coordX,coordY,coordZ,probability
                s1,1,1,1,0.9
                s1,100,100,100,0.8
                """);
        Path out = tmp.resolve("froc");
        Fixtures.Cli r = Fixtures.pulmo("ct3d", "evaluate", "--detections", detections.toString(), "--annotations",
                annotations.toString(), "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Map<?, ?> m = new ObjectMapper().readValue(r.out().strip(), Map.class);
        assertThat(((Number) m.get("cpm")).doubleValue()).isEqualTo(0.5);
        assertThat(m.get("nodules")).isEqualTo(2);
        assertThat(m.get("detected")).isEqualTo(1);
        assertThat(m.get("false_positives")).isEqualTo(1);
        assertThat(((Map<?, ?>) m.get("froc")).keySet().stream().map(String::valueOf).toList()).containsExactly("0.125", "0.25", "0.5", "1", "2", "4", "8");
        assertThat(out.resolve("froc.png")).isRegularFile();
        assertThat(out.resolve("froc.csv")).isRegularFile();

        Fixtures.Cli missing = Fixtures.pulmo("ct3d", "evaluate", "--detections", tmp.resolve("none.csv").toString(),
                "--annotations", annotations.toString());
        assertThat(missing.status()).isEqualTo(PulmoCli.EXIT_ERROR);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("none.csv");
    }
}
