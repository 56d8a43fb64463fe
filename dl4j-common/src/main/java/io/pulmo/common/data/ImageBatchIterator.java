package io.pulmo.common.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Minibatches of labelled images: features {@code [b, c, s, s]} normalised per channel, labels one-hot
 * {@code [b, classes]} or, for a single-logit binary model, {@code [b, 1]} holding 1 for class index 1.
 * Order, caching and parallel decoding are {@link BatchIterator}'s; with {@link #weightedSampling} each epoch
 * draws its images by class frequency instead.
 */
public final class ImageBatchIterator extends BatchIterator<ImageItem> {
    private final int numClasses;
    private final boolean singleLogit;
    private final Augmentation augmentation;
    private final int size;
    private final int channels;
    private final Normalization normalization;
    private final ThreadLocal<ImageDecoder> decoders;
    private boolean weighted;

    /**
     * @param items        the images, in dataset order
     * @param numClasses   number of classes
     * @param singleLogit  labels as one column for a binary model with one sigmoid output
     * @param batchSize    images per minibatch (the last one may be smaller)
     * @param size         image height and width
     * @param channels     1 or 3
     * @param mean         per-channel mean subtracted after scaling to [0, 1]
     * @param std          per-channel standard deviation divided by
     * @param shuffle      reorder each epoch (training) or keep dataset order (evaluation)
     * @param seed         seed for order and augmentation
     * @param augmentation per-sample augmentation (training only)
     * @param loaderThreads threads decoding images in parallel
     */
    public ImageBatchIterator(List<ImageItem> items, int numClasses, boolean singleLogit, int batchSize, int size,
                              int channels, float[] mean, float[] std, boolean shuffle, long seed,
                              Augmentation augmentation, int loaderThreads) {
        super(items, batchSize, shuffle, seed, loaderThreads);
        this.numClasses = numClasses;
        this.singleLogit = singleLogit;
        this.size = size;
        this.channels = channels;
        this.normalization = new Normalization(mean.clone(), std.clone());
        this.augmentation = augmentation;
        this.decoders = ThreadLocal.withInitial(() -> new ImageDecoder(size, channels));
    }

    /**
     * Draws each epoch's order like PyTorch's {@code WeightedRandomSampler} with class-frequency weights: as many
     * draws as images, with replacement, each image weighted {@code 1 / N_class}, so every class is drawn equally
     * often in expectation. Training only.
     */
    public ImageBatchIterator weightedSampling(boolean on) {
        if (on && !shuffles()) {
            throw new IllegalStateException("weighted sampling draws a training order; this iterator keeps dataset order");
        }
        this.weighted = on;
        reset();
        return this;
    }

    @Override
    protected int[] shuffledOrder(SplittableRandom rng) {
        return weighted ? weightedDraw(rng) : super.shuffledOrder(rng);
    }

    private int[] weightedDraw(SplittableRandom rng) {
        List<ImageItem> items = items();
        int[] perClass = new int[numClasses];
        items.forEach(i -> perClass[i.label()]++);
        double[] cumulative = new double[items.size()];
        double total = 0;
        for (int i = 0; i < cumulative.length; i++) {
            total += 1.0 / perClass[items.get(i).label()];
            cumulative[i] = total;
        }
        int[] drawn = new int[items.size()];
        for (int i = 0; i < drawn.length; i++) {
            int j = java.util.Arrays.binarySearch(cumulative, rng.nextDouble() * total);
            drawn[i] = Math.min(j >= 0 ? j : -j - 1, cumulative.length - 1);
        }
        return drawn;
    }

    @Override
    protected float[] decode(ImageItem item) {
        return decoders.get().decode(item.path());
    }

    @Override
    protected long[] featureShape() {
        return new long[] {channels, size, size};
    }

    @Override
    protected long[] labelShape() {
        return new long[] {singleLogit ? 1 : numClasses};
    }

    @Override
    protected void fill(ImageItem item, float[] px, SplittableRandom rng, float[] features, int fOffset,
                        float[] labels, int lOffset) {
        if (augmentation != Augmentation.NONE) {
            augmentation.apply(px, channels, size, size, rng);
        }
        normalization.apply(px);
        System.arraycopy(px, 0, features, fOffset, px.length);
        if (singleLogit) {
            labels[lOffset] = item.label() == 1 ? 1f : 0f;
        } else {
            labels[lOffset + item.label()] = 1f;
        }
    }
}
