package io.pulmo.common.phantom;

import static io.pulmo.common.phantom.PhantomMath.clamp;
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
import javax.imageio.ImageWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic chest X-ray dataset in the on-disk layout of Kaggle's "Chest X-Ray Images (Pneumonia)":
 * {@code OUT/{train,val,test}/{NORMAL,PNEUMONIA}/*.jpeg}, 8-bit grayscale baseline JPEG, square images.
 *
 * <p>Each image is a chest-like radiograph: soft tissue inside the body outline, two dark lung fields,
 * a bright mediastinum, spine and heart shadow, clavicles, rib arcs across the lungs and noise, with
 * per-image variation of size, position, contrast, brightness and rib spacing. A PNEUMONIA image adds
 * soft, patchy, cloudy opacities (consolidations) inside one or both lung fields, covering about
 * 15-40% of an affected lung. Every image is then standardised to a target mean and standard deviation
 * drawn from the same distribution for both classes, so the class cannot be told from global intensity
 * statistics, only from where the brightness lies: a small CNN learns it, a mean/std classifier does not.
 *
 * <p>{@code n} images in total are split 80/10/10 by patient (no patient in two splits), about one
 * NORMAL to three PNEUMONIA in every split, with the real file-name patterns and several images per
 * patient: {@code IM-0115-0001.jpeg}, {@code NORMAL2-IM-1427-0001.jpeg}, {@code person12_bacteria_48.jpeg},
 * {@code person1000_virus_1681.jpeg}. Patient ids (the number after {@code IM-} or {@code person}) are
 * distinct over the whole dataset. The output is byte-identical for the same {@code (n, size, seed)};
 * every image is drawn from its own random stream seeded by {@code (seed, index)}.
 *
 * <p>The dataset is written into a hidden sibling directory {@code .NAME.partial-*} and moved to
 * {@code OUT} only when complete, so a crash never leaves a directory that looks like a finished dataset.
 */
public final class XrayPhantom {

    private static final Logger LOG = LoggerFactory.getLogger(XrayPhantom.class);

    /** Default image side in pixels. */
    public static final int DEFAULT_SIZE = 64;
    /** Smallest accepted {@code n}. */
    public static final int MIN_N = 20;
    /** Smallest accepted image side. */
    public static final int MIN_SIZE = 16;
    /** Split folder names, in order. */
    public static final List<String> SPLITS = List.of("train", "val", "test");
    public static final String NORMAL = "NORMAL";
    public static final String PNEUMONIA = "PNEUMONIA";
    /** Class folder names, in order (negative class first). */
    public static final List<String> CLASSES = List.of(NORMAL, PNEUMONIA);
    /** JPEG quality of the written files. */
    public static final float JPEG_QUALITY = 0.9f;

    /*
     * Nominal geometry in unit-square coordinates (x to the right, y down), before the per-image
     * variation: lung centres at (0.5 -/+ LUNG_DX, LUNG_CY), semi-axes (LUNG_A, LUNG_B).
     */
    static final double LUNG_DX = 0.185;
    static final double LUNG_CY = 0.47;
    static final double LUNG_A = 0.135;
    static final double LUNG_B = 0.29;

    /** Target mean and standard deviation of every image (same for both classes). */
    static final double TARGET_MEAN_LO = 95, TARGET_MEAN_HI = 140;
    static final double TARGET_STD_LO = 38, TARGET_STD_HI = 55;

    private XrayPhantom() {
    }

    /** One planned image: where it goes and what it shows. */
    record Item(String split, String cls, String fileName, int patient) {
        boolean pneumonia() {
            return PNEUMONIA.equals(cls);
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
     * @return what was written
     * @throws IllegalArgumentException for a bad {@code n} or {@code size}
     * @throws IOException when {@code out} is a file or a non-empty directory, or writing fails
     */
    public static PhantomSummary write(Path out, int n, int size, long seed) throws IOException {
        PhantomFiles.checkArguments(out, n, MIN_N, "80/10/10 split, two classes", size, MIN_SIZE);
        List<Item> plan = plan(n, seed);
        PhantomFiles.writeStaged(out, SPLITS, split -> CLASSES, tmp -> {
            ImageWriter writer = PhantomFiles.jpegWriter();
            try {
                for (int i = 0; i < plan.size(); i++) {
                    Item item = plan.get(i);
                    BufferedImage img = render(item.pneumonia(), size, imageRandom(seed, i));
                    PhantomFiles.writeJpeg(writer, img, tmp.resolve(item.split()).resolve(item.cls()).resolve(item.fileName()),
                            JPEG_QUALITY);
                }
            } finally {
                writer.dispose();
            }
        });

        Map<String, Map<String, Integer>> counts = PhantomFiles.zeroCounts(SPLITS, split -> CLASSES);
        Set<Integer> patients = new HashSet<>();
        for (Item item : plan) {
            counts.get(item.split()).merge(item.cls(), 1, Integer::sum);
            patients.add(item.patient());
        }
        PhantomSummary summary = new PhantomSummary(out, counts, patients.size());
        LOG.info("xray phantom: {} images ({}x{} px, seed {}) of {} patients in {}: {}",
                n, size, size, seed, patients.size(), out, counts);
        return summary;
    }

    // ------------------------------------------------------------------ layout

    /** The deterministic list of images: split, class, file name and patient of each, in writing order. */
    static List<Item> plan(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(mix(seed, 0x5EED_1A70_0000_0001L));
        int nVal = Math.max(1, (int) Math.round(n * 0.1));
        int nTest = Math.max(1, (int) Math.round(n * 0.1));
        int[] perSplit = {n - nVal - nTest, nVal, nTest};

        Set<Integer> used = new HashSet<>();
        int idRange = Math.max(1500, 2 * n);
        int[] pneumoniaNumber = {1 + rng.nextInt(20)};
        List<Item> items = new ArrayList<>(n);
        for (int s = 0; s < SPLITS.size(); s++) {
            String split = SPLITS.get(s);
            int total = perSplit[s];
            int normals = (int) Math.round(total / 4.0);
            if (total >= 2) {
                normals = Math.min(Math.max(normals, 1), total - 1);
            }
            int remaining = normals;
            while (remaining > 0) {
                int k = Math.min(remaining, 1 + rng.nextInt(3));
                int pid = freshId(rng, used, idRange);
                String prefix = rng.nextDouble() < 0.4 ? "NORMAL2-" : "";
                for (int j = 1; j <= k; j++) {
                    items.add(new Item(split, NORMAL, String.format("%sIM-%04d-%04d.jpeg", prefix, pid, j), pid));
                }
                remaining -= k;
            }
            remaining = total - normals;
            while (remaining > 0) {
                int k = Math.min(remaining, 1 + rng.nextInt(4));
                int pid = freshId(rng, used, idRange);
                String kind = rng.nextDouble() < 0.65 ? "bacteria" : "virus";
                for (int j = 0; j < k; j++) {
                    items.add(new Item(split, PNEUMONIA, "person" + pid + "_" + kind + "_" + pneumoniaNumber[0] + ".jpeg", pid));
                    pneumoniaNumber[0] += 1 + rng.nextInt(3);
                }
                remaining -= k;
            }
        }
        return items;
    }

    private static int freshId(SplittableRandom rng, Set<Integer> used, int range) {
        while (true) {
            int id = 1 + rng.nextInt(range);
            if (used.add(id)) {
                return id;
            }
        }
    }

    // ------------------------------------------------------------------ rendering

    /**
     * Renders one standardised radiograph ({@link BufferedImage#TYPE_BYTE_GRAY}, {@code size x size}).
     *
     * @param pneumonia whether to draw pneumonic opacities
     * @param size      image side in pixels (at least {@value #MIN_SIZE})
     * @param rng       the random stream; the image is a function of its state only
     */
    public static BufferedImage render(boolean pneumonia, int size, SplittableRandom rng) {
        PhantomFiles.checkSize(size, MIN_SIZE);
        double[] raw = renderRaw(pneumonia, size, rng);
        return standardisedImage(raw, size, rng, TARGET_MEAN_LO, TARGET_MEAN_HI, TARGET_STD_LO, TARGET_STD_HI);
    }

    /** Unstandardised intensities (about 0..1, bright = dense), row-major. */
    static double[] renderRaw(boolean pneumonia, int size, SplittableRandom rng) {
        // ---- per-image anatomy and acquisition parameters
        double s = uniform(rng, 0.86, 1.14);              // patient size / zoom
        double dx0 = uniform(rng, -0.04, 0.04);           // positioning
        double dy0 = uniform(rng, -0.035, 0.035);
        double mx = 0.5 + dx0;                            // midline

        double bodyA = 0.47 * uniform(rng, 0.93, 1.07) * Math.sqrt(s);
        double bodyB = 0.62 * uniform(rng, 0.95, 1.05);
        double bodyY = 0.60 + dy0;
        double tissue = uniform(rng, 0.52, 0.64);
        double tissueGrad = uniform(rng, 0.05, 0.18);
        double air = uniform(rng, 0.03, 0.12);

        double[] lcx = new double[2], lcy = new double[2], la = new double[2], lb = new double[2];
        for (int k = 0; k < 2; k++) {
            int side = k == 0 ? -1 : 1;
            lcx[k] = mx + side * LUNG_DX * s * uniform(rng, 0.95, 1.05);
            lcy[k] = LUNG_CY + dy0 + uniform(rng, -0.015, 0.015);
            la[k] = LUNG_A * s * uniform(rng, 0.92, 1.08);
            lb[k] = LUNG_B * s * uniform(rng, 0.92, 1.08);
        }
        double depth = uniform(rng, 0.30, 0.44);          // how much darker the aerated lung is
        double lungEdge = uniform(rng, 0.05, 0.09);

        double hx = mx + 0.05 * s, hy = 0.5 * (lcy[0] + lcy[1]) + 0.19 * s;
        double ha = 0.155 * s * uniform(rng, 0.9, 1.1), hb = 0.12 * s * uniform(rng, 0.9, 1.1);
        double heart = uniform(rng, 0.02, 0.06);
        double medi = uniform(rng, 0.10, 0.18);
        double mediW = 0.06 * s * uniform(rng, 0.9, 1.1);
        double spine = uniform(rng, 0.05, 0.09);
        double vert = 0.055 * s * uniform(rng, 0.9, 1.1);

        double ribSp = uniform(rng, 0.052, 0.074) * s;    // rib spacing
        double ribTh = uniform(rng, 0.26, 0.34) * ribSp;  // rib half-thickness
        double ribAmp = uniform(rng, 0.05, 0.09);
        double ribCurve = uniform(rng, 0.85, 1.2);
        double ribTop = Math.min(lcy[0] - lb[0], lcy[1] - lb[1]) - 0.02;
        int ribCount = (int) Math.ceil((2 * Math.max(lb[0], lb[1]) + 0.04) / ribSp) + 1;
        double clav = uniform(rng, 0.10, 0.18);
        double clavY = ribTop + uniform(rng, -0.03, 0.0);

        double hilum = uniform(rng, 0.05, 0.10);
        double pixNoise = uniform(rng, 0.01, 0.02);
        Noise tissueNoise = new Noise(8, rng);
        Noise lungNoise = new Noise(14, rng);

        // ---- pneumonic opacities: soft patchy blobs inside one or both lungs
        List<double[]> blobs = new ArrayList<>(); // {lung, cx, cy, rx, ry, weight}
        double opacity = 0;
        Noise cloud = null;
        if (pneumonia) {
            opacity = uniform(rng, 0.8, 1.0) * depth;
            cloud = new Noise(11, rng);
            boolean both = rng.nextDouble() < 0.4;
            int only = rng.nextInt(2);
            for (int k = 0; k < 2; k++) {
                if (!both && k != only) {
                    continue;
                }
                double coverage = uniform(rng, 0.16, 0.38);
                int count = 1 + rng.nextInt(3);
                for (int c = 0; c < count; c++) {
                    double share = coverage / count * uniform(rng, 0.8, 1.25);
                    double elong = uniform(rng, 0.8, 1.25);
                    double rx = la[k] * Math.sqrt(share) * elong * 1.15;
                    double ry = lb[k] * Math.sqrt(share) / elong * 1.15;
                    double u = uniform(rng, -0.45, 0.45);
                    double w = uniform(rng, -0.3, 0.55);          // lower and middle zones more often
                    double bx = lcx[k] + u * la[k];
                    double by = lcy[k] + w * lb[k];
                    for (int sub = 0; sub < 3; sub++) {
                        double jx = sub == 0 ? 0 : uniform(rng, -0.6, 0.6) * rx;
                        double jy = sub == 0 ? 0 : uniform(rng, -0.6, 0.6) * ry;
                        double f = sub == 0 ? 1 : uniform(rng, 0.45, 0.7);
                        blobs.add(new double[] {k, bx + jx, by + jy, rx * f, ry * f, uniform(rng, 0.75, 1.0)});
                    }
                }
            }
        }

        double[] v = new double[size * size];
        for (int j = 0; j < size; j++) {
            double y = (j + 0.5) / size;
            for (int i = 0; i < size; i++) {
                double x = (i + 0.5) / size;

                // body outline and soft tissue
                double bx = (x - mx) / bodyA, by = (y - bodyY) / bodyB;
                double body = sigmoid((1 - Math.pow(Math.pow(Math.abs(bx), 2.6) + Math.pow(Math.abs(by), 2.6), 1 / 2.6)) / 0.03);
                double soft = tissue + tissueGrad * (y - 0.5) + 0.06 * (tissueNoise.at(x, y) - 0.5);

                // lungs
                double[] lm = new double[2];
                for (int k = 0; k < 2; k++) {
                    double yy = (y - lcy[k]) / lb[k];
                    double wf = 0.78 + 0.3 * clamp((yy + 1) / 2, 0, 1); // narrow apex, wide base
                    double xx = (x - lcx[k]) / (la[k] * wf);
                    lm[k] = sigmoid((1 - Math.sqrt(xx * xx + yy * yy)) / lungEdge);
                }
                double hxx = (x - hx) / ha, hyy = (y - hy) / hb;
                double heartM = sigmoid((1 - Math.sqrt(hxx * hxx + hyy * hyy)) / 0.1);
                double lung = Math.max(lm[0], lm[1]) * (1 - 0.9 * heartM);

                double val = soft;
                val -= depth * lung;
                // lung markings: vessels, brighter towards the hila
                double lungTex = 0.05 * (lungNoise.at(x, y) - 0.5);
                for (int k = 0; k < 2; k++) {
                    int side = k == 0 ? -1 : 1;
                    double hxk = lcx[k] - side * 0.6 * la[k];
                    double ex = (x - hxk) / 0.06, ey = (y - lcy[k]) / 0.09;
                    lungTex += hilum * Math.exp(-(ex * ex + ey * ey)) * lm[k];
                }
                val += lung * lungTex;

                // mediastinum, spine, heart
                double mdx = (x - mx) / mediW;
                val += medi * Math.exp(-mdx * mdx * mdx * mdx) * sigmoid((y - 0.06) / 0.03);
                double sdx = (x - mx) / (0.022 * s);
                val += spine * Math.exp(-sdx * sdx) * (0.75 + 0.25 * Math.cos(2 * Math.PI * y / vert));
                val += heart * heartM;

                // ribs: posterior arcs, rising slightly from the spine and curving down laterally
                double t = Math.abs(x - mx);
                if (t > 0.03) {
                    double d = y - ribTop - ribCurve * (-0.10 * t + 1.0 * t * t);
                    long kk = Math.round(d / ribSp);
                    if (kk >= 0 && kk < ribCount) {
                        double dy = (d - kk * ribSp) / ribTh;
                        double fade = sigmoid((t - 0.04) / 0.01) * sigmoid((0.46 * s - t) / 0.03);
                        val += ribAmp * Math.exp(-dy * dy) * (0.1 + 0.9 * lung) * fade;
                    }
                }
                // clavicles
                for (int side = -1; side <= 1; side += 2) {
                    double dist = segmentDistance(x, y, mx + side * 0.05, clavY + 0.06, mx + side * 0.30 * s, clavY);
                    double dc = dist / (0.016 * s);
                    val += clav * Math.exp(-dc * dc);
                }

                // pneumonic opacities: cloudy, blurred, confined to the lung field
                if (!blobs.isEmpty()) {
                    double[] clear = {1, 1};
                    for (double[] b : blobs) {
                        double ox = (x - b[1]) / b[3], oy = (y - b[2]) / b[4];
                        double r = Math.sqrt(ox * ox + oy * oy);
                        clear[(int) b[0]] *= 1 - b[5] * sigmoid((1 - r) / 0.3);
                    }
                    double patch = 0.4 + 1.1 * cloud.at(x, y);
                    for (int k = 0; k < 2; k++) {
                        val += opacity * Math.min((1 - clear[k]) * patch, 1) * lm[k];
                    }
                }

                val = air + body * (val - air);
                val += pixNoise * rng.nextGaussian();
                v[j * size + i] = val;
            }
        }
        return v;
    }

    private static double segmentDistance(double x, double y, double x0, double y0, double x1, double y1) {
        double vx = x1 - x0, vy = y1 - y0;
        double t = clamp(((x - x0) * vx + (y - y0) * vy) / (vx * vx + vy * vy), 0, 1);
        double dx = x - (x0 + t * vx), dy = y - (y0 + t * vy);
        return Math.sqrt(dx * dx + dy * dy);
    }
}
