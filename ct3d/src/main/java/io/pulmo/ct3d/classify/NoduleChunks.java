package io.pulmo.ct3d.classify;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.Shuffles;
import io.pulmo.ct3d.load.CandidateInfo;
import io.pulmo.ct3d.load.LunaCsv;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.load.MalignancyAnnotation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The samples of the nodule classifier, split by series: the book's {@code LunaDataset} lists
 * ({@code getCandidateInfoList} and {@code val_stride}), served by {@link NoduleChunkIterator}.
 *
 * <p>Every series lies in exactly one part, so no scan is seen in training and in validation or test. Each
 * part keeps the order of the list it was split from ({@link CandidateInfo#BOOK_ORDER} for {@link #read}).
 *
 * @param train training samples
 * @param val   validation samples
 * @param test  test samples
 */
public record NoduleChunks(List<CandidateInfo> train, List<CandidateInfo> val, List<CandidateInfo> test) {

    /** The usual ratios of series: 80 % training, 10 % validation, 10 % test. */
    public static final List<Double> DEFAULT_RATIOS = List.of(0.8, 0.1, 0.1);

    public NoduleChunks {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /**
     * The book's sample list of a LUNA16 root ({@link CandidateInfo#merge}): the annotated nodules of the book's
     * {@value LunaCsv#MALIGNANCY} when it lies in {@code root}, else of LUNA16's {@value LunaCsv#ANNOTATIONS}
     * (all then counted benign), plus the {@code class 0} rows of {@value LunaCsv#CANDIDATES}; only series with
     * a volume under {@code root/subset*}.
     *
     * @throws PulmoException naming the root or file when a file is missing or bad, or no sample remains
     */
    public static List<CandidateInfo> read(Path root) {
        Set<String> onDisk = LunaVolumes.index(root).keySet();
        Path malignancy = root.resolve(LunaCsv.MALIGNANCY);
        List<MalignancyAnnotation> annotations = Files.isRegularFile(malignancy)
                ? LunaCsv.readMalignancy(malignancy)
                : LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS)).stream()
                        .map(a -> new MalignancyAnnotation(a.seriesuid(), a.centre(), a.diameterMm(), false, List.of(),
                                null, null))
                        .toList();
        List<CandidateInfo> all = CandidateInfo.merge(annotations,
                LunaCsv.readCandidates(root.resolve(LunaCsv.CANDIDATES)), onDisk::contains);
        if (all.isEmpty()) {
            throw new PulmoException("LUNA16 root " + root + " has no candidates of any series on disk ("
                    + onDisk.size() + " volumes under subset*)");
        }
        return all;
    }

    /** {@link #read} then {@link #splitBySeries}. */
    public static NoduleChunks read(Path root, List<Double> ratios, long seed) {
        return splitBySeries(read(root), ratios, seed);
    }

    /**
     * Splits samples by series: the series UIDs, sorted, are shuffled under {@code seed} and cut into parts of
     * {@code ratio × series} series (largest remainders rounded up). A part with a positive ratio gets at least one
     * series while there are enough series (taken from the largest part). The result depends only on the set of
     * series and the seed, not on the order of {@code samples}.
     *
     * @param ratios three non-negative shares (train, validation, test), not all 0; normalised to sum 1
     * @throws IllegalArgumentException on bad ratios or no samples
     */
    public static NoduleChunks splitBySeries(List<CandidateInfo> samples, List<Double> ratios, long seed) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to split");
        }
        List<String> series = new ArrayList<>(new TreeSet<>(seriesOf(samples)));
        int[] counts = seriesCounts(series.size(), ratios);
        Shuffles.shuffle(series, new SplittableRandom(seed));
        List<List<CandidateInfo>> parts = new ArrayList<>();
        int from = 0;
        for (int count : counts) {
            Set<String> in = new HashSet<>(series.subList(from, from + count));
            parts.add(samples.stream().filter(s -> in.contains(s.seriesuid())).toList());
            from += count;
        }
        return new NoduleChunks(parts.get(0), parts.get(1), parts.get(2));
    }

    /** Series per part for {@code n} series. */
    static int[] seriesCounts(int n, List<Double> ratios) {
        if (ratios == null || ratios.size() != 3) {
            throw new IllegalArgumentException("split ratios must be three numbers (train, val, test), got " + ratios);
        }
        double sum = 0;
        for (Double r : ratios) {
            if (r == null || !(r >= 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("split ratios must be non-negative numbers, got " + ratios);
            }
            sum += r;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("split ratios must not all be 0, got " + ratios);
        }
        int[] counts = new int[3];
        double[] remainder = new double[3];
        int given = 0;
        for (int k = 0; k < 3; k++) {
            double exact = ratios.get(k) / sum * n;
            counts[k] = (int) Math.floor(exact);
            remainder[k] = exact - counts[k];
            given += counts[k];
        }
        for (; given < n; given++) {
            int best = 0;
            for (int k = 1; k < 3; k++) {
                if (remainder[k] > remainder[best]) {
                    best = k;
                }
            }
            counts[best]++;
            remainder[best] = -1;
        }
        for (int k = 0; k < 3; k++) {
            if (ratios.get(k) > 0 && counts[k] == 0) {
                int largest = counts[0] >= counts[1] && counts[0] >= counts[2] ? 0 : counts[1] >= counts[2] ? 1 : 2;
                if (counts[largest] > 1) {
                    counts[largest]--;
                    counts[k]++;
                }
            }
        }
        return counts;
    }

    /** The series of {@code samples}, in first-seen order. */
    public static List<String> seriesOf(List<CandidateInfo> samples) {
        return samples.stream().map(CandidateInfo::seriesuid).distinct().toList();
    }

    /** Nodules (positives) among {@code samples}. */
    public static long nodules(List<CandidateInfo> samples) {
        return samples.stream().filter(CandidateInfo::nodule).count();
    }
}
