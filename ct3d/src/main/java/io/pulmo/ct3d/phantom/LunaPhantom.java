package io.pulmo.ct3d.phantom;

import io.pulmo.common.PulmoException;
import io.pulmo.common.phantom.PhantomFiles;
import io.pulmo.ct3d.load.LunaCandidate;
import io.pulmo.ct3d.load.LunaCsv;
import io.pulmo.ct3d.load.LunaNodule;
import io.pulmo.ct3d.load.MalignancyAnnotation;
import io.pulmo.ct3d.load.MetaImage;
import io.pulmo.ct3d.load.XyzMm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A synthetic LUNA16 in LUNA16's on-disk layout, readable by the book's code and by Pulmo's {@code load}:
 * <pre>
 *   OUT/subset0/{seriesuid}.mhd   MetaImage header: MET_SHORT, little-endian, uncompressed, LUNA16's field order
 *   OUT/subset0/{seriesuid}.raw   int16 Hounsfield units, (index, row, col) order
 *   OUT/annotations.csv           seriesuid,coordX,coordY,coordZ,diameter_mm
 *   OUT/candidates.csv            seriesuid,coordX,coordY,coordZ,class
 *   OUT/annotations_with_malignancy.csv   the book's columns (see {@link MalignancyAnnotation})
 * </pre>
 * All series lie in {@code subset0}; the 80/10/10 split by series is the reader's business.
 *
 * <p><b>Scans.</b> {@code size × size} pixels, {@code size/4 … 3·size/8} slices. At {@code size = 512} the
 * pixels are 0.6–0.8 mm (a real 310–410 mm field of view); smaller phantoms shrink the field of view only by
 * {@code sqrt(512/size)} per pixel (1.7–2.3 mm at 64), so that nodules stay several voxels wide. The slices
 * cover 75–100 % of the field of view's width along z (1.2–3.2 mm at 512). The origin is non-zero (x, y near
 * minus half the field of view, z in −350…−50 mm); one scan in four has its direction rotated about z by
 * 0.5–3° (a non-symmetric {@code D}), the others the identity, as LUNA16's.
 *
 * <p><b>Anatomy</b>, in Hounsfield units: air −1000 around a body ellipse with a subcutaneous fat ring (−100)
 * and soft tissue (+40), a CT table, two lungs near −860 (denser towards the back) with a rounded apex and a
 * wide base, the heart cut out of the left lung's lower half, a vertebra (bone +450, cortex +800), ribs, the
 * trachea and main bronchi (air with a soft-tissue wall), and per lung a vessel tree (+40 blood) branching from
 * the hilum in 4 trunks and up to 7 generations, each branch thinner (×0.55–0.85) towards the periphery; thin
 * vessels show through partial volume. Gaussian noise (σ 12–22 HU per scan), values clipped to
 * [−1024, 3071]; on 30 % of the scans −2000 outside the scanner's circular field of view.
 *
 * <p><b>Nodules</b>: none on one scan in ten, else up to 3 per scan (fewer where a small lung has no room),
 * −20…+50 HU, inside the lungs, a quarter of them against the lung wall (juxtapleural). Benign (65 %): 3–14 mm, near-spherical, sometimes with one or two
 * small lobes. Malignant (35 %): 10–30 mm, lobulated (3–6 lobes) and spiculated (4–10 spicules). Diameters
 * have a floor of {@code max(3 mm, 2 pixels, 1.5 slices)} (+4 mm for malignant ones) so that each nodule's
 * centre voxel is nodule; annotated centres lie within a quarter voxel of a voxel centre. Their LIDC-style
 * ratings ({@code mal_details}, 3 or 4 readers) give {@code mal_bool} by the rule every row of the book's
 * file that we checked follows: at least two ratings of 4 or 5.
 *
 * <p><b>Candidates</b>: every nodule's centre (class 1) and 0–2 near-duplicates within a quarter radius
 * (class 1, as LUNA16 has several candidates per nodule), and {@code size/2 … 3·size/4} negatives per scan
 * (class 0): half on visible vessels, the rest in lung parenchyma, at the lung wall and in soft tissue, none
 * within 1.5 radii + 2 mm of a nodule. Rows are shuffled within a series.
 *
 * <p><b>Determinism.</b> Series {@code k} draws everything from its own stream seeded by {@code (seed, k)};
 * its UID ({@value #UID_ROOT}{@code <30 digits>}) from another. The per-voxel work uses arithmetic and square
 * roots only, so the output is byte-identical for the same {@code (n, size, seed)} on any JVM. The dataset is
 * written to a hidden sibling {@code .NAME.partial-*} and moved into place when complete.
 */
public final class LunaPhantom {

    private static final Logger LOG = LoggerFactory.getLogger(LunaPhantom.class);

    /** The UID prefix of LUNA16's series (LIDC-IDRI's). */
    public static final String UID_ROOT = "1.3.6.1.4.1.14519.5.2.1.6279.6001.";
    /** The one subset folder written. */
    public static final String SUBSET = "subset0";
    /** Default in-plane size. */
    public static final int DEFAULT_SIZE = 64;
    /** Smallest accepted in-plane size. */
    public static final int MIN_SIZE = 32;
    /** Largest accepted in-plane size. */
    public static final int MAX_SIZE = 1024;

    private LunaPhantom() {
    }

    /**
     * Writes the phantom.
     *
     * @param out  the dataset root; must not exist, or be an empty directory
     * @param n    number of series, at least 1
     * @param size in-plane pixels (x = y = size), {@value #MIN_SIZE} to {@value #MAX_SIZE}
     * @param seed random seed; the same {@code (n, size, seed)} give byte-identical files
     * @return counts of what was written
     * @throws IllegalArgumentException for a bad {@code n} or {@code size}
     * @throws IOException when {@code out} is a file or a non-empty directory, or writing fails
     */
    public static LunaPhantomSummary write(Path out, int n, int size, long seed) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null");
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1 (series), got n=" + n);
        }
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be " + MIN_SIZE + ".." + MAX_SIZE + " pixels, got size="
                    + size);
        }
        long start = System.nanoTime();
        List<String> uids = seriesUids(n, seed);
        List<LunaNodule> annotations = new ArrayList<>();
        List<MalignancyAnnotation> malignancy = new ArrayList<>();
        List<LunaCandidate> candidates = new ArrayList<>();
        int[] patients = new int[3]; // malignant, benign, no nodule
        PhantomFiles.writeStaged(out, tmp -> {
            Path subset = Files.createDirectories(tmp.resolve(SUBSET));
            for (int k = 0; k < n; k++) {
                ChestScan scan = ChestScan.generate(uids.get(k), size, new SplittableRandom(mix(seed, k)));
                MetaImage.ofShorts(size, size, scan.depth, scan.geometry, scan.hu)
                        .write(subset.resolve(scan.uid + ".mhd"), MetaImage.WriteOptions.LUNA);
                boolean anyMalignant = false;
                for (int j = 0; j < scan.nodules.size(); j++) {
                    PhantomNodule nodule = scan.nodules.get(j);
                    SplittableRandom readers = new SplittableRandom(mix(mix(seed ^ 0x0DDBA11L, k), j));
                    XyzMm centre = scan.centre(nodule);
                    XyzMm[] box = scan.boundingBox(nodule);
                    double diameter = 2 * nodule.radius();
                    annotations.add(new LunaNodule(scan.uid, centre, diameter));
                    malignancy.add(new MalignancyAnnotation(scan.uid, centre, diameter, nodule.malignant(),
                            ratings(nodule.malignant(), readers), box[0], box[1]));
                    anyMalignant |= nodule.malignant();
                }
                patients[scan.nodules.isEmpty() ? 2 : anyMalignant ? 0 : 1]++;
                candidates.addAll(scan.candidates);
                LOG.debug("luna phantom series {}/{} {}: {} slices, {} nodules, {} candidates", k + 1, n, scan.uid,
                        scan.depth, scan.nodules.size(), scan.candidates.size());
            }
            LunaCsv.writeAnnotations(tmp.resolve(LunaCsv.ANNOTATIONS), annotations);
            LunaCsv.writeCandidates(tmp.resolve(LunaCsv.CANDIDATES), candidates);
            LunaCsv.writeMalignancy(tmp.resolve(LunaCsv.MALIGNANCY), malignancy);
        });
        int positives = (int) candidates.stream().filter(LunaCandidate::nodule).count();
        int malignant = (int) malignancy.stream().filter(MalignancyAnnotation::malignant).count();
        LunaPhantomSummary summary = new LunaPhantomSummary(out, uids, annotations.size(), malignant,
                candidates.size(), positives, patients[0], patients[1], patients[2]);
        LOG.info("luna phantom: {} series ({} px, seed {}), {} nodules ({} malignant), {} candidates ({} positive) "
                        + "in {} ({} ms)", n, size, seed, annotations.size(), malignant, candidates.size(), positives,
                out, (System.nanoTime() - start) / 1_000_000);
        return summary;
    }

    /**
     * {@link #write} for callers that want one-line errors: bad arguments and I/O failures become
     * {@link PulmoException}s naming the directory.
     */
    public static LunaPhantomSummary writeOrFail(Path out, int n, int size, long seed) {
        try {
            return write(out, n, size, seed);
        } catch (IllegalArgumentException e) {
            throw new PulmoException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PulmoException("cannot write the luna phantom into " + out + ": " + e.getMessage(), e);
        }
    }

    /** The series UIDs of a phantom: {@value #UID_ROOT} and 30 digits drawn from {@code (seed, k)}, distinct. */
    static List<String> seriesUids(int n, long seed) {
        List<String> out = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < n; k++) {
            SplittableRandom rng = new SplittableRandom(mix(seed ^ 0x5E1E5L, k));
            String uid;
            do {
                StringBuilder digits = new StringBuilder(UID_ROOT);
                digits.append(1 + rng.nextInt(9));
                for (int d = 1; d < 30; d++) {
                    digits.append(rng.nextInt(10));
                }
                uid = digits.toString();
            } while (!seen.add(uid));
            out.add(uid);
        }
        return out;
    }

    /** LIDC-style reader ratings: 3 or 4 readers; malignant ⇔ at least two ratings of 4 or 5 (as in the book's file). */
    static List<Integer> ratings(boolean malignant, SplittableRandom rng) {
        int readers = 3 + rng.nextInt(2);
        List<Integer> out = new ArrayList<>();
        if (malignant) {
            out.add(4 + rng.nextInt(2));
            out.add(4 + rng.nextInt(2));
            while (out.size() < readers) {
                out.add(2 + rng.nextInt(4));
            }
        } else {
            out.add(rng.nextDouble() < 0.3 ? 4 : 1 + rng.nextInt(3));
            while (out.size() < readers) {
                out.add(1 + rng.nextInt(3));
            }
        }
        for (int k = out.size() - 1; k > 0; k--) {
            java.util.Collections.swap(out, k, rng.nextInt(k + 1));
        }
        return out;
    }

    /** SplitMix64-style mixing of a seed and an index into an independent stream seed. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
