package io.pulmo.ct3d.segment;

import io.pulmo.ct3d.load.CtVolume;

import java.util.Arrays;

/**
 * The input of the slice segmentation model: a slice and its neighbours as channels, the book's
 * {@code Luna2dSegmentationDataset.getitem_fullSlice} ({@code contextSlices_count = 3}: 7 channels).
 *
 * <p>For slice {@code s} and {@code channels = 2k + 1}, channel {@code j} holds slice {@code s − k + j}, clamped to
 * {@code [0, depth − 1]} (the first and last slices repeat at the ends of the scan, as in the book). Values are
 * Hounsfield units clipped to [{@value CtVolume#HU_MIN}, {@value CtVolume#HU_MAX}] and not otherwise normalised: the
 * model's input BatchNorm scales them. A window may reach past the slice's edges; its pixels there read
 * {@value CtVolume#HU_MIN} (air), so that a window can be centred on a nodule near the edge or padded to a size the
 * network accepts.
 *
 * <p>Layout of the result: {@code [channels, height, width]}, C order (width fastest).
 */
public final class ContextSlices {

    /** The book's channels: the slice and 3 neighbours on each side. */
    public static final int BOOK_CHANNELS = 7;

    private ContextSlices() {
    }

    /**
     * The context window of slice {@code slice} as a new array of {@code channels × height × width} values.
     *
     * @see #fill
     */
    public static float[] read(CtVolume ct, int slice, int channels, int row0, int col0, int height, int width) {
        float[] out = new float[channels * height * width];
        fill(ct, slice, channels, row0, col0, height, width, out, 0);
        return out;
    }

    /**
     * Writes the context window of slice {@code slice} into {@code out} from {@code offset}.
     *
     * @param slice    the centre slice, inside the volume
     * @param channels an odd number of slices, the centre one in the middle channel
     * @param row0     the window's first row (may be negative)
     * @param col0     the window's first column (may be negative)
     * @param height   rows of the window, positive
     * @param width    columns of the window, positive
     * @throws IllegalArgumentException on a slice outside the volume, an even channel count or an empty window
     */
    public static void fill(CtVolume ct, int slice, int channels, int row0, int col0, int height, int width,
                            float[] out, int offset) {
        if (slice < 0 || slice >= ct.depth()) {
            throw new IllegalArgumentException("slice " + slice + " lies outside series " + ct.seriesUid() + " of "
                    + ct.depth() + " slices");
        }
        if (channels < 1 || channels % 2 == 0) {
            throw new IllegalArgumentException("context channels must be odd and positive, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("window must not be empty, got " + height + " x " + width);
        }
        short[] hu = ct.huArray();
        int rows = ct.rows();
        int cols = ct.cols();
        int cFrom = Math.max(0, col0);
        int cTo = Math.min(cols, col0 + width);
        int k = offset;
        for (int j = 0; j < channels; j++) {
            int index = sliceOf(slice, j, channels, ct.depth());
            for (int r = row0; r < row0 + height; r++, k += width) {
                if (r < 0 || r >= rows || cFrom >= cTo) {
                    Arrays.fill(out, k, k + width, CtVolume.HU_MIN);
                    continue;
                }
                Arrays.fill(out, k, k + (cFrom - col0), CtVolume.HU_MIN);
                int base = (index * rows + r) * cols;
                for (int c = cFrom; c < cTo; c++) {
                    short v = hu[base + c];
                    out[k + c - col0] = Math.max(CtVolume.HU_MIN, Math.min(CtVolume.HU_MAX, v));
                }
                Arrays.fill(out, k + (cTo - col0), k + width, CtVolume.HU_MIN);
            }
        }
    }

    /** The volume slice that channel {@code channel} of slice {@code slice}'s context shows. */
    public static int sliceOf(int slice, int channel, int channels, int depth) {
        int index = slice - channels / 2 + channel;
        return Math.max(0, Math.min(depth - 1, index));
    }
}
