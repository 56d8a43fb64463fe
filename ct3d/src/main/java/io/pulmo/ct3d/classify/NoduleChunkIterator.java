package io.pulmo.ct3d.classify;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.BatchIterator;
import io.pulmo.common.data.Shuffles;
import io.pulmo.ct3d.load.CandidateInfo;
import io.pulmo.ct3d.load.ChunkShape;
import io.pulmo.ct3d.load.CtCache;

import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Minibatches of CT chunks for the nodule classifier, the book's {@code LunaDataset}: features
 * {@code [b, 1, 32, 48, 48]} (channel, index, row, col) of Hounsfield units clipped to [−1000, 1000], labels
 * one-hot {@code [b, 2]} by {@link ChunkTarget}: column 0 non-nodule, column 1 nodule (or benign / malignant for
 * the malignancy model, whose "nodules" below are the malignant ones).
 *
 * <p><b>Normalisation:</b> none, as in the book, which feeds the clipped HU directly; the model's first layer, a
 * BatchNorm over the input ({@link LunaModel}'s {@code tail_bn}), scales them. Augmented chunks carry noise on
 * top of the clipped values, so they may leave [−1000, 1000] by a few σ.
 *
 * <p><b>Training</b> ({@link #training}) uses the book's balanced sampling with {@code ratio_int = 1}: each epoch
 * the nodules and the non-nodules are shuffled under (seed, epoch), and draws alternate nodule, non-nodule,
 * nodule, … — draw {@code 2k} is nodule {@code k mod P}, draw {@code 2k + 1} non-nodule {@code k mod N}, so
 * nodules repeat as needed and no non-nodule repeats. An epoch has {@code min(2 N, maxEpochSamples)} draws (the
 * book fixes 50,000). Every drawn chunk is augmented by {@link ChunkAugmentation} with the random source
 * {@code Augmentation.rngFor(seed, epoch, draw)} ({@link BatchIterator} supplies it), so the batches do not depend
 * on the number of loader threads. <b>Evaluation</b> ({@link #evaluation}) serves the samples once, in their
 * order, unaugmented.
 *
 * <p><b>Memory:</b> chunks come from a {@link CtCache} (its volume and chunk budgets bound what it holds); the
 * base class additionally keeps decoded chunks (295 KB each as floats) up to a quarter of the heap.
 */
public final class NoduleChunkIterator extends BatchIterator<CandidateInfo> {

    /** The book's epoch length for balanced training ({@code LunaDataset.__len__}). */
    public static final int BOOK_EPOCH_SAMPLES = 50_000;
    /** The chunk served: the book's {@code width_irc}. */
    public static final ChunkShape SHAPE = ChunkShape.LUNA;
    private final ChunkTarget target;
    private final CtCache cache;
    private final ChunkAugmentation augmentation;
    private final int maxEpochSamples;
    private final int[] nodules;
    private final int[] nonNodules;

    private NoduleChunkIterator(ChunkTarget target, List<CandidateInfo> samples, CtCache cache, int batchSize,
                                boolean training, long seed, ChunkAugmentation augmentation, int maxEpochSamples,
                                int loaderThreads) {
        super(samples, batchSize, training, seed, loaderThreads);
        if (cache == null) {
            throw new IllegalArgumentException("a CtCache must be given");
        }
        this.target = target;
        this.cache = cache;
        this.augmentation = augmentation;
        this.maxEpochSamples = maxEpochSamples;
        List<CandidateInfo> items = items();
        this.nodules = IntStream.range(0, items.size()).filter(k -> target.positive(items.get(k))).toArray();
        this.nonNodules = IntStream.range(0, items.size()).filter(k -> !target.positive(items.get(k)))
                .toArray();
    }

    /**
     * Balanced, augmented training batches.
     *
     * @param samples         the training samples (at least one nodule and one non-nodule)
     * @param cache           where chunks come from
     * @param batchSize       chunks per minibatch
     * @param seed            seed of the epochs' orders and of the augmentation
     * @param augmentation    what to augment ({@link ChunkAugmentation.Options#BOOK} in the book)
     * @param maxEpochSamples cap on draws per epoch, positive ({@link #BOOK_EPOCH_SAMPLES} in the book)
     * @param loaderThreads   threads cutting and augmenting chunks
     * @throws PulmoException when the samples lack nodules or non-nodules
     */
    public static NoduleChunkIterator training(List<CandidateInfo> samples, CtCache cache, int batchSize, long seed,
                                               ChunkAugmentation.Options augmentation, int maxEpochSamples,
                                               int loaderThreads) {
        return training(ChunkTarget.NODULE, samples, cache, batchSize, seed, augmentation, maxEpochSamples,
                loaderThreads);
    }

    /**
     * {@link #training(List, CtCache, int, long, ChunkAugmentation.Options, int, int)} for any target: positives
     * (malignant nodules for {@link ChunkTarget#MALIGNANCY}) alternate with negatives, as the book's
     * {@code MalignantLunaDataset} alternates malignant and benign nodules.
     */
    public static NoduleChunkIterator training(ChunkTarget target, List<CandidateInfo> samples, CtCache cache,
                                               int batchSize, long seed, ChunkAugmentation.Options augmentation,
                                               int maxEpochSamples, int loaderThreads) {
        long positives = samples.stream().filter(target::positive).count();
        if (positives == 0 || positives == samples.size()) {
            throw new PulmoException("balanced training needs " + target.classes().get(1) + " and "
                    + target.classes().get(0) + " samples, got " + positives + " " + target.classes().get(1)
                    + " samples among " + samples.size());
        }
        if (maxEpochSamples < 1) {
            throw new IllegalArgumentException("maxEpochSamples must be positive, got " + maxEpochSamples);
        }
        return new NoduleChunkIterator(target, samples, cache, batchSize, true, seed,
                new ChunkAugmentation(augmentation), maxEpochSamples, loaderThreads);
    }

    /** Every sample once, in the given order, unaugmented (validation, test, inference). */
    public static NoduleChunkIterator evaluation(List<CandidateInfo> samples, CtCache cache, int batchSize,
                                                 int loaderThreads) {
        return evaluation(ChunkTarget.NODULE, samples, cache, batchSize, loaderThreads);
    }

    /** Every sample once, labelled for {@code target}, in the given order, unaugmented. */
    public static NoduleChunkIterator evaluation(ChunkTarget target, List<CandidateInfo> samples, CtCache cache,
                                                 int batchSize, int loaderThreads) {
        return new NoduleChunkIterator(target, samples, cache, batchSize, false, 0L, null, Integer.MAX_VALUE,
                loaderThreads);
    }

    /** The book's balanced order: nodule, non-nodule, nodule, … over both lists shuffled. */
    @Override
    protected int[] shuffledOrder(SplittableRandom rng) {
        int[] pos = shuffled(nodules, rng);
        int[] neg = shuffled(nonNodules, rng);
        int n = (int) Math.min(2L * neg.length, maxEpochSamples);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k % 2 == 0 ? pos[(k / 2) % pos.length] : neg[(k / 2) % neg.length];
        }
        return order;
    }

    private static int[] shuffled(int[] values, SplittableRandom rng) {
        return Shuffles.shuffle(values.clone(), rng);
    }

    /**
     * Cuts every sample's chunk once, series by series, so that a {@link CtCache} whose chunk budget holds them
     * all serves the epochs without reading a volume, and each volume is read once: the book's
     * {@code prepcache}.
     */
    public void prefetch() {
        items().stream().sorted(Comparator.comparing(CandidateInfo::seriesuid))
                .forEach(s -> cache.chunk(s.seriesuid(), s.centre(), SHAPE));
    }

    @Override
    protected float[] decode(CandidateInfo item) {
        return cache.chunk(item.seriesuid(), item.centre(), SHAPE).toFloatArray();
    }

    @Override
    protected long[] featureShape() {
        return new long[] {1, SHAPE.depth(), SHAPE.rows(), SHAPE.cols()};
    }

    @Override
    protected long[] labelShape() {
        return new long[] {target.classes().size()};
    }

    @Override
    protected void fill(CandidateInfo item, float[] sample, SplittableRandom rng, float[] features, int fOffset,
                        float[] labels, int lOffset) {
        if (augmentation != null) {
            augmentation.apply(sample, SHAPE, rng, features, fOffset);
        } else {
            System.arraycopy(sample, 0, features, fOffset, sample.length);
        }
        labels[lOffset + (target.positive(item) ? 1 : 0)] = 1f;
    }

    /** Class names by label column. */
    @Override
    public List<String> getLabels() {
        return target.classes();
    }
}
