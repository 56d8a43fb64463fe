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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synthetic pneumothorax segmentation dataset in the on-disk layout of the SIIM-ACR PNG release that study 004
 * trains on: {@code OUT/{train,val,test}/{inputs,labels}/NAME.png}, where {@code inputs/NAME.png} is an 8-bit
 * grayscale chest radiograph and {@code labels/NAME.png} its binary mask (0 background, 255 pneumothorax) of the
 * same size and file name. {@code NAME} is a SIIM-style DICOM UID ({@code 1.2.276.0.7230010.3.1.4.8323329.5597.1517875188.959090}:
 * digits and dots, no component with a leading zero, at most 64 characters, unique), so the same images can be
 * exported to DICOM with {@code ImageId} equal to the file stem.
 *
 * <p>Each image is a frontal (PA) chest radiograph: a trunk narrowing to the neck above the shoulders, soft tissue
 * thicker in the middle of the body, two dark lung fields with a rounded apex, a flat medial border and a
 * diaphragmatic dome with a lateral costophrenic angle; vessel markings fanning out from each hilum and thinning
 * towards the periphery; mediastinum with trachea, spine, aortic knob and heart shadow; posterior and fainter
 * anterior rib arcs, clavicles, an occasional gastric air bubble, and pixel noise. Anatomy size, position,
 * contrast, gamma and noise vary per image.
 *
 * <p>About half of the images of every split (exactly {@code total / 2}) show a pneumothorax in one lung (either
 * side): the lung has collapsed towards its hilum, leaving a crescent of pleural air along its lateral and apical
 * edge. Each lung is described in polar form about its hilum, boundary radius {@code R(psi)} per direction; the
 * collapsed lung reaches {@code c(psi) R(psi)} with {@code c = 1 - depth w(psi)}, {@code w} a raised cosine
 * centred between lateral and apical, so the crescent is thickest there and tapers to nothing at both ends. Its
 * area is {@value #MIN_AREA}-{@value #MAX_AREA} of the lung field (drawn per image; a wider crescent for a larger
 * area). The pleural air is dark and structureless (no parenchyma, no vessel markings: the vessels are drawn in
 * the collapsed lung's coordinates and end with it), bounded on its inner side by a thin bright visceral pleural
 * line, and the collapsed lung beside it is slightly denser. The mask is exactly that crescent (the pixels whose
 * centre lies between the collapsed and the full lung boundary); an image without pneumothorax has an all-zero
 * mask. Every image is then standardised to a target mean and standard deviation drawn from the same distribution
 * for both groups, so mask presence cannot be told from global intensity statistics, only from the local shape.
 *
 * <p>{@code n} images in total are split 80/10/10 (at least four in {@code val} and in {@code test}); every image
 * is its own patient. The output is byte-identical for the same {@code (n, size, seed)}; every image is drawn from
 * its own random stream seeded by {@code (seed, index)}. The dataset is written into a hidden sibling directory
 * {@code .NAME.partial-*} and moved to {@code OUT} only when complete, so a crash never leaves a directory that
 * looks like a finished dataset.
 */
public final class PneumothoraxPhantom {

    private static final Logger LOG = LoggerFactory.getLogger(PneumothoraxPhantom.class);

    /** Default image side in pixels. */
    public static final int DEFAULT_SIZE = 64;
    /** Smallest accepted {@code n} (four images in each of {@code val} and {@code test}, half with a pneumothorax). */
    public static final int MIN_N = 20;
    /** Smallest accepted image side (a pneumothorax must cover some pixels). */
    public static final int MIN_SIZE = 32;
    /** Split folder names, in order. */
    public static final List<String> SPLITS = List.of("train", "val", "test");
    /** Folder of the radiographs in every split. */
    public static final String INPUTS = "inputs";
    /** Folder of the masks in every split (same file names as {@link #INPUTS}). */
    public static final String LABELS = "labels";
    /** The folders of every split, in order. */
    public static final List<String> FOLDERS = List.of(INPUTS, LABELS);
    /** Summary key of the images with an empty mask. */
    public static final String NORMAL = "normal";
    /** Summary key of the images with a pneumothorax. */
    public static final String PNEUMOTHORAX = "pneumothorax";
    /** The summary's classes, in order (negative first); they are not folders. */
    public static final List<String> CLASSES = List.of(NORMAL, PNEUMOTHORAX);
    /** Root of the file-stem UIDs, as in SIIM-ACR's {@code ImageId}s. */
    public static final String UID_ROOT = "1.2.276.0.7230010.3.1.4.8323329";
    /** Mask value of pneumothorax pixels (background is 0). */
    public static final int MASK_ON = 255;

    /** Area of the pneumothorax as a fraction of its lung field: smallest and largest drawn value. */
    static final double MIN_AREA = 0.05, MAX_AREA = 0.30;

    /** Target mean and standard deviation of every image (same for both groups). */
    static final double TARGET_MEAN_LO = 100, TARGET_MEAN_HI = 140;
    static final double TARGET_STD_LO = 44, TARGET_STD_HI = 60;

    /*
     * Nominal geometry in unit-square coordinates (x to the right = the patient's left, y down), before the
     * per-image variation: lung centres at (0.5 -/+ LUNG_DX, LUNG_CY), half width LUNG_A, half height LUNG_B.
     */
    static final double LUNG_DX = 0.19;
    static final double LUNG_CY = 0.45;
    static final double LUNG_A = 0.15;
    static final double LUNG_B = 0.27;

    private PneumothoraxPhantom() {
    }

    /** One standardised radiograph and its mask, both {@link BufferedImage#TYPE_BYTE_GRAY} of the same size. */
    public record Rendering(BufferedImage image, BufferedImage mask) {
    }

    /** One planned image: where it goes and whether it shows a pneumothorax. */
    record Item(String split, boolean pneumothorax, String fileName) {
        String cls() {
            return pneumothorax ? PNEUMOTHORAX : NORMAL;
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
     * @return what was written: per split the number of images with ({@value #PNEUMOTHORAX}) and without
     *         ({@value #NORMAL}) a pneumothorax; {@code patients} is {@code n}
     * @throws IllegalArgumentException for a bad {@code n} or {@code size}
     * @throws IOException when {@code out} is a file or a non-empty directory, or writing fails
     */
    public static PhantomSummary write(Path out, int n, int size, long seed) throws IOException {
        PhantomFiles.checkArguments(out, n, MIN_N, "80/10/10 split, at least four images in val and test", size, MIN_SIZE);
        List<Item> plan = plan(n, seed);
        PhantomFiles.writeStaged(out, SPLITS, split -> FOLDERS, tmp -> {
            for (int i = 0; i < plan.size(); i++) {
                Item item = plan.get(i);
                Rendering r = render(item.pneumothorax(), size, imageRandom(seed, i));
                Path splitDir = tmp.resolve(item.split());
                PhantomFiles.writePng(r.image(), splitDir.resolve(INPUTS).resolve(item.fileName()));
                PhantomFiles.writePng(r.mask(), splitDir.resolve(LABELS).resolve(item.fileName()));
            }
        });

        Map<String, Map<String, Integer>> counts = PhantomFiles.zeroCounts(SPLITS, split -> CLASSES);
        for (Item item : plan) {
            counts.get(item.split()).merge(item.cls(), 1, Integer::sum);
        }
        PhantomSummary summary = new PhantomSummary(out, counts, n);
        LOG.info("pneumothorax phantom: {} images with masks ({}x{} px, seed {}) in {}: {}", n, size, size, seed, out, counts);
        return summary;
    }

    // ------------------------------------------------------------------ layout

    /** Images per split: 80/10/10, at least four in {@code val} and {@code test}. */
    static int[] splitSizes(int n) {
        int nVal = Math.max(4, (int) Math.round(n * 0.1));
        int nTest = Math.max(4, (int) Math.round(n * 0.1));
        return new int[] {n - nVal - nTest, nVal, nTest};
    }

    /**
     * The deterministic list of images: split, pneumothorax or not, and file name of each, in writing order.
     * Exactly {@code total / 2} images of every split show a pneumothorax, in shuffled order.
     */
    static List<Item> plan(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(mix(seed, 0x5EED_9A7C_0000_0001L));
        int[] perSplit = splitSizes(n);
        Set<Integer> used = new HashSet<>();
        int range = Math.max(32000, 4 * n);
        List<Item> items = new ArrayList<>(n);
        for (int s = 0; s < SPLITS.size(); s++) {
            int total = perSplit[s];
            boolean[] ptx = new boolean[total];
            for (int j = 0; j < total / 2; j++) {
                ptx[j] = true;
            }
            for (int j = total - 1; j > 0; j--) { // Fisher-Yates
                int r = rng.nextInt(j + 1);
                boolean t = ptx[j];
                ptx[j] = ptx[r];
                ptx[r] = t;
            }
            for (int j = 0; j < total; j++) {
                items.add(new Item(SPLITS.get(s), ptx[j], uid(rng, used, range) + ".png"));
            }
        }
        return items;
    }

    /**
     * A new SIIM-style UID {@code UID_ROOT.<k>.1517875<3 digits>.<6 digits>} with a {@code k} not used before:
     * about 55 characters, every component without a leading zero.
     */
    private static String uid(SplittableRandom rng, Set<Integer> used, int range) {
        int k;
        do {
            k = 1000 + rng.nextInt(range);
        } while (!used.add(k));
        return UID_ROOT + "." + k + ".1517875" + (150 + rng.nextInt(100)) + "." + (100000 + rng.nextInt(900000));
    }

    // ------------------------------------------------------------------ rendering

    /**
     * Renders one standardised radiograph and its mask.
     *
     * @param pneumothorax whether to draw a pneumothorax (else the mask is all zero)
     * @param size         image side in pixels (at least {@value #MIN_SIZE})
     * @param rng          the random stream; the result is a function of its state only
     */
    public static Rendering render(boolean pneumothorax, int size, SplittableRandom rng) {
        return standardise(scene(pneumothorax, size, rng), rng);
    }

    /**
     * The image of {@code scene} standardised to a target mean and standard deviation drawn from {@code rng},
     * and its mask.
     */
    static Rendering standardise(Scene scene, SplittableRandom rng) {
        int size = scene.size();
        BufferedImage image = standardisedImage(scene.raw(), size, rng, TARGET_MEAN_LO, TARGET_MEAN_HI, TARGET_STD_LO, TARGET_STD_HI);
        BufferedImage mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        int[] m = new int[size * size];
        for (int p = 0; p < m.length; p++) {
            m[p] = scene.mask()[p] ? MASK_ON : 0;
        }
        mask.getRaster().setPixels(0, 0, size, size, m);
        return new Rendering(image, mask);
    }

    /**
     * An unstandardised image with its ground truth, row-major.
     *
     * @param size   image side in pixels
     * @param raw    intensities (about 0..1, bright = dense)
     * @param mask   the pneumothorax pixels
     * @param lungs  per lung (0 = image left, 1 = image right) its field: pixel centres inside the full lung
     *               boundary, pleural air included
     * @param side   the lung with the pneumothorax (0 or 1), -1 for none
     */
    record Scene(int size, double[] raw, boolean[] mask, boolean[][] lungs, int side) {
    }

    /** Draws the scene of {@link #render}; the same random stream state gives the same scene. */
    static Scene scene(boolean pneumothorax, int size, SplittableRandom rng) {
        PhantomFiles.checkSize(size, MIN_SIZE);
        double px = 1.0 / size;

        // ---- per-image anatomy and acquisition parameters
        double s = uniform(rng, 0.88, 1.12);               // patient size / zoom
        double mx = 0.5 + uniform(rng, -0.04, 0.04);        // midline
        double dy0 = uniform(rng, -0.035, 0.035);           // vertical positioning
        double gamma = uniform(rng, 0.85, 1.2);             // exposure curve

        double chestW = 0.425 * s * uniform(rng, 0.94, 1.06); // half width of the chest at the lung bases
        double shoulderW = Math.max(chestW + 0.02, 0.5 * s * uniform(rng, 0.96, 1.04));
        double neckW = 0.085 * s * uniform(rng, 0.9, 1.1);
        double shoulderY = 0.10 + dy0 + uniform(rng, -0.02, 0.02);
        double tissue = uniform(rng, 0.50, 0.62);
        double tissueGrad = uniform(rng, 0.06, 0.16);        // brighter towards the abdomen
        double air = uniform(rng, 0.02, 0.10);
        double aerated = uniform(rng, 0.30, 0.42);           // how much darker the air in the chest makes the image
        double parenchyma = uniform(rng, 0.02, 0.04);        // lung tissue over the pleural air
        double edgeW = Math.max(0.35 * px, uniform(rng, 0.002, 0.004)); // softness of the lung boundary

        Lung[] lungs = new Lung[2];
        for (int k = 0; k < 2; k++) {
            int side = k == 0 ? -1 : 1;
            double cx = mx + side * LUNG_DX * s * uniform(rng, 0.96, 1.04);
            double cy = LUNG_CY + dy0 + uniform(rng, -0.015, 0.015);
            lungs[k] = new Lung(side, cx, cy, LUNG_A * s * uniform(rng, 0.92, 1.08), LUNG_B * s * uniform(rng, 0.92, 1.08), s, rng);
        }
        double lungTop = Math.min(lungs[0].cy - lungs[0].b, lungs[1].cy - lungs[1].b);
        double lungBase = Math.max(lungs[0].cy + lungs[0].b, lungs[1].cy + lungs[1].b);

        double heartX = mx + 0.05 * s, heartY = 0.5 * (lungs[0].cy + lungs[1].cy) + 0.16 * s;
        double heartA = 0.165 * s * uniform(rng, 0.9, 1.1), heartB = 0.12 * s * uniform(rng, 0.9, 1.1);
        double heartTilt = Math.toRadians(uniform(rng, 15, 35)); // long axis down to the patient's left
        double heart = uniform(rng, 0.02, 0.05);
        double medi = uniform(rng, 0.08, 0.14);
        double mediW = 0.05 * s * uniform(rng, 0.9, 1.1);
        double knobX = mx + 0.05 * s, knobY = lungTop + 0.15 * s, knobR = 0.032 * s * uniform(rng, 0.85, 1.15);
        double carinaY = knobY + 0.06 * s;
        double trachea = uniform(rng, 0.06, 0.10);
        double spine = uniform(rng, 0.02, 0.045);
        double vertH = 0.05 * s * uniform(rng, 0.92, 1.08);
        double bubble = rng.nextDouble() < 0.6 ? uniform(rng, 0.04, 0.12) : 0; // gastric air under the left dome
        double bubbleX = lungs[1].cx + 0.2 * lungs[1].a, bubbleY = lungs[1].cy + lungs[1].b * 0.9 + 0.05 * s;

        double ribSp = uniform(rng, 0.055, 0.07) * s;      // posterior rib spacing
        double ribTh = uniform(rng, 0.22, 0.30) * ribSp;   // posterior rib half thickness
        double ribAmp = uniform(rng, 0.03, 0.055);
        double ribDrop = uniform(rng, 0.20, 0.28) * s;     // how far a posterior rib descends to the chest wall
        double ribTop = lungTop - uniform(rng, 0.03, 0.06);
        double antSp = ribSp * uniform(rng, 1.2, 1.4);
        double antTop = lungTop + uniform(rng, -0.02, 0.03);
        double clav = uniform(rng, 0.06, 0.10);
        double clavY = lungTop + uniform(rng, 0.0, 0.03);

        double pixNoise = uniform(rng, 0.008, 0.018);
        Noise tissueNoise = new Noise(7, rng);
        Noise lungNoise = new Noise(14, rng);
        Noise lungFine = new Noise(40, rng);                  // reticular texture of the parenchyma

        int ptxSide = -1;
        if (pneumothorax) {
            ptxSide = rng.nextInt(2);
            lungs[ptxSide].addPneumothorax(rng, px);
        }

        double[] v = new double[size * size];
        boolean[] mask = new boolean[size * size];
        boolean[][] fields = {new boolean[size * size], new boolean[size * size]};
        for (int j = 0; j < size; j++) {
            double y = (j + 0.5) * px;
            for (int i = 0; i < size; i++) {
                double x = (i + 0.5) * px;
                double t = Math.abs(x - mx);

                // trunk: neck above the shoulders, shoulders, chest wall; soft tissue thickest at the midline
                double halfW = y < shoulderY
                        ? neckW + (shoulderW - neckW) * smoothstep((y - shoulderY + 0.12) / 0.12)
                        : shoulderW + (chestW - shoulderW) * smoothstep((y - shoulderY) / 0.3);
                double body = sigmoid((halfW - t) / 0.008);
                double chord = Math.sqrt(Math.max(0, 1 - (t / halfW) * (t / halfW)));
                double val = tissue * (0.6 + 0.4 * chord) + tissueGrad * (y - 0.5) + 0.05 * (tissueNoise.at(x, y) - 0.5);

                // mediastinum, trachea, spine, aortic knob, heart
                double mdx = (x - mx) / mediW;
                val += medi * Math.exp(-mdx * mdx * mdx * mdx) * sigmoid((y - shoulderY) / 0.03);
                double tdx = (x - mx) / (0.017 * s);
                val -= trachea * Math.exp(-tdx * tdx * tdx * tdx) * sigmoid((carinaY - y) / 0.01);
                double sdx = (x - mx) / (0.024 * s);
                double endplates = 0.75 + 0.25 * Math.cos(2 * Math.PI * (y - dy0) / vertH);
                val += spine * Math.exp(-sdx * sdx * sdx * sdx) * endplates;
                val += 0.05 * ellipse(x, y, knobX, knobY, knobR, knobR, 0.006);
                double hu = (x - heartX) * Math.cos(heartTilt) - (y - heartY) * Math.sin(heartTilt);
                double hv = (x - heartX) * Math.sin(heartTilt) + (y - heartY) * Math.cos(heartTilt);
                double heartM = sigmoid((1 - Math.sqrt(hu * hu / (heartA * heartA) + hv * hv / (heartB * heartB))) * heartB / 0.008);
                val += heart * heartM * sigmoid((lungBase - 0.04 - y) / 0.02);
                val -= bubble * ellipse(x, y, bubbleX, bubbleY, 0.045 * s, 0.028 * s, 0.006);

                // lungs: air in the chest cavity, parenchyma and vessels in the (possibly collapsed) lung
                double cavity = 0;
                double visible = 1 - 0.95 * heartM;
                for (int k = 0; k < 2; k++) {
                    Lung lung = lungs[k];
                    double dx = x - lung.hx, dy = y - lung.hy;
                    double rho = Math.sqrt(dx * dx + dy * dy);
                    double psi = Math.atan2(-dy, lung.side * dx);
                    double radius = lung.radius(psi);
                    double c = lung.collapse(psi);
                    double outer = sigmoid((radius - rho) / edgeW);
                    double inner = c < 1 ? sigmoid((c * radius - rho) / edgeW) : outer;
                    cavity = Math.max(cavity, outer);
                    val -= aerated * outer * visible;
                    val -= lung.pleuralAir * (outer - inner) * visible;
                    if (inner > 1e-4) {
                        double rq = rho / c; // the position in the lung before it collapsed
                        double qx = lung.hx + dx / c, qy = lung.hy + dy / c;
                        double tex = parenchyma + lung.density + lung.vessels(rq, psi, px) + 0.04 * (lungNoise.at(qx, qy) - 0.5)
                                + 0.10 * (lungFine.at(qx, qy) - 0.5);
                        val += inner * visible * tex;
                    }
                    if (c < 1) { // the visceral pleural line, just inside the collapsed lung, where there is a gap
                        double gap = (1 - c) * radius;
                        double dl = (rho - (c * radius - lung.lineW)) / lung.lineW;
                        val += lung.lineAmp * Math.exp(-dl * dl) * smoothstep(gap / (2 * px)) * visible;
                    }
                    int p = j * size + i;
                    fields[k][p] = rho < radius;
                    mask[p] |= c < 1 && rho < radius && rho >= c * radius;
                }

                // ribs: posterior arcs rising from the spine and curving down laterally, fainter anterior ones
                // descending towards the midline, both within the rib cage; clavicles
                if (t > 0.03) {
                    double cage = sigmoid((t - 0.045) / 0.01) * sigmoid((halfW - 0.015 - t) / 0.012)
                            * sigmoid((lungBase + 0.01 - y) / 0.02);
                    double tau = t / chestW;
                    double post = y - ribTop - ribDrop * (1.15 * tau * tau - 0.15 * tau);
                    long kp = Math.round(post / ribSp);
                    if (kp >= 0) {
                        double d = (post - kp * ribSp) / ribTh;
                        val += ribAmp * Math.exp(-d * d * d * d) * (0.3 + 0.7 * cavity * visible) * cage;
                    }
                    double ant = y - antTop + 0.6 * (t - 0.42 * s);
                    long ka = Math.round(ant / antSp);
                    if (ka >= 0 && ka <= 4) {
                        double d = (ant - ka * antSp) / (0.8 * ribTh);
                        val += 0.4 * ribAmp * Math.exp(-d * d) * cage * visible * sigmoid((t - 0.1 * s) / 0.02);
                    }
                    double u = t - 0.03;
                    double yc = clavY + 0.045 - 0.32 * u + 0.5 * u * u;
                    double dc = (y - yc) / ((0.016 - 0.012 * u) * s);
                    val += clav * Math.exp(-dc * dc) * sigmoid((0.3 * s - t) / 0.015);
                }

                val = Math.pow(Math.max(val, 0), gamma);
                val = air + body * (val - air);
                val += pixNoise * rng.nextGaussian();
                v[j * size + i] = val;
            }
        }
        return new Scene(size, v, mask, fields, ptxSide);
    }

    /**
     * One lung field in polar form about its hilum {@code (hx, hy)}: the distance to the lung boundary and the
     * collapse factor per direction {@code psi} (0 = lateral, pi/2 = apical), and the vessel tree.
     */
    private static final class Lung {
        private static final int ANGLES = 360;

        final int side;
        final double cx, cy, a, b;
        final double hx, hy;
        private final double medial, dome;
        private final double[] radius = new double[ANGLES];
        private final double[] collapse = new double[ANGLES];
        /**
         * Vessels, each {direction at the hilum, bend over its length (radians), start (fraction of its reach),
         * reach, half width at the hilum, amplitude, wiggle (radians), wiggle phase}.
         */
        private final List<double[]> vessels = new ArrayList<>();
        private final double hilum, hilumR;
        double pleuralAir, density, lineAmp, lineW;

        Lung(int side, double cx, double cy, double a, double b, double s, SplittableRandom rng) {
            this.side = side;
            this.cx = cx;
            this.cy = cy;
            this.a = a;
            this.b = b;
            this.medial = uniform(rng, 1.15, 1.3);
            this.dome = uniform(rng, 0.84, 0.94);
            this.hx = cx - side * 0.35 * a;
            this.hy = cy - 0.05 * b;
            double step = 0.1 * Math.min(a, b);
            for (int i = 0; i < ANGLES; i++) {
                double psi = angle(i);
                double ux = side * Math.cos(psi), uy = -Math.sin(psi);
                double lo = 0, hi = step;
                while (level(hx + hi * ux, hy + hi * uy) < 1) {
                    lo = hi;
                    hi += step;
                }
                for (int it = 0; it < 16; it++) {
                    double mid = 0.5 * (lo + hi);
                    if (level(hx + mid * ux, hy + mid * uy) < 1) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                radius[i] = 0.5 * (lo + hi);
                collapse[i] = 1;
            }
            this.hilum = uniform(rng, 0.05, 0.09);
            this.hilumR = 0.045 * s * uniform(rng, 0.85, 1.15);
            int primaries = 10 + rng.nextInt(5);
            for (int v = 0; v < primaries; v++) {
                double psi = Math.toRadians(uniform(rng, -120, 130));
                double bend = uniform(rng, -0.35, 0.35);
                double reach = radius(psi) * uniform(rng, 0.75, 1.0);
                double width = 0.009 * s * uniform(rng, 0.8, 1.25);
                double amp = uniform(rng, 0.03, 0.055);
                double wiggle = uniform(rng, 0.02, 0.08), phase = uniform(rng, 0, 2 * Math.PI);
                vessels.add(new double[] {psi, bend, 0.04, reach, width, amp, wiggle, phase});
                int branches = 1 + rng.nextInt(3);
                for (int br = 0; br < branches; br++) {
                    double t0 = uniform(rng, 0.2, 0.65);
                    double diverge = (rng.nextBoolean() ? 1 : -1) * uniform(rng, 0.3, 0.7);
                    vessels.add(new double[] {psi - diverge * t0, bend + diverge, t0, reach * uniform(rng, 0.8, 1.0),
                            width * uniform(rng, 0.55, 0.8), amp * uniform(rng, 0.6, 0.85), wiggle, phase + 1});
                }
            }
        }

        /**
         * Lung shape: below 1 inside. Round above the hilum with a narrower apex, square-shouldered below it (wide
         * base, sharp lateral costophrenic angle), flatter medially, cut from below by the diaphragmatic dome.
         */
        private double level(double x, double y) {
            double u = side * (x - cx) / a, v = (cy - y) / b;
            double uu = v > 0 ? u / (1 - 0.22 * v * v) : u;
            if (uu < 0) {
                uu *= medial;
            }
            double e;
            if (v > 0) {
                e = Math.sqrt(uu * uu + v * v);
            } else {
                double u2 = uu * uu, v2 = v * v;
                e = Math.sqrt(Math.sqrt(u2 * u2 + v2 * v2));
            }
            double base = 1 + 4 * (-dome + 0.14 * (1 - (u + 0.1) * (u + 0.1)) - v);
            return Math.max(e, base);
        }

        /**
         * Collapses the lung: the pleural air is a crescent of MIN_AREA to MAX_AREA of the lung area, centred
         * between lateral and apical, wider for a larger area; the collapsed lung gets denser the more it collapsed.
         */
        void addPneumothorax(SplittableRandom rng, double px) {
            double area = uniform(rng, MIN_AREA, MAX_AREA);
            double centre = Math.toRadians(uniform(rng, 35, 80));
            double half = Math.toRadians(uniform(rng, 45, 65) + 170 * area * uniform(rng, 0.8, 1.2));
            half = Math.min(half, Math.min(centre + Math.toRadians(95), Math.toRadians(175) - centre));
            double[] w = new double[ANGLES];
            for (int i = 0; i < ANGLES; i++) {
                double d = Math.abs(wrap(angle(i) - centre));
                w[i] = d < half ? 0.5 * (1 + Math.cos(Math.PI * d / half)) : 0;
            }
            double lo = 0, hi = 0.95;
            for (int it = 0; it < 30; it++) {
                double mid = 0.5 * (lo + hi);
                if (areaFraction(w, mid) < area) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double depth = 0.5 * (lo + hi);
            for (int i = 0; i < ANGLES; i++) {
                collapse[i] = 1 - depth * w[i];
            }
            pleuralAir = uniform(rng, 0.04, 0.08);
            density = (0.02 + 0.15 * area) * uniform(rng, 0.8, 1.2);
            lineAmp = uniform(rng, 0.07, 0.13);
            lineW = Math.max(0.5 * px, 0.0035);
        }

        /** Share of the lung area outside the lung collapsed by {@code depth}: sum R^2 (1 - c^2) / sum R^2. */
        private double areaFraction(double[] w, double depth) {
            double all = 0, gap = 0;
            for (int i = 0; i < ANGLES; i++) {
                double c = 1 - depth * w[i];
                double r2 = radius[i] * radius[i];
                all += r2;
                gap += r2 * (1 - c * c);
            }
            return gap / all;
        }

        double radius(double psi) {
            return interpolate(radius, psi);
        }

        double collapse(double psi) {
            return interpolate(collapse, psi);
        }

        /**
         * Vessel markings at distance {@code rq} from the hilum in direction {@code psi} of the uncollapsed lung:
         * a bright hilum and tapering, wavy, branching vessels that thin out towards the lung periphery.
         */
        double vessels(double rq, double psi, double px) {
            double sum = hilum * Math.exp(-(rq / hilumR) * (rq / hilumR));
            for (double[] vs : vessels) {
                double t = rq / vs[3];
                if (t < vs[2] - 0.1 || t > 1.1) {
                    continue;
                }
                double w = vs[4] * (1 - 0.65 * t) + 0.3 * px;
                double off = wrap(psi - vs[0] - vs[1] * t);
                if (Math.abs(off) - vs[6] > 4 * w / Math.max(rq, 1e-9)) {
                    continue; // farther than four widths, whatever the wiggle
                }
                off = wrap(off - vs[6] * Math.sin(9 * t + vs[7]));
                double d = rq * off / w;
                sum += vs[5] * (1 - 0.6 * t) * Math.exp(-d * d) * sigmoid((1 - t) / 0.06) * sigmoid((t - vs[2]) / 0.03);
            }
            return sum;
        }

        private static double angle(int i) {
            return -Math.PI + 2 * Math.PI * i / ANGLES;
        }

        private static double interpolate(double[] table, double psi) {
            double f = (psi + Math.PI) / (2 * Math.PI) * ANGLES;
            int i0 = (int) Math.floor(f);
            double w = f - i0;
            i0 = Math.floorMod(i0, ANGLES);
            return table[i0] * (1 - w) + table[(i0 + 1) % ANGLES] * w;
        }
    }

    /** The angle {@code a} in {@code (-pi, pi]}. */
    private static double wrap(double a) {
        double r = a % (2 * Math.PI);
        if (r > Math.PI) {
            r -= 2 * Math.PI;
        } else if (r <= -Math.PI) {
            r += 2 * Math.PI;
        }
        return r;
    }

    private static double smoothstep(double t) {
        double c = clamp(t, 0, 1);
        return c * c * (3 - 2 * c);
    }
}
