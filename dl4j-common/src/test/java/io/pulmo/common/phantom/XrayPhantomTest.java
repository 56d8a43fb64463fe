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
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.phantom.PhantomTestSupport.Decoded;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class XrayPhantomTest {

    private static final Logger LOG = LoggerFactory.getLogger(XrayPhantomTest.class);

    private static final Pattern NORMAL_NAME = Pattern.compile("^(?:NORMAL2-)?IM-(\\d{4,})-(\\d{4})\\.jpeg$");
    private static final Pattern PNEUMONIA_NAME = Pattern.compile("^person(\\d+)_(bacteria|virus)_(\\d+)\\.jpeg$");

    @TempDir
    static Path shared;
    static Path data400;
    static PhantomSummary summary400;
    static List<Sample> samples400;

    /** A decoded image of the written dataset. */
    record Sample(String split, String cls, String name, int width, int height, int bands, int type, int[] pixels) {
        boolean pneumonia() {
            return XrayPhantom.PNEUMONIA.equals(cls);
        }
    }

    @BeforeAll
    static void writeDataset() throws IOException {
        data400 = shared.resolve("chest_xray");
        summary400 = XrayPhantom.write(data400, 400, 64, 2024L);
        samples400 = readAll(data400);
    }

    static List<Sample> readAll(Path root) throws IOException {
        List<Sample> out = new ArrayList<>();
        for (String split : XrayPhantom.SPLITS) {
            for (String cls : XrayPhantom.CLASSES) {
                for (Decoded d : readFolder(root.resolve(split).resolve(cls))) {
                    out.add(new Sample(split, cls, d.name(), d.width(), d.height(), d.bands(), d.type(), d.pixels()));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ layout

    @Test
    void layoutHasTheKaggleFoldersAndOnlyJpegs() throws IOException {
        try (Stream<Path> top = Files.list(data400)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("train", "val", "test");
        }
        for (String split : XrayPhantom.SPLITS) {
            try (Stream<Path> classes = Files.list(data400.resolve(split))) {
                assertThat(classes.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("NORMAL", "PNEUMONIA");
            }
        }
        try (Stream<Path> all = Files.walk(data400)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertThat(files).hasSize(400);
            assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".jpeg"));
        }
        // no staging directory left behind
        try (Stream<Path> siblings = Files.list(shared)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("chest_xray");
        }
    }

    @Test
    void countsAreSplit801010WithOneNormalToThreePneumonia() {
        assertThat(summary400.root()).isEqualTo(data400);
        assertThat(summary400.total()).isEqualTo(400);
        assertThat(summary400.total("train")).isEqualTo(320);
        assertThat(summary400.total("val")).isEqualTo(40);
        assertThat(summary400.total("test")).isEqualTo(40);
        Map<String, Map<String, Integer>> onDisk = new TreeMap<>();
        for (Sample s : samples400) {
            onDisk.computeIfAbsent(s.split(), k -> new TreeMap<>()).merge(s.cls(), 1, Integer::sum);
        }
        for (String split : XrayPhantom.SPLITS) {
            assertThat(onDisk.get(split)).as(split).isEqualTo(summary400.counts().get(split));
            double normalShare = summary400.counts().get(split).get("NORMAL") / (double) summary400.total(split);
            assertThat(normalShare).as("NORMAL share in %s", split).isBetween(0.2, 0.3);
        }
    }

    @Test
    void fileNamesFollowTheRealPatternsAndNoPatientIsInTwoSplits() {
        Map<Integer, Set<String>> splitsOfPatient = new HashMap<>();
        Map<Integer, Integer> imagesOfPatient = new HashMap<>();
        for (Sample s : samples400) {
            Matcher m = (s.pneumonia() ? PNEUMONIA_NAME : NORMAL_NAME).matcher(s.name());
            assertThat(m.matches()).as("%s/%s/%s matches the Kaggle pattern", s.split(), s.cls(), s.name()).isTrue();
            int patient = Integer.parseInt(m.group(1));
            splitsOfPatient.computeIfAbsent(patient, k -> new HashSet<>()).add(s.split());
            imagesOfPatient.merge(patient, 1, Integer::sum);
        }
        assertThat(splitsOfPatient).allSatisfy((patient, splits) ->
                assertThat(splits).as("splits of patient %d", patient).hasSize(1));
        assertThat(summary400.patients()).isEqualTo(splitsOfPatient.size());
        // several images per patient, and both naming variants of each class
        assertThat(imagesOfPatient.values().stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThanOrEqualTo(3);
        assertThat(400.0 / summary400.patients()).isBetween(1.5, 3.0);
        Set<String> names = samples400.stream().map(Sample::name).collect(Collectors.toSet());
        assertThat(names).hasSize(400);
        assertThat(names).anyMatch(n -> n.startsWith("NORMAL2-IM-")).anyMatch(n -> n.startsWith("IM-"))
                .anyMatch(n -> n.contains("_bacteria_")).anyMatch(n -> n.contains("_virus_"));
        // the images of one NORMAL patient are numbered -0001, -0002, ...
        assertThat(names).anyMatch(n -> n.matches(".*IM-\\d{4,}-0002\\.jpeg"));
    }

    @Test
    void imagesAreSquareEightBitGrayscaleBaselineJpegs() throws IOException {
        assertThat(samples400).allSatisfy(s -> {
            assertThat(s.width()).isEqualTo(64);
            assertThat(s.height()).isEqualTo(64);
            assertThat(s.bands()).isEqualTo(1);
            assertThat(s.type()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        });
        Sample first = samples400.get(0);
        byte[] bytes = Files.readAllBytes(data400.resolve(first.split()).resolve(first.cls()).resolve(first.name()));
        assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
        assertThat(containsMarker(bytes, 0xC0)).as("baseline SOF0").isTrue();
        assertThat(containsMarker(bytes, 0xC2)).as("progressive SOF2").isFalse();
    }

    private static boolean containsMarker(byte[] b, int marker) {
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == marker) {
                return true;
            }
        }
        return false;
    }

    @Test
    void otherSizesAndSmallestNWork(@TempDir Path tmp) throws IOException {
        PhantomSummary s = XrayPhantom.write(tmp.resolve("small"), 20, 32, 3L);
        assertThat(s.total()).isEqualTo(20);
        assertThat(s.total("train")).isEqualTo(16);
        assertThat(s.counts().values()).allSatisfy(perClass -> {
            assertThat(perClass.get("NORMAL")).isPositive();
            assertThat(perClass.get("PNEUMONIA")).isPositive();
        });
        assertThat(readAll(tmp.resolve("small"))).allSatisfy(x -> assertThat(x.width()).isEqualTo(32));

        for (int size : new int[] {16, 32, 64, 128, 512}) {
            for (boolean pneumonia : new boolean[] {false, true}) {
                BufferedImage img = XrayPhantom.render(pneumonia, size, new SplittableRandom(size));
                assertThat(img.getWidth()).isEqualTo(size);
                assertThat(img.getHeight()).isEqualTo(size);
                assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
                double[] ms = meanStd(img.getRaster().getPixels(0, 0, size, size, (int[]) null));
                assertThat(ms[0]).as("mean at %d", size).isBetween(XrayPhantom.TARGET_MEAN_LO - 2, XrayPhantom.TARGET_MEAN_HI + 2);
                assertThat(ms[1]).as("std at %d", size).isBetween(XrayPhantom.TARGET_STD_LO - 2, XrayPhantom.TARGET_STD_HI + 2);
            }
        }
    }

    @Test
    void writesIntoAnExistingEmptyDirectory(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectory(tmp.resolve("empty"));
        XrayPhantom.write(out, 20, 16, 1L);
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.filter(Files::isRegularFile).count()).isEqualTo(20);
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("empty");
        }
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDifferentOnes(@TempDir Path tmp) throws IOException {
        XrayPhantom.write(tmp.resolve("a"), 24, 48, 77L);
        XrayPhantom.write(tmp.resolve("b"), 24, 48, 77L);
        XrayPhantom.write(tmp.resolve("c"), 24, 48, 78L);
        Map<String, byte[]> a = contents(tmp.resolve("a"));
        Map<String, byte[]> b = contents(tmp.resolve("b"));
        Map<String, byte[]> c = contents(tmp.resolve("c"));
        assertThat(a).hasSize(24);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
        assertThat(c).hasSize(24);
        assertThat(new ArrayList<>(c.values())).as("another seed gives other images").noneMatch(bytes -> a.values().stream().anyMatch(x -> java.util.Arrays.equals(x, bytes)));
    }

    @Test
    void renderIsAFunctionOfTheRandomStreamOnly() {
        int[] p1 = pixels(XrayPhantom.render(true, 64, new SplittableRandom(5)));
        int[] p2 = pixels(XrayPhantom.render(true, 64, new SplittableRandom(5)));
        int[] p3 = pixels(XrayPhantom.render(true, 64, new SplittableRandom(6)));
        assertThat(p2).isEqualTo(p1);
        assertThat(p3).isNotEqualTo(p1);
    }

    // ------------------------------------------------------------------ the signal needs a CNN

    /**
     * A logistic regression on the global mean and standard deviation of each image does no better than
     * always answering the majority class, while the brightness inside the lung fields (a local feature,
     * measured from the pixels through a fixed template of the nominal lung fields) separates the classes.
     */
    @Test
    void globalIntensityStatisticsDoNotSeparateTheClassesButTheLungFieldsDo() {
        List<Sample> train = samples400.stream().filter(s -> s.split().equals("train")).toList();
        List<Sample> test = samples400.stream().filter(s -> s.split().equals("test")).toList();

        double[][] xTrain = train.stream().map(s -> meanStd(s.pixels())).toArray(double[][]::new);
        double[][] xTest = test.stream().map(s -> meanStd(s.pixels())).toArray(double[][]::new);
        int[] yTrain = train.stream().mapToInt(s -> s.pneumonia() ? 1 : 0).toArray();
        int[] yTest = test.stream().mapToInt(s -> s.pneumonia() ? 1 : 0).toArray();

        // standardise the two features with the training statistics
        double[] w = fitLogistic(standardiseLike(xTrain, xTrain), yTrain, 3000, 0.5);
        double[][] zTest = standardiseLike(xTrain, xTest);
        int correct = 0;
        for (int i = 0; i < zTest.length; i++) {
            int pred = w[0] + w[1] * zTest[i][0] + w[2] * zTest[i][1] > 0 ? 1 : 0;
            correct += pred == yTest[i] ? 1 : 0;
        }
        double accuracy = correct / (double) yTest.length;
        int positives = java.util.Arrays.stream(yTest).sum();
        double majority = Math.max(positives, yTest.length - positives) / (double) yTest.length;
        assertThat(accuracy).as("mean/std logistic regression vs majority %s", majority).isCloseTo(majority, within(0.05 + 1e-9));

        // neither global statistic alone ranks the classes (over all 400 images)
        int[] yAll = samples400.stream().mapToInt(s -> s.pneumonia() ? 1 : 0).toArray();
        double[] means = samples400.stream().mapToDouble(s -> meanStd(s.pixels())[0]).toArray();
        double[] stds = samples400.stream().mapToDouble(s -> meanStd(s.pixels())[1]).toArray();
        assertThat(auc(means, yAll)).as("AUC of the image mean").isBetween(0.35, 0.65);
        assertThat(auc(stds, yAll)).as("AUC of the image std").isBetween(0.35, 0.65);

        // the local signal: relative brightness inside the (nominal) lung fields
        double[] lung = samples400.stream().mapToDouble(s -> lungFieldBrightness(s.pixels(), s.width())).toArray();
        LOG.info("mean/std logistic regression: test accuracy {} (majority {}); AUC mean {}, std {}, lung-field brightness {}",
                accuracy, majority, auc(means, yAll), auc(stds, yAll), auc(lung, yAll));
        assertThat(auc(lung, yAll)).as("AUC of the lung-field brightness").isGreaterThan(0.8);
    }

    /**
     * The brighter of the two lung fields relative to the whole image, in image standard deviations:
     * {@code max over lungs (mean inside the lung template - image mean) / image std}. The template is
     * the nominal lung ellipse shrunk to 70% so that it stays inside the lung despite the per-image
     * variation of size and position.
     */
    static double lungFieldBrightness(int[] px, int size) {
        double[] ms = meanStd(px);
        double best = Double.NEGATIVE_INFINITY;
        for (int side = -1; side <= 1; side += 2) {
            double cx = 0.5 + side * XrayPhantom.LUNG_DX, cy = XrayPhantom.LUNG_CY;
            double ra = XrayPhantom.LUNG_A * 0.7, rb = XrayPhantom.LUNG_B * 0.7;
            double sum = 0;
            int count = 0;
            for (int j = 0; j < size; j++) {
                for (int i = 0; i < size; i++) {
                    double x = (i + 0.5) / size, y = (j + 0.5) / size;
                    double ex = (x - cx) / ra, ey = (y - cy) / rb;
                    if (ex * ex + ey * ey <= 1) {
                        sum += px[j * size + i];
                        count++;
                    }
                }
            }
            best = Math.max(best, (sum / count - ms[0]) / ms[1]);
        }
        return best;
    }

    // ------------------------------------------------------------------ bad arguments

    @Test
    void refusesTooFewImagesOrTooSmallImages(@TempDir Path tmp) {
        assertThatThrownBy(() -> XrayPhantom.write(tmp.resolve("x"), 19, 64, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be >= 20").hasMessageContaining("n=19");
        assertThatThrownBy(() -> XrayPhantom.write(tmp.resolve("x"), 100, 15, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size").hasMessageContaining("15");
        assertThatThrownBy(() -> XrayPhantom.render(true, 8, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesAnOutThatIsAFileOrANonEmptyDirectory(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("data.txt"), "not a directory");
        assertThatThrownBy(() -> XrayPhantom.write(file, 40, 32, 1L))
                .isInstanceOf(IOException.class).hasMessageContaining("data.txt").hasMessageContaining("regular file");
        assertThat(Files.readString(file)).isEqualTo("not a directory");

        Path full = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> XrayPhantom.write(full, 40, 32, 1L))
                .isInstanceOf(IOException.class).hasMessageContaining("full").hasMessageContaining("not empty");
        try (Stream<Path> left = Files.list(full)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("data.txt", "full");
        }
    }
}
