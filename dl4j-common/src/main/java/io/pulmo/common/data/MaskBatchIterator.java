package io.pulmo.common.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Minibatches of images with their binary masks: features {@code [b, c, s, s]} normalised per channel, labels
 * {@code [b, 1, s, s]} of 0/1. Order, caching and parallel decoding are {@link BatchIterator}'s.
 *
 * <p>Augmentation follows torchvision's paired-transform practice: the geometric transforms (crop, flip,
 * rotation, affine) run once on the image and its mask stacked as channels, with one random draw, and the mask
 * is binarised again at 0.5 afterwards; the intensity transforms then run on the image alone.
 */
public final class MaskBatchIterator extends BatchIterator<SegmentationItem> {
    private final int size;
    private final int channels;
    private final Normalization normalization;
    private final Augmentation geometric;
    private final Augmentation photometric;

    /**
     * @param items       the images with their masks, in dataset order ({@link MaskedImages} reads them)
     * @param geometric   transforms applied to image and mask alike (training only)
     * @param photometric transforms applied to the image only (training only)
     */
    public MaskBatchIterator(List<SegmentationItem> items, int batchSize, int size,
                             int channels, Normalization normalization, boolean shuffle, long seed,
                             Augmentation geometric, Augmentation photometric, int loaderThreads) {
        super(items, batchSize, shuffle, seed, loaderThreads);
        this.size = size;
        this.channels = channels;
        this.normalization = normalization;
        this.geometric = geometric;
        this.photometric = photometric;
    }

    @Override
    protected float[] decode(SegmentationItem item) {
        return MaskedImages.read(item, size, channels);
    }

    @Override
    protected long[] featureShape() {
        return new long[] {channels, size, size};
    }

    @Override
    protected long[] labelShape() {
        return new long[] {1, size, size};
    }

    @Override
    protected void fill(SegmentationItem item, float[] sample, SplittableRandom rng, float[] features, int fOffset,
                        float[] labels, int lOffset) {
        int plane = size * size;
        if (geometric != Augmentation.NONE) {
            geometric.apply(sample, channels + 1, size, size, rng);
            Masks.binarise(sample, channels * plane, plane);
        }
        float[] image = java.util.Arrays.copyOf(sample, channels * plane);
        if (photometric != Augmentation.NONE) {
            photometric.apply(image, channels, size, size, rng);
        }
        normalization.apply(image);
        System.arraycopy(image, 0, features, fOffset, image.length);
        System.arraycopy(sample, channels * plane, labels, lOffset, plane);
    }
}
