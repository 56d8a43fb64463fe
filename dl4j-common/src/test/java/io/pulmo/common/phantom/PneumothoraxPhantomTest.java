package io.pulmo.common.phantom;

import static io.pulmo.common.phantom.PhantomTestSupport.auc;
import static io.pulmo.common.phantom.PhantomTestSupport.contents;
import static io.pulmo.common.phantom.PhantomTestSupport.fitLogistic;
import static io.pulmo.common.phantom.PhantomTestSupport.meanStd;
import static io.pulmo.common.phantom.PhantomTestSupport.pixels;
import static io.pulmo.common.phantom.PhantomTestSupport.readFolder;
import static io.pulmo.common.phantom.PhantomTestSupport.standardiseLike;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.phantom.PhantomTestSupport.Decoded;
import io.pulmo.common.phantom.PneumothoraxPhantom.Item;
import io.pulmo.common.phantom.PneumothoraxPhantom.Rendering;
import io.pulmo.common.phantom.PneumothoraxPhantom.Scene;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class PneumothoraxPhantomTest {

    private static final Logger LOG = LoggerFactory.getLogger(PneumothoraxPhantomTest.class);

    /** A DICOM UID: dot-separated decimal components, none with a leading zero. */
    private static final Pattern DICOM_UID = Pattern.compile("^(0|[1-9]\\d*)(\\.(0|[1-9]\\d*))*$");

    private static final int N = 400, SIZE = 64;
    private static final long SEED = 2024L;

    @TempDir
    static Path shared;
    static Path data400;
    static PhantomSummary summary400;
    static List<Pair> pairs400;

    /** A decoded radiograph and its mask, which share a split and a file name. */
    record Pair(String split, String name, Decoded image, Decoded mask) {
        boolean pneumothorax() {
            return Arrays.stream(mask.pixels()).anyMatch(v -> v != 0);
        }

        String stem() {
            return name.substring(0, name.length() - ".png".length());
        }
    }

    @BeforeAll
    static void writeDataset() throws IOException {
        data400 = shared.resolve("siim");
        summary400 = PneumothoraxPhantom.write(data400, N, SIZE, SEED);
        pairs400 = readAll(data400);
    }

    /** Every split's {@code inputs} and {@code labels}, paired by file name (each folder must hold the same names). */
    static List<Pair> readAll(Path root) throws IOException {
        List<Pair> out = new ArrayList<>();
        for (String split : PneumothoraxPhantom.SPLITS) {
            List<Decoded> images = readFolder(root.resolve(split).resolve(PneumothoraxPhantom.INPUTS));
            List<Decoded> masks = readFolder(root.resolve(split).resolve(PneumothoraxPhantom.LABELS));
            assertThat(masks.stream().map(Decoded::name)).as("labels of %s", split)
                    .containsExactlyElementsOf(images.stream().map(Decoded::name).toList());
            for (int i = 0; i < images.size(); i++) {
                out.add(new Pair(split, images.get(i).name(), images.get(i), masks.get(i)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ layout

    @Test
    void layoutHasInputsAndLabelsInEverySplitAndOnlyPngs() throws IOException {
        try (Stream<Path> top = Files.list(data400)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("train", "val", "test");
        }
        for (String split : PneumothoraxPhantom.SPLITS) {
            try (Stream<Path> folders = Files.list(data400.resolve(split))) {
                assertThat(folders.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("inputs", "labels");
            }
        }
        try (Stream<Path> all = Files.walk(data400)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertThat(files).hasSize(2 * N);
            assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".png"));
        }
        // no staging directory left behind
        try (Stream<Path> siblings = Files.list(shared)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("siim");
        }
    }

    @Test
    void everyImageHasABinaryMaskOfTheSameNameAndSize() {
        assertThat(pairs400).hasSize(N);
        assertThat(pairs400).allSatisfy(p -> {
            for (Decoded d : List.of(p.image(), p.mask())) {
                assertThat(d.width()).as("width of %s", d.name()).isEqualTo(SIZE);
                assertThat(d.height()).as("height of %s", d.name()).isEqualTo(SIZE);
                assertThat(d.bands()).isEqualTo(1);
                assertThat(d.type()).as("8-bit gray %s", d.name()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
            }
            assertThat(Arrays.stream(p.mask().pixels()).distinct().boxed().toList()).as("mask values of %s", p.name())
                    .isSubsetOf(0, PneumothoraxPhantom.MASK_ON);
        });
        // the radiographs use the grey range, they are not masks
        assertThat(pairs400).allSatisfy(p ->
                assertThat(Arrays.stream(p.image().pixels()).distinct().count()).as("grey levels of %s", p.name()).isGreaterThan(50));
    }

    @Test
    void countsAreSplit801010WithHalfTheMasksEmptyInEverySplit() {
        assertThat(summary400.root()).isEqualTo(data400);
        assertThat(summary400.total()).isEqualTo(N);
        assertThat(summary400.total("train")).isEqualTo(320);
        assertThat(summary400.total("val")).isEqualTo(40);
        assertThat(summary400.total("test")).isEqualTo(40);
        assertThat(summary400.patients()).isEqualTo(N);
        for (String split : PneumothoraxPhantom.SPLITS) {
            List<Pair> inSplit = pairs400.stream().filter(p -> p.split().equals(split)).toList();
            long withPneumothorax = inSplit.stream().filter(Pair::pneumothorax).count();
            assertThat(summary400.counts().get(split)).as(split).containsExactly(
                    Map.entry("normal", inSplit.size() - (int) withPneumothorax), Map.entry("pneumothorax", (int) withPneumothorax));
            assertThat(withPneumothorax).as("images with a pneumothorax in %s", split).isEqualTo(inSplit.size() / 2);
        }
    }

    @Test
    void fileStemsAreUniqueSiimStyleDicomUids() {
        Set<String> stems = new HashSet<>();
        for (Pair p : pairs400) {
            String stem = p.stem();
            assertThat(stem).as("stem of %s/%s", p.split(), p.name())
                    .matches(DICOM_UID)
                    .startsWith(PneumothoraxPhantom.UID_ROOT + ".")
                    .hasSizeLessThanOrEqualTo(64);
            assertThat(stems.add(stem)).as("unique %s", stem).isTrue();
        }
        assertThat(stems).hasSize(N);
        LOG.info("example stem: {}", pairs400.get(0).stem());
    }

    // ------------------------------------------------------------------ the region

    /**
     * The written masks are the scenes' ground truth: each pneumothorax lies in one lung field, along its
     * outer (lateral and apical) boundary, and covers a varying share of that lung.
     */
    @Test
    void masksAreACrescentAlongTheChestWallOfOneLung() throws IOException {
        List<Item> plan = PneumothoraxPhantom.plan(N, SEED);
        Map<String, Pair> byName = pairs400.stream().collect(Collectors.toMap(p -> p.split() + "/" + p.name(), p -> p));
        List<Double> shares = new ArrayList<>();
        Set<Integer> sides = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            Item item = plan.get(i);
            Scene scene = PneumothoraxPhantom.scene(item.pneumothorax(), SIZE, PhantomMath.imageRandom(SEED, i));
            Pair pair = byName.get(item.split() + "/" + item.fileName());
            int[] truth = new int[SIZE * SIZE];
            for (int p = 0; p < truth.length; p++) {
                truth[p] = scene.mask()[p] ? PneumothoraxPhantom.MASK_ON : 0;
            }
            assertThat(pair.mask().pixels()).as("written mask of %s", item.fileName()).isEqualTo(truth);
            if (!item.pneumothorax()) {
                assertThat(scene.side()).isEqualTo(-1);
                continue;
            }
            boolean[] lung = scene.lungs()[scene.side()];
            sides.add(scene.side());
            int inMask = 0, inLung = 0, onWall = 0;
            double mx = 0, my = 0, lx = 0, ly = 0;
            for (int p = 0; p < truth.length; p++) {
                int x = p % SIZE, y = p / SIZE;
                if (lung[p]) {
                    inLung++;
                    lx += x;
                    ly += y;
                }
                if (scene.mask()[p]) {
                    assertThat(lung[p]).as("mask pixel %d inside the lung field", p).isTrue();
                    inMask++;
                    mx += x;
                    my += y;
                    onWall += touches(lung, p, false) ? 1 : 0;
                }
            }
            double share = inMask / (double) inLung;
            shares.add(share);
            assertThat(share).as("share of the lung in %s", item.fileName()).isBetween(0.03, 0.36);
            assertThat(onWall).as("mask pixels on the lung boundary").isPositive();
            int lateral = scene.side() == 0 ? -1 : 1;
            assertThat(lateral * (mx / inMask - lx / inLung)).as("mask centroid lateral of the lung centroid").isPositive();
            assertThat(my / inMask).as("mask centroid above the lung centroid").isLessThan(ly / inLung);
        }
        assertThat(sides).as("both sides").containsExactlyInAnyOrder(0, 1);
        assertThat(shares.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).as("smallest share").isLessThan(0.1);
        assertThat(shares.stream().mapToDouble(Double::doubleValue).max().orElseThrow()).as("largest share").isGreaterThan(0.2);
    }

    /**
     * In the written images, the pneumothorax is darker than the lung right beside it (the same lung's pixels
     * within three pixels of the mask), by a clear margin in image standard deviations.
     */
    @Test
    void theRegionIsDarkerThanTheLungBesideIt() {
        List<Item> plan = PneumothoraxPhantom.plan(N, SEED);
        Map<String, Pair> byName = pairs400.stream().collect(Collectors.toMap(p -> p.split() + "/" + p.name(), p -> p));
        List<Double> contrast = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Item item = plan.get(i);
            if (!item.pneumothorax()) {
                continue;
            }
            Scene scene = PneumothoraxPhantom.scene(true, SIZE, PhantomMath.imageRandom(SEED, i));
            int[] px = byName.get(item.split() + "/" + item.fileName()).image().pixels();
            boolean[] lung = scene.lungs()[scene.side()];
            boolean[] mask = scene.mask();
            double inside = 0, beside = 0;
            int nIn = 0, nBeside = 0;
            for (int p = 0; p < px.length; p++) {
                if (mask[p]) {
                    inside += px[p];
                    nIn++;
                } else if (lung[p] && near(mask, p, 3)) {
                    beside += px[p];
                    nBeside++;
                }
            }
            contrast.add((inside / nIn - beside / nBeside) / meanStd(px)[1]);
        }
        double[] c = contrast.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double darker = Arrays.stream(c).filter(v -> v < 0).count() / (double) c.length;
        LOG.info("pneumothorax minus adjacent lung, in image stds: min {} median {} max {} (n={})", c[0], c[c.length / 2],
                c[c.length - 1], c.length);
        assertThat(c.length).isEqualTo(N / 2);
        assertThat(darker).as("share of images where the region is darker than the lung beside it").isGreaterThanOrEqualTo(0.95);
        assertThat(c[c.length / 2]).as("median contrast").isLessThan(-0.3);
    }

    /**
     * The pneumothorax has no lung markings: its local variance (over 5x5 windows inside the region, kept one
     * pixel away from its edges) is lower than that of the same lung outside it. Measured at 256 pixels, where
     * the region is wide enough for such windows.
     */
    @Test
    void theRegionHasLessTextureThanTheLungOutsideIt() {
        int size = 256;
        List<Double> ratios = new ArrayList<>();
        for (int k = 0; k < 14; k++) {
            SplittableRandom rng = PhantomMath.imageRandom(99L, k);
            Scene scene = PneumothoraxPhantom.scene(true, size, rng);
            int[] px = pixels(PneumothoraxPhantom.standardise(scene, rng).image());
            boolean[] lung = scene.lungs()[scene.side()];
            boolean[] outside = new boolean[lung.length];
            for (int p = 0; p < lung.length; p++) {
                outside[p] = lung[p] && !scene.mask()[p];
            }
            double region = windowVariance(px, size, scene.mask(), 2, 1);
            double rest = windowVariance(px, size, outside, 2, 1);
            if (!Double.isNaN(region)) {
                ratios.add(region / rest);
            }
        }
        double[] r = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        LOG.info("local variance, pneumothorax / rest of the lung: min {} median {} max {} (n={})", r[0], r[r.length / 2],
                r[r.length - 1], r.length);
        assertThat(r.length).as("images with a region wide enough to measure").isGreaterThanOrEqualTo(8);
        double lower = Arrays.stream(r).filter(v -> v < 1).count() / (double) r.length;
        assertThat(lower).as("share of images where the region is smoother").isGreaterThanOrEqualTo(0.85);
        assertThat(r[r.length / 2]).as("median variance ratio").isLessThan(0.8);
    }

    /** Whether a pixel within {@code r} (Chebyshev distance) of {@code p} is set. */
    private static boolean near(boolean[] set, int p, int r) {
        int x = p % SIZE, y = p / SIZE;
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int xx = x + dx, yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < SIZE && yy < SIZE && set[yy * SIZE + xx]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a 4-neighbour of {@code p} (or the image border) has {@code value} in {@code set}. */
    private static boolean touches(boolean[] set, int p, boolean value) {
        int x = p % SIZE, y = p / SIZE;
        int[][] steps = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        for (int[] s : steps) {
            int xx = x + s[0], yy = y + s[1];
            if (xx < 0 || yy < 0 || xx >= SIZE || yy >= SIZE || set[yy * SIZE + xx] == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * Mean over the {@code (2r+1)^2} windows of the pixel variance inside the window, for the windows whose
     * {@code margin}-pixel larger surroundings lie entirely in {@code set}; NaN for fewer than three windows.
     */
    private static double windowVariance(int[] px, int size, boolean[] set, int r, int margin) {
        int reach = r + margin;
        double sum = 0;
        int windows = 0;
        for (int y = reach; y < size - reach; y++) {
            for (int x = reach; x < size - reach; x++) {
                if (!allSet(set, size, x, y, reach)) {
                    continue;
                }
                double s = 0, s2 = 0;
                int k = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        double v = px[(y + dy) * size + x + dx];
                        s += v;
                        s2 += v * v;
                        k++;
                    }
                }
                double m = s / k;
                sum += s2 / k - m * m;
                windows++;
            }
        }
        return windows < 3 ? Double.NaN : sum / windows;
    }

    private static boolean allSet(boolean[] set, int size, int x, int y, int reach) {
        for (int dy = -reach; dy <= reach; dy++) {
            for (int dx = -reach; dx <= reach; dx++) {
                if (!set[(y + dy) * size + x + dx]) {
                    return false;
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ the signal is not in global brightness

    /**
     * Mask presence cannot be told from the global mean and standard deviation of an image: a logistic regression
     * on them, fitted on train, is no better than chance on val and test, and neither the best threshold on the
     * mean nor the best one on the standard deviation (chosen on all 400 images, so optimistic) gets far from it.
     */
    @Test
    void globalIntensityStatisticsDoNotPredictMaskPresence() {
        List<Pair> train = pairs400.stream().filter(p -> p.split().equals("train")).toList();
        List<Pair> held = pairs400.stream().filter(p -> !p.split().equals("train")).toList();
        double[][] xTrain = train.stream().map(p -> meanStd(p.image().pixels())).toArray(double[][]::new);
        double[][] xHeld = held.stream().map(p -> meanStd(p.image().pixels())).toArray(double[][]::new);
        int[] yTrain = train.stream().mapToInt(p -> p.pneumothorax() ? 1 : 0).toArray();
        int[] yHeld = held.stream().mapToInt(p -> p.pneumothorax() ? 1 : 0).toArray();

        double[] w = fitLogistic(standardiseLike(xTrain, xTrain), yTrain, 3000, 0.5);
        double[][] zHeld = standardiseLike(xTrain, xHeld);
        int correct = 0;
        for (int i = 0; i < zHeld.length; i++) {
            int pred = w[0] + w[1] * zHeld[i][0] + w[2] * zHeld[i][1] > 0 ? 1 : 0;
            correct += pred == yHeld[i] ? 1 : 0;
        }
        double accuracy = correct / (double) yHeld.length;

        int[] y = pairs400.stream().mapToInt(p -> p.pneumothorax() ? 1 : 0).toArray();
        double[] means = pairs400.stream().mapToDouble(p -> meanStd(p.image().pixels())[0]).toArray();
        double[] stds = pairs400.stream().mapToDouble(p -> meanStd(p.image().pixels())[1]).toArray();
        LOG.info("mean/std logistic regression: val+test accuracy {} (n={}); best threshold accuracy: mean {}, std {}; "
                + "AUC mean {}, std {}", accuracy, yHeld.length, bestThresholdAccuracy(means, y), bestThresholdAccuracy(stds, y),
                auc(means, y), auc(stds, y));
        assertThat(accuracy).as("mean/std logistic regression on val+test").isLessThanOrEqualTo(0.65);
        assertThat(bestThresholdAccuracy(means, y)).as("best threshold on the image mean").isLessThanOrEqualTo(0.62);
        assertThat(bestThresholdAccuracy(stds, y)).as("best threshold on the image std").isLessThanOrEqualTo(0.62);
        assertThat(auc(means, y)).as("AUC of the image mean").isBetween(0.38, 0.62);
        assertThat(auc(stds, y)).as("AUC of the image std").isBetween(0.38, 0.62);
    }

    /** The accuracy of the best rule {@code score > t} or {@code score <= t} for label 1, over every threshold t. */
    private static double bestThresholdAccuracy(double[] score, int[] y) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
        int positives = Arrays.stream(y).sum();
        // threshold below everything: predict 1 for all
        int correctAbove = positives;
        double best = Math.max(correctAbove, y.length - correctAbove);
        for (int k = 0; k < order.length; k++) {
            // move order[k] below the threshold; only between distinct scores is this a threshold
            correctAbove += y[order[k]] == 1 ? -1 : 1;
            if (k + 1 < order.length && score[order[k + 1]] == score[order[k]]) {
                continue;
            }
            best = Math.max(best, Math.max(correctAbove, y.length - correctAbove));
        }
        return best / y.length;
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDifferentOnes(@TempDir Path tmp) throws IOException {
        PneumothoraxPhantom.write(tmp.resolve("a"), 24, 40, 77L);
        PneumothoraxPhantom.write(tmp.resolve("b"), 24, 40, 77L);
        PneumothoraxPhantom.write(tmp.resolve("c"), 24, 40, 78L);
        Map<String, byte[]> a = contents(tmp.resolve("a"));
        Map<String, byte[]> b = contents(tmp.resolve("b"));
        Map<String, byte[]> c = contents(tmp.resolve("c"));
        assertThat(a).hasSize(48);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
        assertThat(c).hasSize(48);
        assertThat(c.keySet()).as("another seed gives other names").doesNotContainAnyElementsOf(a.keySet());
        List<byte[]> inputsA = a.entrySet().stream().filter(e -> e.getKey().contains("inputs")).map(Map.Entry::getValue).toList();
        assertThat(c.entrySet().stream().filter(e -> e.getKey().contains("inputs")).map(Map.Entry::getValue))
                .as("another seed gives other images")
                .noneMatch(bytes -> inputsA.stream().anyMatch(x -> Arrays.equals(x, bytes)));
    }

    @Test
    void renderIsAFunctionOfTheRandomStreamOnly() {
        Rendering r1 = PneumothoraxPhantom.render(true, SIZE, new SplittableRandom(5));
        Rendering r2 = PneumothoraxPhantom.render(true, SIZE, new SplittableRandom(5));
        Rendering r3 = PneumothoraxPhantom.render(true, SIZE, new SplittableRandom(6));
        assertThat(pixels(r2.image())).isEqualTo(pixels(r1.image()));
        assertThat(pixels(r2.mask())).isEqualTo(pixels(r1.mask()));
        assertThat(pixels(r3.image())).isNotEqualTo(pixels(r1.image()));
        assertThat(pixels(r3.mask())).isNotEqualTo(pixels(r1.mask()));
    }

    // ------------------------------------------------------------------ sizes and arguments

    @Test
    void otherSizesAndSmallestNWork(@TempDir Path tmp) throws IOException {
        PhantomSummary s = PneumothoraxPhantom.write(tmp.resolve("small"), 20, 32, 3L);
        assertThat(s.total()).isEqualTo(20);
        assertThat(s.total("train")).isEqualTo(12);
        assertThat(s.total("val")).isEqualTo(4);
        assertThat(s.total("test")).isEqualTo(4);
        List<Pair> small = readAll(tmp.resolve("small"));
        assertThat(small).allSatisfy(p -> assertThat(p.image().width()).isEqualTo(32));
        for (String split : PneumothoraxPhantom.SPLITS) {
            assertThat(small.stream().filter(p -> p.split().equals(split) && p.pneumothorax()).count())
                    .as("visible pneumothoraces in %s at 32 px", split).isEqualTo(s.total(split) / 2);
        }

        for (int size : new int[] {32, 48, 64, 128, 256}) {
            for (boolean pneumothorax : new boolean[] {false, true}) {
                Rendering r = PneumothoraxPhantom.render(pneumothorax, size, new SplittableRandom(size));
                for (BufferedImage img : List.of(r.image(), r.mask())) {
                    assertThat(img.getWidth()).isEqualTo(size);
                    assertThat(img.getHeight()).isEqualTo(size);
                    assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
                }
                double[] ms = meanStd(pixels(r.image()));
                assertThat(ms[0]).as("mean at %d", size)
                        .isBetween(PneumothoraxPhantom.TARGET_MEAN_LO - 2, PneumothoraxPhantom.TARGET_MEAN_HI + 2);
                assertThat(ms[1]).as("std at %d", size)
                        .isBetween(PneumothoraxPhantom.TARGET_STD_LO - 2, PneumothoraxPhantom.TARGET_STD_HI + 2);
                assertThat(Arrays.stream(pixels(r.mask())).anyMatch(v -> v != 0)).as("mask at %d", size).isEqualTo(pneumothorax);
            }
        }
    }

    @Test
    void writesIntoAnExistingEmptyDirectory(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectory(tmp.resolve("empty"));
        PneumothoraxPhantom.write(out, 20, 32, 1L);
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.filter(Files::isRegularFile).count()).isEqualTo(40);
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("empty");
        }
    }

    @Test
    void refusesTooFewImagesOrTooSmallImages(@TempDir Path tmp) {
        assertThatThrownBy(() -> PneumothoraxPhantom.write(tmp.resolve("x"), 19, 64, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be >= 20").hasMessageContaining("n=19");
        assertThatThrownBy(() -> PneumothoraxPhantom.write(tmp.resolve("x"), 100, 31, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size must be >= 32").hasMessageContaining("31");
        assertThatThrownBy(() -> PneumothoraxPhantom.render(true, 16, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThatThrownBy(() -> PneumothoraxPhantom.write(null, 100, 64, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesAnOutThatIsAFileOrANonEmptyDirectory(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("data.txt"), "not a directory");
        assertThatThrownBy(() -> PneumothoraxPhantom.write(file, 20, 32, 1L))
                .isInstanceOf(IOException.class).hasMessageContaining("data.txt").hasMessageContaining("regular file");
        assertThat(Files.readString(file)).isEqualTo("not a directory");

        Path full = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> PneumothoraxPhantom.write(full, 20, 32, 1L))
                .isInstanceOf(IOException.class).hasMessageContaining("full").hasMessageContaining("not empty");
        try (Stream<Path> left = Files.list(full)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("data.txt", "full");
        }
    }
}
