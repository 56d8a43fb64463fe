package io.pulmo.common.data.siim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.ImageDecoder;
import io.pulmo.common.data.SegmentationItem;
import io.pulmo.common.data.SegmentationLayouts;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIIM layout: scanning {@code train-rle.csv} + DICOM files, and exporting a {@code pneumothorax}-layout dataset
 * of small synthetic PNGs into it, checked pixel for pixel against the PNGs.
 */
class SiimTest {

    private static final String UID = "1.2.276.0.7230010.3.1.4.";

    @TempDir
    Path tmp;

    private Path png;
    /** stem → {image samples, mask samples, bits}. */
    private final Map<String, int[][]> written = new HashMap<>();

    /**
     * Seven 16×16 pairs: train has 8-bit and 16-bit images with masks of 0, 1 and 2 regions (one touching the
     * borders), val one, test two including the non-UID stem {@code case_07}.
     */
    @BeforeEach
    void pneumothoraxDataset() {
        png = tmp.resolve("png");
        SplittableRandom rng = new SplittableRandom(7);
        pair("train", UID + "1", 8, rng, new int[][]{});
        pair("train", UID + "2", 16, rng, new int[][]{{3, 3, 6, 5}});
        pair("train", UID + "3", 8, rng, new int[][]{{0, 0, 3, 2}, {10, 12, 16, 16}});
        pair("train", UID + "4", 16, rng, new int[][]{{0, 0, 16, 1}, {0, 15, 16, 16}, {0, 0, 1, 16}});
        pair("val", UID + "5", 8, rng, new int[][]{{5, 5, 9, 9}});
        pair("test", UID + "6", 16, rng, new int[][]{});
        pair("test", "case_07", 8, rng, new int[][]{{2, 8, 4, 14}});
    }

    /** Writes a random image of {@code bits} and a mask filled over the rectangles {x0, y0, x1, y1} (exclusive). */
    private void pair(String split, String stem, int bits, SplittableRandom rng, int[][] rects) {
        int n = 16;
        BufferedImage img = new BufferedImage(n, n, bits == 8 ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_USHORT_GRAY);
        int[] v = new int[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(bits == 8 ? 256 : 65536);
        }
        v[0] = 0;
        v[1] = bits == 8 ? 255 : 65535;
        img.getRaster().setSamples(0, 0, n, n, 0, v);
        BufferedImage mask = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        int[] m = new int[n * n];
        for (int[] r : rects) {
            for (int y = r[1]; y < r[3]; y++) {
                for (int x = r[0]; x < r[2]; x++) {
                    m[y * n + x] = 255;
                }
            }
        }
        mask.getRaster().setSamples(0, 0, n, n, 0, m);
        writePng(img, png.resolve(split).resolve("inputs").resolve(stem + ".png"));
        writePng(mask, png.resolve(split).resolve("labels").resolve(stem + ".png"));
        written.put(stem, new int[][]{v, m, {bits}});
    }

