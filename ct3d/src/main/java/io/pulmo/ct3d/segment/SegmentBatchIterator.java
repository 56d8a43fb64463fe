package io.pulmo.ct3d.segment;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.BatchIterator;
import io.pulmo.common.data.Shuffles;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.IrcIndex;
import io.pulmo.ct3d.load.XyzMm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Minibatches of CT slices and their nodule masks for the slice segmentation model ({@code unet-luna}): the book's
 * {@code TrainingLuna2dSegmentationDataset} and {@code Luna2dSegmentationDataset} ({@code p2ch13/dsets.py}).
 * Features are {@link ContextSlices} (Hounsfield units clipped to [−1000, 1000], {@code channels} slices), labels
 * the {@link NoduleMask} of the centre slice, 0 or 1.
 *
 * <p><b>Training</b> ({@link #training}): one sample per annotated nodule of the training series. A sample decodes
 * once to the {@code channels × (size + 32)²} context window centred on the nodule's centre voxel, plus the mask of
 * that slice over the same window; each draw serves a random {@code size × size} sub-crop of it, its row and column
 * offsets drawn uniformly from 0 to {@value #CROP_MARGIN} with the draw's random source: features
 * {@code [channels, size, size]}, labels {@code [1, size, size]}. The nodule's centre therefore lies at most 16
 * pixels from the crop's centre, inside the crop for any size above 32 (the book: size 64, offsets 0 to 31). An epoch
 * has {@code epochSamples} draws that cycle through the nodules shuffled under (seed, epoch): draw {@code k} is nodule
 * {@code perm[k mod n]} (the book shuffles once per epoch and serves {@code ndx % len}; its epoch has 300,000
 * draws). Where the book cuts its window
 * with {@code getRawCandidate} (shifted to lie inside the volume), this window stays centred, with air past the
 * slice's edges and clamped context slices past the scan's ends, exactly as the full slices of validation and
 * inference are built.
 *
 * <p><b>Validation</b> ({@link #validation}): every slice of the validation series that holds nodule voxels, whole,
 * unaugmented, in order (series by UID, slices ascending): features {@code [channels, rows, cols]}, labels
 * {@code [1, rows, cols]}. All its series with annotations must have the same {@code rows × cols}.
 *
 * <p><b>Memory and reading.</b> Scans come from a {@link SeriesVolumes} (which holds few volumes at once); the
 * samples are listed series by series, so {@link #checkAll()} reads each scan once (the book's {@code prepcache})
 * as long as the loader threads do not outnumber the volumes it holds. Decoded samples stay in the base class's
 * cache up to a quarter of the heap: a training window of 7 × 96² values plus its mask takes 295 KB, a 512²
 * validation slice 8.4 MB.
 */
public final class SegmentBatchIterator extends BatchIterator<SegmentSample> {

    /** How many pixels wider and taller than the served crop the decoded training window is (book: 96 = 64 + 32). */
    public static final int CROP_MARGIN = 32;
    /** Standard deviation of the Gaussian noise added to augmented crops, in HU (the book's {@code noise: 25.0}). */
    public static final double NOISE_HU = 25.0;

    private final SeriesVolumes volumes;
    private final int channels;
    private final int rows;
    private final int cols;
    private final int window;
    private final int epochSamples;
    private final boolean augment;

    private SegmentBatchIterator(List<SegmentSample> samples, SeriesVolumes volumes, int channels, int rows, int cols,
                                 int window, int batchSize, boolean training, long seed, int epochSamples,
                                 int loaderThreads, boolean augment) {
        super(samples, batchSize, training, seed, loaderThreads);
        this.augment = augment;
        this.volumes = volumes;
        this.channels = channels;
        this.rows = rows;
        this.cols = cols;
        this.window = window;
        this.epochSamples = epochSamples;
    }

    /**
     * Random nodule crops of the training series.
     *
     * @param volumes       the scans and masks
     * @param series        the training series (those without annotations add no sample)
     * @param size          side of the served crop ({@code data.image.size}, 64 in the book)
     * @param channels      context slices, odd ({@code data.image.channels}, 7 in the book)
     * @param batchSize     crops per minibatch
     * @param seed          seed of the epochs' orders and of the crop offsets
     * @param epochSamples  draws per epoch, positive
     * @param loaderThreads threads decoding and cropping
     * @throws PulmoException when no training series has an annotated nodule, or a nodule lies outside its scan
     */
    public static SegmentBatchIterator training(SeriesVolumes volumes, List<String> series, int size, int channels,
                                                int batchSize, long seed, int epochSamples, int loaderThreads) {
        return training(volumes, series, size, channels, batchSize, seed, epochSamples, loaderThreads, false);
    }

    /**
     * {@link #training(SeriesVolumes, List, int, int, int, long, int, int)}, with {@code augment} also the
     * book's {@code SegmentationAugmentation} in exact form: after the random crop, a random flip of rows and of
     * columns and a random transpose (together the eight rotations and mirrorings by 90°, applied to the context
     * slices and the mask alike; the book rotates by any angle and rescales, which needs interpolation), then
     * Gaussian noise of {@value #NOISE_HU} HU on the features.
     */
    public static SegmentBatchIterator training(SeriesVolumes volumes, List<String> series, int size, int channels,
                                                int batchSize, long seed, int epochSamples, int loaderThreads,
                                                boolean augment) {

        if (size < 1) {
            throw new IllegalArgumentException("crop size must be positive, got " + size);
        }
        if (epochSamples < 1) {
            throw new IllegalArgumentException("epochSamples must be positive, got " + epochSamples);
        }
        checkChannels(channels);
        List<SegmentSample> crops = crops(volumes, series);
        if (crops.isEmpty()) {
            throw new PulmoException("none of the " + series.size() + " training series has an annotated nodule "
                    + "to segment");
        }
        return new SegmentBatchIterator(crops, volumes, channels, size, size, size + CROP_MARGIN, batchSize, true, seed,
                epochSamples, loaderThreads, augment);
    }

    /**
     * The full slices with nodule voxels of the validation series, in order, unaugmented. Builds every series' mask
     * (reading its scan once).
     *
     * @throws PulmoException when a series' slices differ in size from the first series', or no slice of any series
     *                        holds nodule voxels
     */
    public static SegmentBatchIterator validation(SeriesVolumes volumes, List<String> series, int channels,
                                                  int batchSize, int loaderThreads) {
        checkChannels(channels);
        List<SegmentSample> slices = positiveSlices(volumes, series);
        if (slices.isEmpty()) {
            throw new PulmoException("none of the " + series.size() + " validation series has a slice with nodule "
                    + "voxels");
        }
        SeriesVolumes.Grid first = volumes.grid(slices.get(0).seriesuid());
        return new SegmentBatchIterator(slices, volumes, channels, first.rows(), first.cols(), 0, batchSize, false, 0L,
                Integer.MAX_VALUE, loaderThreads, false);
    }

    /**
     * One training crop per annotated nodule of {@code series}, series by UID, nodules in annotation order.
     *
     * @throws PulmoException naming the series when a nodule's centre lies outside its scan
     */
    public static List<SegmentSample> crops(SeriesVolumes volumes, List<String> series) {
        List<SegmentSample> out = new ArrayList<>();
        for (String uid : new TreeSet<>(series)) {
            List<XyzMm> centres = volumes.nodules(uid);
            if (centres.isEmpty()) {
                continue;
            }
            SeriesVolumes.Grid grid = volumes.grid(uid);
            for (XyzMm centre : centres) {
                IrcIndex irc = grid.toIrc(centre);
                if (!grid.contains(irc)) {
                    throw new PulmoException("series " + uid + ": annotated nodule at " + centre
                            + " mm lies outside the volume (voxel " + irc + ")");
                }
                out.add(SegmentSample.crop(uid, irc.index(), irc.row(), irc.col()));
            }
        }
        return out;
    }

    /**
     * Every slice with nodule voxels of {@code series}, series by UID, slices ascending (series without annotations
     * are not read).
     *
     * @throws PulmoException naming the series whose slices differ in size from the first series'
     */
    public static List<SegmentSample> positiveSlices(SeriesVolumes volumes, List<String> series) {
        List<SegmentSample> out = new ArrayList<>();
        SeriesVolumes.Grid first = null;
        String firstUid = null;
        for (String uid : new TreeSet<>(series)) {
            if (volumes.nodules(uid).isEmpty()) {
                continue;
            }
            SeriesVolumes.Grid grid = volumes.grid(uid);
            if (first == null) {
                first = grid;
                firstUid = uid;
            } else if (grid.rows() != first.rows() || grid.cols() != first.cols()) {
                throw new PulmoException("series " + uid + " has slices of " + grid.rows() + " x " + grid.cols()
                        + " pixels, series " + firstUid + " " + first.rows() + " x " + first.cols()
                        + "; full-slice batches need one size");
            }
            for (int slice : volumes.mask(uid).positiveSlices()) {
                out.add(SegmentSample.fullSlice(uid, slice, grid.rows(), grid.cols()));
            }
        }
        return out;
    }

    private static void checkChannels(int channels) {
        if (channels < 1 || channels % 2 == 0) {
            throw new IllegalArgumentException("context channels must be odd and positive, got " + channels);
        }
    }

    /** Rows of every served sample (the crop size, or the slices' rows). */
    public int rows() {
        return rows;
    }

    /** Columns of every served sample. */
    public int cols() {
        return cols;
    }

    /** Context slices per sample. */
    public int channels() {
        return channels;
    }

    /** {@code epochSamples} draws cycling through the samples shuffled under (seed, epoch). */
    @Override
    protected int[] shuffledOrder(SplittableRandom rng) {
        int n = items().size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Shuffles.shuffle(perm, rng);
        int[] order = new int[epochSamples];
        for (int k = 0; k < order.length; k++) {
            order[k] = perm[k % n];
        }
        return order;
    }

    /** The context window and, after it, the centre slice's mask over the same window. */
    @Override
    protected float[] decode(SegmentSample item) {
        CtVolume ct = volumes.volume(item.seriesuid());
        NoduleMask mask = volumes.mask(item.seriesuid());
        int h = item.kind() == SegmentSample.Kind.TRAINING_CROP ? window : rows;
        int w = item.kind() == SegmentSample.Kind.TRAINING_CROP ? window : cols;
        int row0 = item.kind() == SegmentSample.Kind.TRAINING_CROP ? item.row() - window / 2 : 0;
        int col0 = item.kind() == SegmentSample.Kind.TRAINING_CROP ? item.col() - window / 2 : 0;
        if (item.kind() == SegmentSample.Kind.FULL_SLICE && (ct.rows() != rows || ct.cols() != cols)) {
            throw new PulmoException("series " + item.seriesuid() + " has slices of " + ct.rows() + " x " + ct.cols()
                    + " pixels, expected " + rows + " x " + cols);
        }
        float[] out = new float[(channels + 1) * h * w];
        ContextSlices.fill(ct, item.slice(), channels, row0, col0, h, w, out, 0);
        mask.fillPlane(item.slice(), row0, col0, h, w, out, channels * h * w);
        return out;
    }

    @Override
    protected long[] featureShape() {
        return new long[] {channels, rows, cols};
    }

    @Override
    protected long[] labelShape() {
        return new long[] {1, rows, cols};
    }

    @Override
    protected void fill(SegmentSample item, float[] sample, SplittableRandom rng, float[] features, int fOffset,
                        float[] labels, int lOffset) {
        int plane = rows * cols;
        if (item.kind() == SegmentSample.Kind.FULL_SLICE) {
            System.arraycopy(sample, 0, features, fOffset, channels * plane);
            System.arraycopy(sample, channels * plane, labels, lOffset, plane);
            return;
        }
        int dy = rng.nextInt(CROP_MARGIN + 1);
        int dx = rng.nextInt(CROP_MARGIN + 1);
        int windowPlane = window * window;
        if (!augment) {
            for (int c = 0; c <= channels; c++) {
                float[] target = c < channels ? features : labels;
                int to = c < channels ? fOffset + c * plane : lOffset;
                int from = c * windowPlane + dy * window + dx;
                for (int r = 0; r < rows; r++, to += cols, from += window) {
                    System.arraycopy(sample, from, target, to, cols);
                }
            }
            return;
        }
        boolean flipRows = rng.nextBoolean();
        boolean flipCols = rng.nextBoolean();
        boolean transpose = rng.nextBoolean();
        int n = rows; // training crops are square
        for (int c = 0; c <= channels; c++) {
            float[] target = c < channels ? features : labels;
            int to = c < channels ? fOffset + c * plane : lOffset;
            int from = c * windowPlane + dy * window + dx;
            for (int r = 0; r < n; r++) {
                for (int q = 0; q < n; q++) {
                    int r2 = flipRows ? n - 1 - r : r;
                    int q2 = flipCols ? n - 1 - q : q;
                    int dest = transpose ? q2 * n + r2 : r2 * n + q2;
                    float v = sample[from + r * window + q];
                    target[to + dest] = c < channels ? (float) (v + NOISE_HU * gaussian(rng)) : v;
                }
            }
        }
    }

    /** A standard normal draw (Box–Muller), from the draw's own random source. */
    private static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
