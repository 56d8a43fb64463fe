package io.pulmo.common.phantom;

import static io.pulmo.common.phantom.PhantomMath.clamp;
import static io.pulmo.common.phantom.PhantomMath.ellipse;
import static io.pulmo.common.phantom.PhantomMath.imageRandom;
import static io.pulmo.common.phantom.PhantomMath.mix;
import static io.pulmo.common.phantom.PhantomMath.sigmoid;
import static io.pulmo.common.phantom.PhantomMath.standardisedImage;
import static io.pulmo.common.phantom.PhantomMath.uniform;

import io.pulmo.common.phantom.PhantomMath.Noise;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic chest CT slices in the on-disk layout of Kaggle's "Chest CT-Scan images":
 * {@code OUT/{train,valid,test}/<class>/*.png}, 8-bit grayscale PNG, square images. The class folders
 * carry the real names: long ones in {@code train} and {@code valid}
 * ({@code adenocarcinoma_left.lower.lobe_T2_N0_M0_Ib}, {@code large.cell.carcinoma_left.hilum_T2_N2_M0_IIIa},
 * {@code normal}, {@code squamous.cell.carcinoma_left.hilum_T1_N2_M0_IIIa}), short ones in {@code test}
 * ({@code adenocarcinoma}, {@code large.cell.carcinoma}, {@code normal}, {@code squamous.cell.carcinoma}).
 *
 * <p>Each image is an axial slice at the level of the hila in a lung window: black air around a body
 * ellipse with a subcutaneous fat layer, two dark lungs whose medial sides are cut by the heart, the
 * descending aorta and the spine, main bronchi, ribs and sternum, the CT table, vessels as small bright
 * dots that grow towards the hila, lung texture and pixel noise. The classes differ only in what sits in
 * one lung (the patient's left, the image's right, three times in four):
 * <ul>
 *   <li>{@link Finding#NORMAL}: nothing;</li>
 *   <li>{@link Finding#ADENOCARCINOMA}: a peripheral ground-glass nodule near the posterolateral lung
 *       edge (lower lobe), soft-edged, hazy and of low contrast, with the vessels still visible through it;</li>
 *   <li>{@link Finding#LARGE_CELL}: a large, lobulated, solid bright mass at the hilum;</li>
 *   <li>{@link Finding#SQUAMOUS}: a smaller solid nodule near the hilum with a dark, air-filled cavity
 *       (a thick bright ring).</li>
 * </ul>
 * Anatomy size and position, lesion size and lesion contrast vary per image (lesions by about 20%), and
 * every image is then standardised to a target mean and standard deviation drawn from the same
 * distribution for every class, so the class cannot be told from global intensity statistics, only from
 * the local texture, margin and position of the lesion: a small CNN learns it, a mean/std classifier does not.
 *
 * <p>{@code n} images in total are split 80/10/10, the classes in every split in about the proportions of
 * the real set (32% adenocarcinoma, 19% large cell, 24% normal, 25% squamous), each class present in each
 * split. File names follow the real set's patterns ({@code 000108 (3).png}, {@code ad12.png}, {@code l3.png},
 * {@code sq2.png}, {@code 6 - Copy (2).png}, {@code n8.png}); a series of one to four slices of one patient
 * shares a stem and lies in one split. The output is byte-identical for the same {@code (n, size, seed)};
 * every image is drawn from its own random stream seeded by {@code (seed, index)}.
 *
 * <p>The dataset is written into a hidden sibling directory {@code .NAME.partial-*} and moved to
 * {@code OUT} only when complete, so a crash never leaves a directory that looks like a finished dataset.
 */
public final class CtSlicePhantom {

    private static final Logger LOG = LoggerFactory.getLogger(CtSlicePhantom.class);

    /** Default image side in pixels. */
    public static final int DEFAULT_SIZE = 64;
    /** Smallest accepted {@code n} (every class in every split needs an image). */
    public static final int MIN_N = 40;
    /** Smallest accepted image side. */
    public static final int MIN_SIZE = 16;
    /** Split folder names, in order. */
    public static final List<String> SPLITS = List.of("train", "valid", "test");

    /** The four classes, in on-disk (alphabetical) order. */
    public enum Finding {
        ADENOCARCINOMA("adenocarcinoma_left.lower.lobe_T2_N0_M0_Ib", "adenocarcinoma", 0.32),
        LARGE_CELL("large.cell.carcinoma_left.hilum_T2_N2_M0_IIIa", "large.cell.carcinoma", 0.19),
        NORMAL("normal", "normal", 0.24),
        SQUAMOUS("squamous.cell.carcinoma_left.hilum_T1_N2_M0_IIIa", "squamous.cell.carcinoma", 0.25);

        private final String longName;
        private final String shortName;
        private final double share;

        Finding(String longName, String shortName, double share) {
            this.longName = longName;
            this.shortName = shortName;
            this.share = share;
        }

        /** Folder name in {@code train} and {@code valid}. */
        public String longName() {
            return longName;
        }

        /** Folder name in {@code test}. */
        public String shortName() {
            return shortName;
        }

        /** The folder name of this class in {@code split}. */
        public String folder(String split) {
            return "test".equals(split) ? shortName : longName;
        }

        /** Share of the images of a split in this class. */
        public double share() {
            return share;
        }
    }

    /** Class folder names in {@code train} and {@code valid}, in order. */
    public static final List<String> LONG_CLASSES = Stream.of(Finding.values()).map(Finding::longName).toList();
    /** Class folder names in {@code test}, in order. */
    public static final List<String> SHORT_CLASSES = Stream.of(Finding.values()).map(Finding::shortName).toList();

    /** The class folder names of one split, in order. */
    public static List<String> classes(String split) {
        return "test".equals(split) ? SHORT_CLASSES : LONG_CLASSES;
    }

    /*
     * Nominal geometry in unit-square coordinates (x to the right = patient's left, y down = posterior),
     * before the per-image variation: lung centres at (0.5 -/+ LUNG_DX, LUNG_CY), semi-axes (LUNG_A, LUNG_B).
     */
    static final double BODY_CY = 0.52;
    static final double LUNG_DX = 0.195;
    static final double LUNG_CY = 0.50;
    static final double LUNG_A = 0.15;
    static final double LUNG_B = 0.22;

    /** Target mean and standard deviation of every image (same for every class). */
    static final double TARGET_MEAN_LO = 58, TARGET_MEAN_HI = 78;
    static final double TARGET_STD_LO = 64, TARGET_STD_HI = 78;

    private CtSlicePhantom() {
    }

    /** One planned image: where it goes and what it shows. */
    record Item(String split, Finding finding, String fileName, int patient) {
        String folder() {
            return finding.folder(split);
        }
    }

    /** Writes {@code n} images of {@link #DEFAULT_SIZE} pixels. */
    public static PhantomSummary write(Path out, int n, long seed) throws IOException {
        return write(out, n, DEFAULT_SIZE, seed);
    }

    /**
     * Writes the dataset.
     *
     * @param out  the dataset root; must not exist, or be an empty directory
     * @param n    total number of images, at least {@value #MIN_N}
     * @param size image side in pixels, at least {@value #MIN_SIZE}
     * @param seed random seed; the same seed gives byte-identical files
     * @return what was written; {@code patients} counts the distinct series (file stems)
     * @throws IllegalArgumentException for a bad {@code n} or {@code size}
     * @throws IOException when {@code out} is a file or a non-empty directory, or writing fails
     */
    public static PhantomSummary write(Path out, int n, int size, long seed) throws IOException {
        PhantomFiles.checkArguments(out, n, MIN_N, "80/10/10 split, four classes", size, MIN_SIZE);
        List<Item> plan = plan(n, seed);
        PhantomFiles.writeStaged(out, SPLITS, CtSlicePhantom::classes, tmp -> {
            for (int i = 0; i < plan.size(); i++) {
                Item item = plan.get(i);
                BufferedImage img = render(item.finding(), size, imageRandom(seed, i));
                PhantomFiles.writePng(img, tmp.resolve(item.split()).resolve(item.folder()).resolve(item.fileName()));
            }
        });

        Map<String, Map<String, Integer>> counts = PhantomFiles.zeroCounts(SPLITS, CtSlicePhantom::classes);
        Set<Integer> patients = new HashSet<>();
        for (Item item : plan) {
            counts.get(item.split()).merge(item.folder(), 1, Integer::sum);
            patients.add(item.patient());
        }
        PhantomSummary summary = new PhantomSummary(out, counts, patients.size());
        LOG.info("ctslice phantom: {} images ({}x{} px, seed {}) of {} series in {}: {}",
                n, size, size, seed, patients.size(), out, counts);
        return summary;
    }

    // ------------------------------------------------------------------ layout

    /** Images per split: 80/10/10, at least four in {@code valid} and {@code test}. */
    static int[] splitSizes(int n) {
        int nVal = Math.max(4, (int) Math.round(n * 0.1));
        int nTest = Math.max(4, (int) Math.round(n * 0.1));
        return new int[] {n - nVal - nTest, nVal, nTest};
    }

    /** Images per class of a split of {@code total} images: largest remainders of the shares, at least one each. */
    static int[] classSizes(int total) {
        Finding[] f = Finding.values();
        int[] k = new int[f.length];
        double[] rest = new double[f.length];
        int left = total;
        for (int c = 0; c < f.length; c++) {
            double exact = total * f[c].share();
            k[c] = Math.max(1, (int) Math.floor(exact));
            rest[c] = exact - Math.floor(exact);
            left -= k[c];
        }
        while (left > 0) {
            int best = 0;
            for (int c = 1; c < f.length; c++) {
                if (rest[c] > rest[best]) {
                    best = c;
                }
            }
            k[best]++;
            rest[best] = -1;
            left--;
        }
        while (left < 0) { // only when the minimum of one per class overshoots: take from the largest
            int big = 0;
            for (int c = 1; c < f.length; c++) {
                if (k[c] > k[big]) {
                    big = c;
                }
            }
            k[big]--;
            left++;
        }
        return k;
    }

    /** The deterministic list of images: split, class, file name and series of each, in writing order. */
    static List<Item> plan(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(mix(seed, 0x5EED_C7C7_0000_0001L));
        int[] perSplit = splitSizes(n);
        Set<String> usedStems = new HashSet<>();
        int[] patient = {0};
        List<Item> items = new ArrayList<>(n);
        for (int s = 0; s < SPLITS.size(); s++) {
            String split = SPLITS.get(s);
            int[] perClass = classSizes(perSplit[s]);
            for (Finding finding : Finding.values()) {
                int remaining = perClass[finding.ordinal()];
                while (remaining > 0) {
                    int k = Math.min(remaining, 1 + rng.nextInt(4));
                    String stem = freshStem(rng, finding, usedStems, n);
                    int first = 1 + rng.nextInt(6);
                    for (int j = 0; j < k; j++) {
                        items.add(new Item(split, finding, fileName(finding, stem, first + j, k), patient[0]));
                    }
                    patient[0]++;
                    remaining -= k;
                }
            }
        }
        return items;
    }

    /**
     * A new series stem for {@code finding}: {@code 000108} (the usual form of the cancer classes),
     * {@code ad12}/{@code l3}/{@code sq2}, or for normal slices {@code 6 - Copy}, {@code n8} or {@code 14}.
     */
    private static String freshStem(SplittableRandom rng, Finding finding, Set<String> used, int n) {
        int range = Math.max(200, 3 * n);
        while (true) {
            double u = rng.nextDouble();
            int id = 1 + rng.nextInt(range);
            String stem = switch (finding) {
                case NORMAL -> u < 0.45 ? id + " - Copy" : u < 0.75 ? "n" + id : Integer.toString(id);
                case ADENOCARCINOMA -> u < 0.8 ? String.format("%06d", id) : "ad" + id;
                case LARGE_CELL -> u < 0.8 ? String.format("%06d", id) : "l" + id;
                case SQUAMOUS -> u < 0.8 ? String.format("%06d", id) : "sq" + id;
            };
            if (used.add(finding.name() + "/" + stem)) {
                return stem;
            }
        }
    }

    /** Slice {@code j} of a series: {@code STEM (j).png}; a single-slice series may be a plain {@code STEM.png}. */
    private static String fileName(Finding finding, String stem, int j, int seriesLength) {
        if (seriesLength == 1 && j % 2 == 1) {
            return stem + ".png";
        }
        return stem + " (" + j + ").png";
    }

    // ------------------------------------------------------------------ rendering

    /**
     * Renders one standardised CT slice ({@link BufferedImage#TYPE_BYTE_GRAY}, {@code size x size}).
     *
     * @param finding what the slice shows
     * @param size    image side in pixels (at least {@value #MIN_SIZE})
     * @param rng     the random stream; the image is a function of its state only
     */
    public static BufferedImage render(Finding finding, int size, SplittableRandom rng) {
        if (finding == null) {
            throw new IllegalArgumentException("finding must not be null");
        }
        PhantomFiles.checkSize(size, MIN_SIZE);
        double[] raw = renderRaw(finding, size, rng);
        return standardisedImage(raw, size, rng, TARGET_MEAN_LO, TARGET_MEAN_HI, TARGET_STD_LO, TARGET_STD_HI);
    }

    /** Intensity levels of the raw image (a lung window: air 0, soft tissue about 0.55, bone about 0.95). */
    private static final double LUNG = 0.07, FAT = 0.40, MUSCLE = 0.53, BLOOD = 0.60, BONE = 0.95, MARROW = 0.74;

    /** Unstandardised intensities (about 0..1, bright = dense), row-major. */
    static double[] renderRaw(Finding finding, int size, SplittableRandom rng) {
        double px = 1.0 / size;                           // one pixel in unit coordinates
        double edge = 0.55 * px;                          // anti-aliasing width of sharp edges

        // ---- per-image anatomy and acquisition parameters
        double s = uniform(rng, 0.9, 1.1);                // patient size / zoom
        double cx = 0.5 + uniform(rng, -0.03, 0.03);      // positioning
        double cy = BODY_CY + uniform(rng, -0.03, 0.03);
        double bodyA = 0.44 * s * uniform(rng, 0.95, 1.05);
        double bodyB = 0.33 * s * uniform(rng, 0.93, 1.07);
        double fatT = 0.035 * s * uniform(rng, 0.6, 1.4);
        double muscle = MUSCLE * uniform(rng, 0.95, 1.05);
        double fat = FAT * uniform(rng, 0.93, 1.07);
        double gamma = uniform(rng, 0.85, 1.15);          // window / contrast variation

        double[] lcx = new double[2], lcy = new double[2], la = new double[2], lb = new double[2];
        for (int k = 0; k < 2; k++) {
            int side = k == 0 ? -1 : 1;
            lcx[k] = cx + side * LUNG_DX * s * uniform(rng, 0.96, 1.04);
            lcy[k] = cy + (LUNG_CY - BODY_CY) * s + uniform(rng, -0.01, 0.01);
            la[k] = LUNG_A * s * uniform(rng, 0.93, 1.07);
            lb[k] = LUNG_B * s * uniform(rng, 0.93, 1.07);
        }
        double heartX = cx + 0.035 * s, heartY = cy - 0.10 * s;
        double heartA = 0.13 * s * uniform(rng, 0.9, 1.1), heartB = 0.12 * s * uniform(rng, 0.9, 1.1);
        double aortaX = cx + 0.065 * s, aortaY = cy + 0.10 * s, aortaR = 0.034 * s * uniform(rng, 0.9, 1.1);
        double vertX = cx, vertY = cy + 0.18 * s, vertR = 0.052 * s;
        double canalY = vertY + 0.075 * s, canalR = 0.021 * s;
        double bronchusY = cy - 0.01 * s, bronchusDx = 0.07 * s, bronchusR = 0.014 * s;
        double sternumY = cy - bodyB + fatT + 0.03 * s;
        double tableY = cy + bodyB + 0.035;

        // ribs: short bony arcs just outside each lung, from lateral to posterior, cut obliquely
        List<double[]> ribs = new ArrayList<>(); // {x, y, half length, half thickness, angle}
        for (int k = 0; k < 2; k++) {
            int side = k == 0 ? -1 : 1;
            int count = 4 + rng.nextInt(2);
            for (int c = 0; c < count; c++) {
                double ang = Math.toRadians(-50 + 140.0 * (c + uniform(rng, 0.25, 0.75)) / count); // 0 = lateral, + = posterior
                double rx = lcx[k] + side * Math.cos(ang) * (la[k] + 0.032 * s);
                double ry = lcy[k] + Math.sin(ang) * (lb[k] + 0.032 * s);
                double tangent = Math.atan2(Math.cos(ang) * (lb[k] + 0.032 * s), -side * Math.sin(ang) * (la[k] + 0.032 * s));
                ribs.add(new double[] {rx, ry, 0.026 * s * uniform(rng, 0.8, 1.2), 0.010 * s, tangent});
            }
        }

        // vessels: small bright dots, denser and larger towards each hilum
        List<double[]> vessels = new ArrayList<>(); // {x, y, radius, amplitude}
        for (int k = 0; k < 2; k++) {
            int side = k == 0 ? -1 : 1;
            int count = (int) Math.round(uniform(rng, 14, 24) * s * s);
            while (count > 0) {
                double r = Math.sqrt(rng.nextDouble()) * 0.92, a = rng.nextDouble() * 2 * Math.PI;
                double ux = r * Math.cos(a), uy = r * Math.sin(a);
                double medial = clamp((1 - side * ux) / 2, 0, 1);
                if (rng.nextDouble() > 0.3 + 0.7 * medial) {
                    continue;
                }
                double rad = s * (0.004 + 0.009 * medial * medial) * uniform(rng, 0.7, 1.3);
                vessels.add(new double[] {lcx[k] + ux * la[k], lcy[k] + uy * lb[k], rad, BLOOD * uniform(rng, 0.55, 0.9)});
                count--;
            }
            // hilar vessels: a few larger ones at the medial lung border
            int hilar = 2 + rng.nextInt(2);
            for (int c = 0; c < hilar; c++) {
                double a = Math.toRadians(uniform(rng, -35, 35));
                double hx = lcx[k] - side * 0.9 * la[k] / 1.15 * Math.cos(a);
                double hy = lcy[k] + 0.9 * lb[k] * Math.sin(a);
                vessels.add(new double[] {hx, hy, 0.013 * s * uniform(rng, 0.8, 1.2), BLOOD});
            }
        }

        Noise tissueNoise = new Noise(10, rng);
        Noise lungNoise = new Noise(16, rng);
        Noise lesionNoise = new Noise(28, rng);
        double pixNoise = uniform(rng, 0.012, 0.025);

        // ---- the lesion, in one lung (the patient's left = image right, three times in four)
        int lk = rng.nextDouble() < 0.75 ? 1 : 0;
        int side = lk == 0 ? -1 : 1;
        double sizeVar = uniform(rng, 0.8, 1.2);
        double contrastVar = uniform(rng, 0.8, 1.2);
        double nx = 0, ny = 0, nr = 0, cavX = 0, cavY = 0, cavR = 0;
        double[] lobe = new double[4]; // {amp3, phase3, amp5, phase5}
        switch (finding) {
            case ADENOCARCINOMA -> { // peripheral, posterolateral (lower lobe), hazy
                double a = Math.toRadians(uniform(rng, 20, 70));
                double rho = uniform(rng, 0.50, 0.62);
                nx = lcx[lk] + side * Math.cos(a) * rho * la[lk];
                ny = lcy[lk] + Math.sin(a) * rho * lb[lk];
                nr = 0.06 * s * sizeVar;
            }
            case LARGE_CELL -> { // large lobulated mass at the hilum
                double a = Math.toRadians(uniform(rng, -25, 30));
                double rho = uniform(rng, 0.18, 0.32);
                nx = lcx[lk] - side * Math.cos(a) * rho * la[lk];
                ny = lcy[lk] + Math.sin(a) * rho * lb[lk];
                nr = 0.078 * s * sizeVar;
                lobe = new double[] {uniform(rng, 0.12, 0.2), rng.nextDouble() * 2 * Math.PI,
                        uniform(rng, 0.06, 0.12), rng.nextDouble() * 2 * Math.PI};
            }
            case SQUAMOUS -> { // central nodule near the hilum with an eccentric air cavity
                double a = Math.toRadians(uniform(rng, -30, 30));
                double rho = uniform(rng, 0.15, 0.35);
                nx = lcx[lk] - side * Math.cos(a) * rho * la[lk];
                ny = lcy[lk] + Math.sin(a) * rho * lb[lk];
                nr = 0.06 * s * sizeVar;
                cavR = nr * uniform(rng, 0.5, 0.6);
                double ca = rng.nextDouble() * 2 * Math.PI;
                cavX = nx + 0.12 * nr * Math.cos(ca);
                cavY = ny + 0.12 * nr * Math.sin(ca);
                lobe = new double[] {uniform(rng, 0.0, 0.06), rng.nextDouble() * 2 * Math.PI, 0, 0};
            }
            case NORMAL -> {
                // no lesion
            }
        }
        double solid = MUSCLE * 1.05 * contrastVar;
        double glass = 0.27 * contrastVar;

        double[] v = new double[size * size];
        for (int j = 0; j < size; j++) {
            double y = (j + 0.5) * px;
            for (int i = 0; i < size; i++) {
                double x = (i + 0.5) * px;

                // body outline, subcutaneous fat, muscle / mediastinal soft tissue
                double bx = (x - cx) / bodyA, by = (y - cy) / bodyB;
                double bodyR = Math.pow(Math.pow(Math.abs(bx), 2.3) + Math.pow(Math.abs(by), 2.3), 1 / 2.3);
                double body = sigmoid((1 - bodyR) * Math.min(bodyA, bodyB) / edge);
                double ix = (x - cx) / (bodyA - fatT), iy = (y - cy) / (bodyB - fatT);
                double innerR = Math.pow(Math.pow(Math.abs(ix), 2.3) + Math.pow(Math.abs(iy), 2.3), 1 / 2.3);
                double inner = sigmoid((1 - innerR) * Math.min(bodyA, bodyB) / (1.5 * edge));
                double val = fat + (muscle - fat) * inner + 0.04 * (tissueNoise.at(x, y) - 0.5);

                // heart, aorta, vertebra and spinal canal, sternum, ribs
                double heart = ellipse(x, y, heartX, heartY, heartA, heartB, 2 * edge);
                val += (BLOOD - muscle) * heart;
                double aorta = ellipse(x, y, aortaX, aortaY, aortaR, aortaR, edge);
                val += (BLOOD - val) * aorta;
                double vert = ellipse(x, y, vertX, vertY, vertR, vertR * 1.05, edge);
                double marrow = ellipse(x, y, vertX, vertY, vertR * 0.72, vertR * 0.75, edge);
                val += (BONE - val) * vert;
                val += (MARROW - BONE) * marrow;
                double arch = ellipse(x, y, vertX, canalY, canalR * 1.9, canalR * 1.7, edge);
                val += (BONE * 0.92 - val) * arch * (1 - vert);
                double canal = ellipse(x, y, vertX, canalY, canalR, canalR, edge);
                val += (muscle * 0.85 - val) * canal;
                double spinous = ellipse(x, y, vertX, canalY + 0.05 * s, 0.01 * s + 0.5 * px, 0.035 * s, edge);
                val += (BONE * 0.9 - val) * spinous * (1 - canal);
                double sternum = ellipse(x, y, cx, sternumY, 0.032 * s, 0.014 * s + 0.5 * px, edge);
                val += (BONE * 0.9 - val) * sternum;
                for (double[] r : ribs) {
                    double rib = rotatedEllipse(x, y, r[0], r[1], r[2], r[3] + 0.4 * px, r[4], edge);
                    val += (BONE * 0.85 - val) * rib;
                }

                // lungs: dark, cut medially by the heart, the aorta and the vertebra
                double lungAny = 0;
                double[] lm = new double[2];
                for (int k = 0; k < 2; k++) {
                    int sk = k == 0 ? -1 : 1;
                    double xx = (x - lcx[k]) / la[k], yy = (y - lcy[k]) / lb[k];
                    if (sk * xx < 0) {
                        xx *= 1.15 + 0.25 * clamp(-yy, 0, 1); // narrower medially, most anteriorly
                    }
                    double r = Math.sqrt(xx * xx + yy * yy);
                    lm[k] = sigmoid((1 - r) * Math.min(la[k], lb[k]) / edge);
                    lungAny = Math.max(lungAny, lm[k]);
                }
                double cut = Math.max(Math.max(ellipse(x, y, heartX, heartY, heartA * 1.06, heartB * 1.06, edge),
                        ellipse(x, y, aortaX, aortaY, aortaR * 1.35, aortaR * 1.35, edge)),
                        ellipse(x, y, vertX, vertY, vertR * 1.4, vertR * 1.4, edge));
                double lung = lungAny * (1 - cut);
                double lungVal = LUNG + 0.035 * (lungNoise.at(x, y) - 0.5);
                for (double[] vs : vessels) {
                    lungVal += dot(x, y, vs[0], vs[1], vs[2], vs[3], px);
                }
                val += (lungVal - val) * lung;

                // main bronchi: small air circles in the mediastinum
                for (int side2 = -1; side2 <= 1; side2 += 2) {
                    double br = ellipse(x, y, cx + side2 * bronchusDx, bronchusY, bronchusR + 0.3 * px, bronchusR + 0.3 * px, edge);
                    val += (0.03 - val) * br * (1 - heart);
                }

                // the lesion, confined to its lung (plus a rim for masses at the hilum)
                if (finding != Finding.NORMAL) {
                    double dx = x - nx, dy = y - ny;
                    double d = Math.sqrt(dx * dx + dy * dy);
                    if (finding == Finding.ADENOCARCINOMA) {
                        double haze = sigmoid((nr - d) / (0.35 * nr + edge));
                        double tex = 0.55 + 0.9 * lesionNoise.at(x, y);
                        val += glass * tex * haze * lm[lk] * (1 - cut);
                    } else {
                        double th = Math.atan2(dy, dx);
                        double rr = nr * (1 + lobe[0] * Math.sin(3 * th + lobe[1]) + lobe[2] * Math.sin(5 * th + lobe[3]));
                        double mass = sigmoid((rr - d) / edge);
                        double region = Math.max(lm[lk], ellipse(x, y, nx, ny, nr * 1.4, nr * 1.4, edge));
                        mass *= region;
                        double m = solid * (0.93 + 0.14 * lesionNoise.at(x, y));
                        if (finding == Finding.SQUAMOUS) {
                            double cav = ellipse(x, y, cavX, cavY, cavR, cavR, edge);
                            m += (0.04 - m) * cav;
                        }
                        val += (m - val) * mass;
                    }
                }

                val = Math.pow(Math.max(val, 0), gamma);
                val = body * val;
                // the CT table below the patient
                double tdy = (y - tableY + 0.03 * ((x - cx) / 0.4) * ((x - cx) / 0.4)) / (0.008 + 0.5 * px);
                val += 0.3 * Math.exp(-tdy * tdy) * sigmoid((0.42 - Math.abs(x - cx)) / 0.01) * (1 - body);
                val += pixNoise * rng.nextGaussian();
                v[j * size + i] = val;
            }
        }
        return v;
    }

    /** Soft-edged filled ellipse with semi-axes {@code a} (along direction {@code angle}) and {@code b}. */
    private static double rotatedEllipse(double x, double y, double ex, double ey, double a, double b, double angle, double edge) {
        double c = Math.cos(angle), sn = Math.sin(angle);
        double u = (x - ex) * c + (y - ey) * sn, w = -(x - ex) * sn + (y - ey) * c;
        double du = u / a, dw = w / b;
        double r = Math.sqrt(du * du + dw * dw);
        return sigmoid((1 - r) * Math.min(a, b) / edge);
    }

    /**
     * A small round vessel of {@code radius} (unit coordinates) seen at pixel size {@code px}: a Gaussian no
     * narrower than about half a pixel whose peak drops as the vessel becomes sub-pixel (partial volume).
     */
    private static double dot(double x, double y, double vx, double vy, double radius, double amp, double px) {
        double dx = x - vx, dy = y - vy;
        double sigma = Math.max(0.7 * radius, 0.5 * px);
        double d2 = (dx * dx + dy * dy) / (2 * sigma * sigma);
        if (d2 > 12) {
            return 0;
        }
        double peak = Math.min(1, (0.7 * radius / sigma) * (0.7 * radius / sigma) * 1.6);
        return amp * peak * Math.exp(-d2);
    }
}