    private static void writePng(BufferedImage img, Path file) {
        try {
            Files.createDirectories(file.getParent());
            assertThat(ImageIO.write(img, "png", file.toFile())).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stem(Path p) {
        String name = p.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    @Test
    void exportThenScanGivesThePngPixelsAndMasks() throws IOException {
        Path out = tmp.resolve("siim");

        Siim.ExportSummary summary = Siim.export(png, out);

        assertThat(summary.images()).isEqualTo(7);
        assertThat(summary.withPneumothorax()).isEqualTo(5);
        // one row per image, except image 3 with two regions; image 4's three border strips touch: one region
        assertThat(summary.rows()).isEqualTo(8);
        assertThat(summary.csv()).isEqualTo(out.resolve("train-rle.csv").toAbsolutePath());

        List<SegmentationItem> items = Siim.scan(out);

        assertThat(items).hasSize(7);
        for (SegmentationItem item : items) {
            String imageId = stem(item.image());
            int[][] truth = written.get(imageId);
            assertThat(truth).as(imageId).isNotNull();
            assertThat(item.id()).startsWith("dicom-images-train/").endsWith("/" + imageId + ".dcm");
            assertThat(item.mask()).isNull();
            assertThat(item.group()).isEqualTo(Uids.fromName("study", imageId));
            assertThat(item.image().getParent().getFileName().toString()).isEqualTo(Uids.fromName("series", imageId));

            DicomImage dcm = Dicom.read(item.image());
            assertThat(dcm.width()).isEqualTo(16);
            assertThat(dcm.height()).isEqualTo(16);
            assertThat(dcm.bitsAllocated()).isEqualTo(truth[2][0]);
            assertThat(dcm.sopInstanceUid()).isEqualTo(Uids.isValid(imageId) ? imageId : Uids.fromName("sop", imageId));
            float max = truth[2][0] == 8 ? 255f : 65535f;
            float[] norm = dcm.normalized();
            for (int i = 0; i < norm.length; i++) {
                assertThat(dcm.pixels()[i]).isEqualTo((float) truth[0][i]);
                assertThat(norm[i]).isCloseTo(truth[0][i] / max, within(1e-7f));
            }
            byte[] mask = Rle.union(item.rle(), dcm.width(), dcm.height());
            for (int i = 0; i < mask.length; i++) {
                assertThat(mask[i]).as("%s pixel %d", imageId, i).isEqualTo((byte) (truth[1][i] > 0 ? 1 : 0));
            }
        }
        SegmentationItem twoRegions = items.stream().filter(i -> stem(i.image()).equals(UID + "3")).findFirst()
                .orElseThrow();
        assertThat(twoRegions.rle()).hasSize(2);
        SegmentationItem empty = items.stream().filter(i -> stem(i.image()).equals(UID + "1")).findFirst().orElseThrow();
        assertThat(empty.rle()).containsExactly("-1");
    }

    @Test
    void exportWritesTheRealFilesCsvShape() throws IOException {
        Path out = tmp.resolve("siim");
        Siim.export(png, out);

        List<String> lines = Files.readAllLines(out.resolve("train-rle.csv"));

        assertThat(lines.get(0)).isEqualTo("ImageId, EncodedPixels");
        assertThat(lines).contains(UID + "1, -1", UID + "6, -1");
        // image 2: rectangle x 3..5, y 3..4; column x=3 starts at 3·16+3 = 51, runs of 2, next column 16 − 2 = 14 on
        assertThat(lines).contains(UID + "2, 51 2 14 2 14 2");
        assertThat(lines.subList(1, lines.size())).isSortedAccordingTo(
                (a, b) -> a.substring(0, a.indexOf(',')).compareTo(b.substring(0, b.indexOf(','))));
        // the non-UID stem keeps its file name and ImageId; only the UID inside the file is derived
        assertThat(lines).anyMatch(l -> l.startsWith("case_07, "));
        try (Stream<Path> walk = Files.walk(out)) {
            assertThat(walk.filter(p -> p.getFileName().toString().equals("case_07.dcm"))).hasSize(1);
        }
    }

    @Test
    void exportIsRepeatableAndLeavesNoTemporaryFiles() throws IOException {
        Path out = tmp.resolve("siim");
        Siim.export(png, out);
        byte[] csv = Files.readAllBytes(out.resolve("train-rle.csv"));
        Siim.export(png, out);

        assertThat(Files.readAllBytes(out.resolve("train-rle.csv"))).isEqualTo(csv);
        try (Stream<Path> walk = Files.walk(out)) {
            assertThat(walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .hasSize(8).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void aFailedExportLeavesNoCsv() throws IOException {
        Files.write(png.resolve("test/inputs/case_07.png"), "not a png".getBytes(StandardCharsets.US_ASCII));
        Path out = tmp.resolve("siim");

        assertThatThrownBy(() -> Siim.export(png, out)).isInstanceOf(PulmoException.class)
                .hasMessageContaining(png.resolve("test/inputs/case_07.png").toString());
        assertThat(out.resolve("train-rle.csv")).doesNotExist();
    }

    @Test
    void exportRejectsOneStemInTwoSplits() throws IOException {
        Files.copy(png.resolve("train/inputs/" + UID + "1.png"), png.resolve("test/inputs/" + UID + "1.png"));
        Files.copy(png.resolve("train/labels/" + UID + "1.png"), png.resolve("test/labels/" + UID + "1.png"));

        assertThatThrownBy(() -> Siim.export(png, tmp.resolve("siim"))).isInstanceOf(PulmoException.class)
                .hasMessageContaining(png.resolve("train/inputs/" + UID + "1.png").toString())
                .hasMessageContaining(png.resolve("test/inputs/" + UID + "1.png").toString());
    }

    @Test
    void exportRejectsAMaskOfAnotherSize() {
        writePng(new BufferedImage(8, 16, BufferedImage.TYPE_BYTE_GRAY), png.resolve("val/labels/" + UID + "5.png"));
        assertThatThrownBy(() -> Siim.export(png, tmp.resolve("siim")))
                .hasMessageContaining(png.resolve("val/labels/" + UID + "5.png").toString())
                .hasMessageContaining("8×16");
    }

    /** The same image through the PNG path (OpenCV) and the DICOM path agree after resizing, within 8-bit rounding. */
    @Test
    void dicomAndPngDecodeAlikeAtTrainingSize() throws IOException {
        Path out = tmp.resolve("siim");
        Siim.export(png, out);
        Map<String, Path> dicoms = new HashMap<>();
        Siim.scan(out).forEach(i -> dicoms.put(stem(i.image()), i.image()));

        for (int size : new int[]{16, 8, 12}) {
            ImageDecoder decoder = new ImageDecoder(size, 1);
            for (String stem : List.of(UID + "1", UID + "2")) {
                String split = "train";
                float[] fromPng = decoder.decode(png.resolve(split).resolve("inputs").resolve(stem + ".png"));
                float[] fromDicom = Dicom.readNormalized(dicoms.get(stem), size);
                assertThat(fromDicom).hasSameSizeAs(fromPng);
                for (int i = 0; i < fromPng.length; i++) {
                    assertThat(fromDicom[i]).as("%s size %d pixel %d", stem, size, i)
                            .isCloseTo(fromPng[i], within(1.5f / 255f));
                }
            }
        }
    }

    // ------------------------------------------------------------------ scanning hand-written SIIM folders

    private Path siimRoot(String csv, String... stems) throws IOException {
        Path root = tmp.resolve("real");
        for (int i = 0; i < stems.length; i++) {
            String stem = stems[i];
            String study = "1.2.276.0.7230010.3.1.2." + (i + 1);
            Path f = root.resolve("dicom-images-train").resolve(study).resolve(study + ".1").resolve(stem + ".dcm");
            DicomWriter.write(f, DicomWriter.Pixels.monochrome2(4, 4, 8, new int[16]),
                    new DicomWriter.Ids(stem, study, study + ".1", "p"));
        }
        Files.writeString(root.resolve("train-rle.csv"), csv);
        return root;
    }

    @Test
    void scanMergesRowsAndAcceptsBothSeparators() throws IOException {
        Path root = siimRoot("ImageId, EncodedPixels\n"
                + "1.2.3.4, -1\n"
                + "1.2.3.5,1 2\n"
                + "\n"
                + "1.2.3.5, 5 1\n"
                + "1.2.3.6,  0 16\n", "1.2.3.4", "1.2.3.5", "1.2.3.6", "1.2.3.7");

        List<SegmentationItem> items = SegmentationLayouts.scan(root, "siim").get("all");

        assertThat(items).extracting(i -> stem(i.image())).containsExactly("1.2.3.4", "1.2.3.5", "1.2.3.6");
        assertThat(items.get(0).rle()).containsExactly("-1");
        assertThat(items.get(1).rle()).containsExactly("1 2", "5 1");
        assertThat(items.get(2).rle()).containsExactly("0 16");
        assertThat(items.get(1).group()).isEqualTo("1.2.276.0.7230010.3.1.2.2");
        // "1 2" = {1, 2}, then "5 1" = {5}: (x0,y1), (x0,y2), (x1,y1)
        assertThat(Rle.union(items.get(1).rle(), 4, 4))
                .containsExactly(0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void anImageIdWithoutDicomNamesTheCsvLine() throws IOException {
        Path root = siimRoot("ImageId, EncodedPixels\n1.2.3.4, -1\n1.2.3.9, 1 2\n", "1.2.3.4");
        Path csv = root.resolve("train-rle.csv");
        assertThatThrownBy(() -> Siim.scan(root)).isInstanceOf(PulmoException.class)
                .hasMessage("ImageId 1.2.3.9 has no DICOM file dicom-images-train/**/1.2.3.9.dcm (" + csv + ":3)");
    }

    @Test
    void malformedLinesNameTheFileAndLine() throws IOException {
        Path root = siimRoot("ImageId, EncodedPixels\n1.2.3.4, -1\n\n1.2.3.4, 1 2 3\n", "1.2.3.4");
        Path csv = root.resolve("train-rle.csv");
        assertThatThrownBy(() -> Siim.scan(root)).isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("malformed line: EncodedPixels must be")
                .hasMessageEndingWith("(" + csv + ":4)");

        Files.writeString(csv, "ImageId, EncodedPixels\n1.2.3.4, -1, extra\n");
        assertThatThrownBy(() -> Siim.scan(root)).hasMessageContaining("got 3").hasMessageEndingWith(csv + ":2)");

        Files.writeString(csv, "id,rle\n1.2.3.4, -1\n");
        assertThatThrownBy(() -> Siim.scan(root)).hasMessageStartingWith("header must be 'ImageId, EncodedPixels'")
                .hasMessageEndingWith(csv + ":1)");
    }

    @Test
    void missingCsvOrFolderIsNamed() throws IOException {
        Path root = siimRoot("ImageId, EncodedPixels\n1.2.3.4, -1\n", "1.2.3.4");
        Files.delete(root.resolve("train-rle.csv"));
        assertThatThrownBy(() -> Siim.scan(root))
                .hasMessageStartingWith("SIIM annotation file not found: " + root.resolve("train-rle.csv"));
        Path bare = Files.createDirectories(tmp.resolve("bare"));
        Files.writeString(bare.resolve("train-rle.csv"), "ImageId, EncodedPixels\n");
        assertThatThrownBy(() -> Siim.scan(bare))
                .hasMessageStartingWith("SIIM image folder not found: " + bare.resolve("dicom-images-train"));
    }
}
