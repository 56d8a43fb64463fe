package io.pulmo.common.phantom;

import static io.pulmo.common.phantom.PhantomTestSupport.argmax;
import static io.pulmo.common.phantom.PhantomTestSupport.auc;
import static io.pulmo.common.phantom.PhantomTestSupport.contents;
import static io.pulmo.common.phantom.PhantomTestSupport.fitSoftmax;
import static io.pulmo.common.phantom.PhantomTestSupport.meanStd;
import static io.pulmo.common.phantom.PhantomTestSupport.pixels;
import static io.pulmo.common.phantom.PhantomTestSupport.readFolder;
import static io.pulmo.common.phantom.PhantomTestSupport.scores;
import static io.pulmo.common.phantom.PhantomTestSupport.standardiseLike;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.phantom.CtSlicePhantom.Finding;
import io.pulmo.common.phantom.PhantomTestSupport.Decoded;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class CtSlicePhantomTest {

    private static final Logger LOG = LoggerFactory.getLogger(CtSlicePhantomTest.class);

    static final List<String> LONG = List.of("adenocarcinoma_left.lower.lobe_T2_N0_M0_Ib",
            "large.cell.carcinoma_left.hilum_T2_N2_M0_IIIa", "normal", "squamous.cell.carcinoma_left.hilum_T1_N2_M0_IIIa");
    static final List<String> SHORT = List.of("adenocarcinoma", "large.cell.carcinoma", "normal", "squamous.cell.carcinoma");

    /** Series stem and optional slice number, per class: {@code 000108 (3).png}, {@code sq2.png}, {@code 6 - Copy (2).png}. */
    private static final Map<Finding, Pattern> NAME = Map.of(
            Finding.ADENOCARCINOMA, Pattern.compile("^(\\d{6}|ad\\d+)(?: \\((\\d+)\\))?\\.png$"),
            Finding.LARGE_CELL, Pattern.compile("^(\\d{6}|l\\d+)(?: \\((\\d+)\\))?\\.png$"),
            Finding.NORMAL, Pattern.compile("^(\\d+ - Copy|n\\d+|\\d+)(?: \\((\\d+)\\))?\\.png$"),
            Finding.SQUAMOUS, Pattern.compile("^(\\d{6}|sq\\d+)(?: \\((\\d+)\\))?\\.png$"));

    @TempDir
    static Path shared;
    static Path data400;
    static PhantomSummary summary400;
    static List<Sample> samples400;

    /** A decoded image of the written dataset. */
    record Sample(String split, String folder, Finding finding, String name, int width, int height, int bands, int type,
            int[] pixels) {
    }

    @BeforeAll
    static void writeDataset() throws IOException {
        data400 = shared.resolve("chest_ct");
        summary400 = CtSlicePhantom.write(data400, 400, 64, 2024L);
        samples400 = readAll(data400);
    }

    static List<Sample> readAll(Path root) throws IOException {
        List<Sample> out = new ArrayList<>();
        for (String split : CtSlicePhantom.SPLITS) {
            List<String> folders = split.equals("test") ? SHORT : LONG;
            for (int c = 0; c < folders.size(); c++) {
                for (Decoded d : readFolder(root.resolve(split).resolve(folders.get(c)))) {
                    out.add(new Sample(split, folders.get(c), Finding.values()[c], d.name(), d.width(), d.height(), d.bands(),
                            d.type(), d.pixels()));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ layout

    @Test
    void layoutHasTheKaggleFoldersWithLongNamesInTrainAndValidShortOnesInTest() throws IOException {
        try (Stream<Path> top = Files.list(data400)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("train", "valid", "test");
        }
        for (String split : List.of("train", "valid")) {
            try (Stream<Path> classes = Files.list(data400.resolve(split))) {
                assertThat(classes.map(p -> p.getFileName().toString())).as(split).containsExactlyInAnyOrderElementsOf(LONG);
            }
        }
        try (Stream<Path> classes = Files.list(data400.resolve("test"))) {
            assertThat(classes.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(SHORT);
        }
        assertThat(CtSlicePhantom.LONG_CLASSES).isEqualTo(LONG);
        assertThat(CtSlicePhantom.SHORT_CLASSES).isEqualTo(SHORT);
        assertThat(CtSlicePhantom.classes("valid")).isEqualTo(LONG);
        assertThat(CtSlicePhantom.classes("test")).isEqualTo(SHORT);
        try (Stream<Path> all = Files.walk(data400)) {
            List<Path> files = all.filter(Files::isRegularFile).toList();
            assertThat(files).hasSize(400);
            assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".png"));
        }
        // no staging directory left behind
        try (Stream<Path> siblings = Files.list(shared)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("chest_ct");
        }
    }

    @Test
    void countsAreSplit801010WithEveryClassInEverySplit() {
        assertThat(summary400.root()).isEqualTo(data400);
        assertThat(summary400.total()).isEqualTo(400);
        assertThat(summary400.total("train")).isEqualTo(320);
        assertThat(summary400.total("valid")).isEqualTo(40);
        assertThat(summary400.total("test")).isEqualTo(40);
        Map<String, Map<String, Integer>> onDisk = new TreeMap<>();
        for (Sample s : samples400) {
            onDisk.computeIfAbsent(s.split(), k -> new TreeMap<>()).merge(s.folder(), 1, Integer::sum);
        }
        for (String split : CtSlicePhantom.SPLITS) {
            Map<String, Integer> perClass = summary400.counts().get(split);
            assertThat(new ArrayList<>(perClass.keySet())).as("class order in %s", split).isEqualTo(CtSlicePhantom.classes(split));
            assertThat(onDisk.get(split)).as(split).isEqualTo(perClass);
            assertThat(perClass.values()).as(split).allSatisfy(k -> assertThat(k).isPositive());
            for (int k : perClass.values()) {
                assertThat(k / (double) summary400.total(split)).as("class share in %s", split).isBetween(0.15, 0.35);
            }
        }
    }

    @Test
    void fileNamesFollowTheRealPatternsAndASeriesStaysInOneSplit() {
        Map<String, Set<String>> splitsOfSeries = new HashMap<>();
        Map<String, Integer> slicesOfSeries = new HashMap<>();
        Set<String> paths = new HashSet<>();
        for (Sample s : samples400) {
            Matcher m = NAME.get(s.finding()).matcher(s.name());
            assertThat(m.matches()).as("%s/%s/%s matches the Kaggle pattern", s.split(), s.folder(), s.name()).isTrue();
            String series = s.finding() + "/" + m.group(1);
            splitsOfSeries.computeIfAbsent(series, k -> new HashSet<>()).add(s.split());
            slicesOfSeries.merge(series, 1, Integer::sum);
            paths.add(s.finding() + "/" + s.name());
        }
        assertThat(paths).as("file names are unique per class over all splits").hasSize(400);
        assertThat(splitsOfSeries).allSatisfy((series, splits) -> assertThat(splits).as(series).hasSize(1));
        assertThat(summary400.patients()).isEqualTo(splitsOfSeries.size());
        assertThat(slicesOfSeries.values().stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThanOrEqualTo(3);
        List<String> names = samples400.stream().map(Sample::name).toList();
        assertThat(names).anyMatch(n -> n.matches("\\d{6} \\(\\d+\\)\\.png")).anyMatch(n -> n.matches("\\d+ - Copy \\(\\d+\\)\\.png"))
                .anyMatch(n -> n.matches("n\\d+.*\\.png")).anyMatch(n -> n.matches("sq\\d+.*\\.png"))
                .anyMatch(n -> n.matches("ad\\d+.*\\.png")).anyMatch(n -> n.matches("l\\d+.*\\.png"));
    }

    @Test
    void imagesAreSquareEightBitGrayscalePngs() throws IOException {
        assertThat(samples400).allSatisfy(s -> {
            assertThat(s.width()).isEqualTo(64);
            assertThat(s.height()).isEqualTo(64);
            assertThat(s.bands()).isEqualTo(1);
            assertThat(s.type()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        });
        Sample first = samples400.get(0);
        byte[] b = Files.readAllBytes(data400.resolve(first.split()).resolve(first.folder()).resolve(first.name()));
        assertThat(Arrays.copyOf(b, 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        assertThat(new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        assertThat(b[24]).as("bit depth").isEqualTo((byte) 8);
        assertThat(b[25]).as("colour type: grayscale").isEqualTo((byte) 0);
    }

    @Test
    void otherSizesAndSmallestNWork(@TempDir Path tmp) throws IOException {
        PhantomSummary s = CtSlicePhantom.write(tmp.resolve("small"), 40, 32, 3L);
        assertThat(s.total()).isEqualTo(40);
        assertThat(s.total("train")).isEqualTo(32);
        assertThat(s.total("valid")).isEqualTo(4);
        assertThat(s.total("test")).isEqualTo(4);
        assertThat(s.counts().values()).allSatisfy(perClass ->
                assertThat(perClass.values()).hasSize(4).allSatisfy(k -> assertThat(k).isPositive()));
        assertThat(readAll(tmp.resolve("small"))).hasSize(40).allSatisfy(x -> assertThat(x.width()).isEqualTo(32));
        assertThat(CtSlicePhantom.write(tmp.resolve("odd"), 57, 16, 4L).total()).isEqualTo(57);

        for (int size : new int[] {16, 32, 64, 128, 256}) {
            for (Finding finding : Finding.values()) {
                BufferedImage img = CtSlicePhantom.render(finding, size, new SplittableRandom(size));
                assertThat(img.getWidth()).isEqualTo(size);
                assertThat(img.getHeight()).isEqualTo(size);
                assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
                double[] ms = meanStd(img.getRaster().getPixels(0, 0, size, size, (int[]) null));
                assertThat(ms[0]).as("mean at %d", size).isBetween(CtSlicePhantom.TARGET_MEAN_LO - 2, CtSlicePhantom.TARGET_MEAN_HI + 2);
                assertThat(ms[1]).as("std at %d", size).isBetween(CtSlicePhantom.TARGET_STD_LO - 2, CtSlicePhantom.TARGET_STD_HI + 2);
            }
        }
    }

    @Test
    void writesIntoAnExistingEmptyDirectory(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectory(tmp.resolve("empty"));
        CtSlicePhantom.write(out, 40, 16, 1L);
        try (Stream<Path> all = Files.walk(out)) {
            assertThat(all.filter(Files::isRegularFile).count()).isEqualTo(40);
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("empty");
        }
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDifferentOnes(@TempDir Path tmp) throws IOException {
        CtSlicePhantom.write(tmp.resolve("a"), 40, 48, 77L);
        CtSlicePhantom.write(tmp.resolve("b"), 40, 48, 77L);
        CtSlicePhantom.write(tmp.resolve("c"), 40, 48, 78L);
        Map<String, byte[]> a = contents(tmp.resolve("a"));
        Map<String, byte[]> b = contents(tmp.resolve("b"));
        Map<String, byte[]> c = contents(tmp.resolve("c"));
        assertThat(a).hasSize(40);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
        assertThat(c).hasSize(40);
        assertThat(new ArrayList<>(c.values())).as("another seed gives other images")
                .noneMatch(bytes -> a.values().stream().anyMatch(x -> Arrays.equals(x, bytes)));
    }

    @Test
    void renderIsAFunctionOfTheRandomStreamOnly() {
        for (Finding finding : Finding.values()) {
            int[] p1 = pixels(CtSlicePhantom.render(finding, 64, new SplittableRandom(5)));
            int[] p2 = pixels(CtSlicePhantom.render(finding, 64, new SplittableRandom(5)));
            int[] p3 = pixels(CtSlicePhantom.render(finding, 64, new SplittableRandom(6)));
            assertThat(p2).as(finding.name()).isEqualTo(p1);
            assertThat(p3).as(finding.name()).isNotEqualTo(p1);
        }
    }

    // ------------------------------------------------------------------ the signal needs a CNN

    /**
     * A multinomial logistic regression on the global mean and standard deviation of each image does no better
     * than always answering the majority class, and neither statistic alone ranks any class against the rest.
     */
    @Test
    void globalIntensityStatisticsDoNotSeparateTheClasses() {
        List<Sample> train = samples400.stream().filter(s -> s.split().equals("train")).toList();
        List<Sample> test = samples400.stream().filter(s -> s.split().equals("test")).toList();
        double[][] xTrain = train.stream().map(s -> meanStd(s.pixels())).toArray(double[][]::new);
        double[][] xTest = test.stream().map(s -> meanStd(s.pixels())).toArray(double[][]::new);
        int[] yTrain = train.stream().mapToInt(s -> s.finding().ordinal()).toArray();
        int[] yTest = test.stream().mapToInt(s -> s.finding().ordinal()).toArray();

        // standardise the two features with the training statistics
        double[][] w = fitSoftmax(standardiseLike(xTrain, xTrain), yTrain, 4, 3000, 0.5);
        double[][] zTest = standardiseLike(xTrain, xTest);
        int correct = 0;
        for (int i = 0; i < zTest.length; i++) {
            correct += argmax(scores(w, zTest[i])) == yTest[i] ? 1 : 0;
        }
        double accuracy = correct / (double) yTest.length;
        int[] perClass = new int[4];
        for (int y : yTest) {
            perClass[y]++;
        }
        double majority = Arrays.stream(perClass).max().orElseThrow() / (double) yTest.length;
        LOG.info("mean/std softmax regression: test accuracy {} (majority {})", accuracy, majority);
        assertThat(accuracy).as("mean/std softmax regression vs majority %s", majority).isCloseTo(majority, within(0.05 + 1e-9));

        // one class against the rest, over all 400 images
        double[] means = samples400.stream().mapToDouble(s -> meanStd(s.pixels())[0]).toArray();
        double[] stds = samples400.stream().mapToDouble(s -> meanStd(s.pixels())[1]).toArray();
        for (Finding finding : Finding.values()) {
            int[] y = samples400.stream().mapToInt(s -> s.finding() == finding ? 1 : 0).toArray();
            assertThat(auc(means, y)).as("AUC of the image mean, %s vs rest", finding).isBetween(0.35, 0.65);
            assertThat(auc(stds, y)).as("AUC of the image std, %s vs rest", finding).isBetween(0.35, 0.65);
        }
    }

    /**
     * The local signal exists: the largest local brightness inside the lungs (found from the pixels alone)
     * separates the normal slices from those with a lesion, for each kind of lesion.
     */
    @Test
    void aLocalFeatureInsideTheLungsSeparatesNormalFromLesions() {
        double[] score = samples400.stream().mapToDouble(s -> lungLesionScore(s.pixels(), s.width())).toArray();
        int[] lesion = samples400.stream().mapToInt(s -> s.finding() == Finding.NORMAL ? 0 : 1).toArray();
        double all = auc(score, lesion);
        Map<Finding, Double> perKind = new TreeMap<>();
        for (Finding finding : Finding.values()) {
            if (finding == Finding.NORMAL) {
                continue;
            }
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < samples400.size(); i++) {
                Finding f = samples400.get(i).finding();
                if (f == finding || f == Finding.NORMAL) {
                    idx.add(i);
                }
            }
            double[] sc = idx.stream().mapToDouble(i -> score[i]).toArray();
            int[] y = idx.stream().mapToInt(i -> lesion[i]).toArray();
            perKind.put(finding, auc(sc, y));
        }
        LOG.info("lung lesion score: AUC normal vs lesion {}, per kind {}", all, perKind);
        assertThat(all).as("AUC of the lung lesion score, lesion vs normal").isGreaterThan(0.8);
        assertThat(perKind).allSatisfy((finding, a) -> assertThat(a).as("AUC %s vs normal", finding).isGreaterThan(0.7));
    }

    /**
     * The largest 5x5 mean brightness inside the lungs, above the typical lung brightness, in image standard
     * deviations. The lungs are the dark pixels (below the image mean + 0.4 standard deviations, so that a
     * faint haze still counts as lung) not connected to the image border, in components of at least 1.5% of
     * the image; the lung region adds every pixel lying between two pixels of one lung component along a row
     * or a column (so a nodule inside a lung belongs to it); only pixels whose 9x9 neighbourhood lies in the
     * region count, so the lung border, the chest wall and the mediastinum do not.
     */
    static double lungLesionScore(int[] px, int size) {
        double[] ms = meanStd(px);
        int n = size * size;
        boolean[] dark = new boolean[n];
        for (int i = 0; i < n; i++) {
            dark[i] = px[i] < ms[0] + 0.4 * ms[1];
        }
        // dark pixels connected to the border: the air around the patient
        boolean[] outside = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < size; i++) {
            for (int p : new int[] {i, (size - 1) * size + i, i * size, i * size + size - 1}) {
                if (dark[p] && !outside[p]) {
                    outside[p] = true;
                    queue.add(p);
                }
            }
        }
        flood(queue, size, p -> dark[p], outside);
        // connected components of the remaining dark pixels
        boolean[] labelled = new boolean[n];
        boolean[] region = new boolean[n];
        List<Integer> lungPixels = new ArrayList<>();
        for (int start = 0; start < n; start++) {
            if (!dark[start] || outside[start] || labelled[start]) {
                continue;
            }
            boolean[] comp = new boolean[n];
            comp[start] = true;
            queue.add(start);
            List<Integer> members = flood(queue, size, p -> dark[p] && !outside[p], comp);
            members.add(start);
            for (int p : members) {
                labelled[p] = true;
            }
            if (members.size() < 0.015 * n) {
                continue;
            }
            lungPixels.addAll(members);
            // fill between pixels of this component along rows and columns
            for (int j = 0; j < size; j++) {
                int lo = -1, hi = -1;
                for (int i = 0; i < size; i++) {
                    if (comp[j * size + i]) {
                        lo = lo < 0 ? i : lo;
                        hi = i;
                    }
                }
                for (int i = Math.max(lo, 0); lo >= 0 && i <= hi; i++) {
                    region[j * size + i] = true;
                }
            }
            for (int i = 0; i < size; i++) {
                int lo = -1, hi = -1;
                for (int j = 0; j < size; j++) {
                    if (comp[j * size + i]) {
                        lo = lo < 0 ? j : lo;
                        hi = j;
                    }
                }
                for (int j = Math.max(lo, 0); lo >= 0 && j <= hi; j++) {
                    region[j * size + i] = true;
                }
            }
        }
        if (lungPixels.isEmpty()) {
            return 0;
        }
        double[] lungValues = lungPixels.stream().mapToDouble(p -> px[p]).sorted().toArray();
        double lungMedian = lungValues[lungValues.length / 2];
        double best = 0;
        for (int j = 4; j < size - 4; j++) {
            for (int i = 4; i < size - 4; i++) {
                boolean inside = true;
                double sum = 0;
                for (int dj = -4; dj <= 4 && inside; dj++) {
                    for (int di = -4; di <= 4; di++) {
                        int p = (j + dj) * size + i + di;
                        if (!region[p]) {
                            inside = false;
                            break;
                        }
                        if (Math.abs(dj) <= 2 && Math.abs(di) <= 2) {
                            sum += px[p];
                        }
                    }
                }
                if (inside) {
                    best = Math.max(best, (sum / 25 - lungMedian) / ms[1]);
                }
            }
        }
        return best;
    }

    /** 4-connected flood fill from the queued pixels through pixels passing {@code through}; returns the pixels reached. */
    private static List<Integer> flood(ArrayDeque<Integer> queue, int size, java.util.function.IntPredicate through, boolean[] seen) {
        List<Integer> reached = new ArrayList<>();
        while (!queue.isEmpty()) {
            int p = queue.poll();
            int x = p % size, y = p / size;
            int[] nb = {x > 0 ? p - 1 : -1, x < size - 1 ? p + 1 : -1, y > 0 ? p - size : -1, y < size - 1 ? p + size : -1};
            for (int q : nb) {
                if (q >= 0 && !seen[q] && through.test(q)) {
                    seen[q] = true;
                    reached.add(q);
                    queue.add(q);
                }
            }
        }
        return reached;
    }

    // ------------------------------------------------------------------ bad arguments

    @Test
    void refusesTooFewImagesOrTooSmallImages(@TempDir Path tmp) {
        assertThatThrownBy(() -> CtSlicePhantom.write(tmp.resolve("x"), 39, 64, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be >= 40").hasMessageContaining("n=39");
        assertThatThrownBy(() -> CtSlicePhantom.write(tmp.resolve("x"), 100, 15, 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size").hasMessageContaining("15");
        assertThatThrownBy(() -> CtSlicePhantom.render(Finding.NORMAL, 8, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesAnOutThatIsAFileOrANonEmptyDirectory(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("data.txt"), "not a directory");
        assertThatThrownBy(() -> CtSlicePhantom.write(file, 40, 32, 1L))
                .isInstanceOf(IOException.class).hasMessageContaining("data.txt").hasMessageContaining("regular file");
        assertThat(Files.readString(file)).isEqualTo("not a directory");

        Path full = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "x");
        assertThatThrownBy(() -> CtSlicePhantom.write(full, 40, 32, 1L))
                .isInstanceOf(IOException.class).hasMessageContaining("full").hasMessageContaining("not empty");
        try (Stream<Path> left = Files.list(full)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("data.txt", "full");
        }
    }
}
