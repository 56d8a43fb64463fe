package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.data.Datasets;
import io.pulmo.common.data.MaskedImages;
import io.pulmo.common.data.SegmentationItem;
import io.pulmo.common.data.SegmentationSplits;
import io.pulmo.common.phantom.PneumothoraxPhantom;
import io.pulmo.experiments.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Seed 004's segmentation study through the CLI on the pneumothorax phantom, and the phantom's SIIM format. */
class SegmentationRunTest {
    private static final Path CONFIG = Path.of("..", "configs", "pneumothorax", "unet.yaml");

    @TempDir
    Path tmp;

    /**
     * A reduced-width UNet ({@code model.base} 16, 64 px, batch 8, Adam 3e-3 with a cosine schedule, BCE + Dice,
     * 12 epochs on 160 images; measured here: Dice 0.83 over masks, no false mask, about 3 minutes) learns the phantom's collapsed-lung regions: mean test
     * Dice at least 0.7 over images with a mask, and at most 20% of the mask-free images given a mask. The overlays
     * show prediction and truth, {@code predictions.csv} agrees with {@code metrics.json}, and {@code predict} and
     * {@code eval} work on the run.
     */
    @Test
    void reducedUnetSegmentsThePneumothoraxPhantom() throws Exception {
        Path root = tmp.resolve("ptx");
        PneumothoraxPhantom.write(root, 200, 64, 7);
        Fixtures.Cli r = Fixtures.pulmo("run", CONFIG.toString(), "--no-ui", "--variant", "bce-dice",
                "--out", tmp.resolve("runs").toString(), "--set", "data.root=" + root, "--set", "data.image.size=64",
                "--set", "data.batch=8", "--set", "model.base=16", "--set", "train.epochs=12",
                "--set", "optimizer.lr=0.003", "--set", "schedule.type=cosine", "--set", "schedule.t_max=12");
        assertThat(r.status()).as(r.err()).isZero();
        Path run = tmp.resolve("runs/pneumothorax-unet/bce-dice");
        assertThat(r.out()).contains("run: " + run);

        Map<?, ?> m = new ObjectMapper().readValue(run.resolve("metrics.json").toFile(), Map.class);
        assertThat(m.get("task")).isEqualTo("segmentation");
        assertThat(((Number) m.get("n")).intValue()).isEqualTo(20);
        assertThat(((Number) m.get("n_empty_gt")).intValue()).isEqualTo(10);
        assertThat(((Number) m.get("dice_nonempty")).doubleValue()).as("mean Dice where the mask is not empty")
                .isGreaterThanOrEqualTo(0.7);
        assertThat(((Number) m.get("empty_fp_rate")).doubleValue()).as("empty masks given a mask")
                .isLessThanOrEqualTo(0.2);

        List<String[]> rows = Files.readAllLines(run.resolve("predictions.csv")).stream().skip(1)
                .map(l -> l.split(",")).toList();
        assertThat(Files.readAllLines(run.resolve("predictions.csv")).get(0))
                .isEqualTo("id,label,score,pred,dice,iou,recall,precision,mask_pixels,pred_pixels");
        assertThat(rows).hasSize(20);
        double meanDice = rows.stream().mapToDouble(c -> Double.parseDouble(c[4])).average().orElseThrow();
        assertThat(meanDice).isCloseTo(((Number) m.get("dice")).doubleValue(), within(1e-9));
        double nonEmpty = rows.stream().filter(c -> c[1].equals("1")).mapToDouble(c -> Double.parseDouble(c[4]))
                .average().orElseThrow();
        assertThat(nonEmpty).isCloseTo(((Number) m.get("dice_nonempty")).doubleValue(), within(1e-9));

        // an overlay per test image; those of images with a mask show the prediction (red) and the truth (green)
        List<Path> overlays;
        try (Stream<Path> s = Files.list(run.resolve("overlays"))) {
            overlays = s.sorted().toList();
        }
        assertThat(overlays).hasSize(20);
        Map<String, String> labelByStem = rows.stream().collect(Collectors.toMap(
                c -> Path.of(c[0]).getFileName().toString().replace(".png", ""), c -> c[1] + c[3]));
        int shown = 0;
        for (Path o : overlays) {
            String stem = o.getFileName().toString().replace(".png", "");
            if (labelByStem.get(stem).equals("11")) {
                BufferedImage img = ImageIO.read(o.toFile());
                assertThat(img.getWidth()).isGreaterThanOrEqualTo(256);
                assertThat(count(img, 0x20E040)).as("green outline in " + o).isPositive();
                assertThat(countReddish(img)).as("red prediction in " + o).isPositive();
                shown++;
            }
        }
        assertThat(shown).isGreaterThanOrEqualTo(8);
        assertThat(run.resolve("samples.png")).isRegularFile();
        assertThat(run.resolve("curves.png")).isRegularFile();

        // predict: CSV rows and an overlay for a new image
        Path image;
        try (Stream<Path> s = Files.list(root.resolve("test/inputs"))) {
            image = s.sorted().findFirst().orElseThrow();
        }
        Path out = tmp.resolve("predicted");
        Fixtures.Cli p = Fixtures.pulmo("predict", run.toString(), image.toString(), "--out", out.toString());
        assertThat(p.status()).as(p.err()).isZero();
        String[] lines = p.out().strip().split("\\R");
        assertThat(lines[0]).isEqualTo("input,pred,score");
        assertThat(lines[1]).startsWith(image + ",").matches(".*,[01],0\\.\\d{6}");
        assertThat(out.resolve(image.getFileName())).isRegularFile();

        // eval: the best checkpoint on the validation split
        Fixtures.Cli e = Fixtures.pulmo("eval", run.toString(), "--split", "val");
        assertThat(e.status()).as(e.err()).isZero();
        assertThat(run.resolve("eval/best-val/metrics.json")).isRegularFile();
        assertThat(run.resolve("eval/best-val/overlays")).isDirectory();
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    private static int countReddish(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRGB(x, y);
                int red = v >> 16 & 0xff;
                int green = v >> 8 & 0xff;
                n += red > green + 60 ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * {@code pulmo phantom pneumothorax --format siim} writes the same images twice: the SIIM reading (DICOM and RLE)
     * of every image equals its PNG reading, pixels within one grey level and masks exactly.
     */
    @Test
    void siimFormatOfThePhantomMatchesItsPngs() throws Exception {
        Path root = tmp.resolve("siim");
        Fixtures.Cli r = Fixtures.pulmo("phantom", "pneumothorax", "--out", root.toString(), "--n", "30", "--size",
                "32", "--format", "siim");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllLines(root.resolve("train-rle.csv")).get(0)).isEqualTo("ImageId, EncodedPixels");

        Path config = Files.writeString(tmp.resolve("siim.yaml"), """
                name: siim
                task: segmentation
                data: {root: %s, layout: siim, image: {size: 32, channels: 1}, split: {from: ratios}}
                model: {arch: unet, base: 8}
                loss: {type: dice}
                """.formatted(root.toAbsolutePath()));
        ExperimentConfig siim = ConfigLoader.load(config, List.of()).variants().get(0).config();
        SegmentationSplits s = Datasets.loadSegmentation(siim);
        List<SegmentationItem> all = new ArrayList<>(s.train());
        all.addAll(s.val());
        all.addAll(s.test());
        assertThat(all).hasSize(30);
        int withMask = 0;
        for (SegmentationItem item : all) {
            String stem = item.image().getFileName().toString().replace(".dcm", "");
            Path png = findPng(root, stem);
            float[] a = MaskedImages.read(item, 32, 1);
            float[] b = MaskedImages.read(new SegmentationItem(png, stem, png.getParent().resolveSibling("labels")
                    .resolve(png.getFileName()), null, stem), 32, 1);
            for (int i = 0; i < 32 * 32; i++) {
                assertThat(a[i]).as(stem).isCloseTo(b[i], within(1.01f / 255));
            }
            for (int i = 32 * 32; i < a.length; i++) {
                assertThat(a[i]).as(stem + " mask").isEqualTo(b[i]);
            }
            withMask += item.rle().contains("-1") ? 0 : 1;
        }
        assertThat(withMask).isEqualTo(15);
    }

    private static Path findPng(Path root, String stem) throws Exception {
        for (String split : PneumothoraxPhantom.SPLITS) {
            Path p = root.resolve(split).resolve("inputs").resolve(stem + ".png");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError("no PNG for " + stem);
    }
}
