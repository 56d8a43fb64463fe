package io.pulmo.common.data.siim;

import io.pulmo.common.PulmoException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * SIIM-ACR pneumothorax run-length encoding, the {@code EncodedPixels} column of {@code train-rle.csv}.
 *
 * <p>The mask is flattened in <b>column-major</b> order — pixel (x, y) of a {@code width × height} image is index
 * {@code x·height + y}, the transpose of the usual row-major {@code y·width + x} — and written as pairs
 * {@code start length}. Each {@code start} is <b>relative</b>: it counts the background pixels since the end of the
 * previous run (the first start counts from index 0). So runs at absolute indices [1, 3) and [7, 9) encode as
 * {@code "1 2 4 2"}, not {@code "1 2 7 2"}. {@code -1} means an empty mask (no pneumothorax). This is the scheme of the
 * competition's {@code mask_functions.py} ({@code rle2mask}/{@code mask2rle}); unlike that {@code mask2rle}, a run
 * that reaches the last pixel is written too.
 *
 * <p>Masks in this API are row-major {@code byte[]} of 0/1, index {@code y·width + x}. Several rows of one
 * {@code ImageId} are several regions; {@link #union} merges them.
 */
public final class Rle {
    /** The {@code EncodedPixels} value of an image without pneumothorax. */
    public static final String EMPTY = "-1";

    private Rle() {
    }

    /**
     * Decodes one {@code EncodedPixels} value.
     *
     * @param rle    {@code "-1"} or {@code "start length ..."} (surrounding spaces allowed, as in the real file)
     * @param width  image width in pixels
     * @param height image height in pixels
     * @return a row-major 0/1 mask of {@code width·height} bytes
     * @throws PulmoException when the value is not {@code -1} or pairs of non-negative integers, or a run ends
     *                        beyond the image
     */
    public static byte[] decode(String rle, int width, int height) {
        byte[] mask = new byte[checkedPixels(width, height)];
        paint(rle, width, height, mask);
        return mask;
    }

    /**
     * The union of several {@code EncodedPixels} values of one image (SIIM writes one row per region).
     *
     * @param rles the values; {@code "-1"} entries add nothing, an empty list gives an empty mask
     * @return a row-major 0/1 mask of {@code width·height} bytes
     * @throws PulmoException as {@link #decode}
     */
    public static byte[] union(List<String> rles, int width, int height) {
        byte[] mask = new byte[checkedPixels(width, height)];
        for (String rle : rles) {
            paint(rle, width, height, mask);
        }
        return mask;
    }

    /**
     * Encodes a mask.
     *
     * @param rowMajorMask {@code width·height} bytes, row-major; any non-zero byte is foreground
     * @return the relative, column-major run-length string ({@code "1 2 4 2"}), or {@code "-1"} when the mask is empty
     * @throws IllegalArgumentException when the mask length is not {@code width·height}
     */
    public static String encode(byte[] rowMajorMask, int width, int height) {
        int n = checkedPixels(width, height);
        if (rowMajorMask.length != n) {
            throw new IllegalArgumentException("mask has " + rowMajorMask.length + " bytes, expected " + width + "×"
                    + height + " = " + n);
        }
        StringBuilder sb = new StringBuilder();
        int previousEnd = 0;
        int runStart = -1;
        for (int i = 0; i <= n; i++) {
            boolean on = i < n && rowMajorMask[(i % height) * width + i / height] != 0;
            if (on && runStart < 0) {
                runStart = i;
            } else if (!on && runStart >= 0) {
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(runStart - previousEnd).append(' ').append(i - runStart);
                previousEnd = i;
                runStart = -1;
            }
        }
        return sb.isEmpty() ? EMPTY : sb.toString();
    }

    /**
     * Encodes each 8-connected foreground region of a mask separately, the way SIIM writes one row per region,
     * ordered by the column-major index of each region's first pixel; an empty mask gives {@code ["-1"]}. The
     * {@link #union} of the result is the mask.
     */
    public static List<String> encodeRegions(byte[] rowMajorMask, int width, int height) {
        int n = checkedPixels(width, height);
        if (rowMajorMask.length != n) {
            throw new IllegalArgumentException("mask has " + rowMajorMask.length + " bytes, expected " + width + "×"
                    + height + " = " + n);
        }
        int[] label = new int[n];
        List<String> out = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int regions = 0;
        // Scan in column-major order so that regions come out in the order of their first encoded pixel.
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                int seed = y * width + x;
                if (rowMajorMask[seed] == 0 || label[seed] != 0) {
                    continue;
                }
                regions++;
                byte[] region = new byte[n];
                label[seed] = regions;
                queue.add(seed);
                while (!queue.isEmpty()) {
                    int p = queue.poll();
                    region[p] = 1;
                    int px = p % width;
                    int py = p / width;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int qx = px + dx;
                            int qy = py + dy;
                            if (qx < 0 || qy < 0 || qx >= width || qy >= height) {
                                continue;
                            }
                            int q = qy * width + qx;
                            if (rowMajorMask[q] != 0 && label[q] == 0) {
                                label[q] = regions;
                                queue.add(q);
                            }
                        }
                    }
                }
                out.add(encode(region, width, height));
            }
        }
        return out.isEmpty() ? List.of(EMPTY) : out;
    }

    /**
     * Checks the syntax of an {@code EncodedPixels} value without knowing the image size.
     *
     * @return null when the value is {@code -1} or pairs of non-negative integers, else why it is not
     */
    public static String syntaxError(String rle) {
        if (rle == null) {
            return "EncodedPixels is missing";
        }
        String s = rle.strip();
        if (s.equals(EMPTY)) {
            return null;
        }
        if (s.isEmpty()) {
            return "EncodedPixels is empty (write -1 for no pneumothorax)";
        }
        String[] t = s.split("\\s+");
        if (t.length % 2 != 0) {
            return "EncodedPixels must be '-1' or pairs of 'start length', got an odd number of values (" + t.length
                    + ")";
        }
        for (String v : t) {
            if (!isNonNegativeInt(v)) {
                return "EncodedPixels must be '-1' or pairs of non-negative integers 'start length', got '" + v + "'";
            }
        }
        return null;
    }

    /** Paints the runs of {@code rle} into a row-major mask (logical OR). */
    private static void paint(String rle, int width, int height, byte[] mask) {
        String error = syntaxError(rle);
        if (error != null) {
            throw new PulmoException(error);
        }
        String s = rle.strip();
        if (s.equals(EMPTY)) {
            return;
        }
        String[] t = s.split("\\s+");
        long n = (long) width * height;
        long position = 0;
        for (int k = 0; k < t.length; k += 2) {
            long start = Long.parseLong(t[k]);
            long length = Long.parseLong(t[k + 1]);
            long from = position + start;
            long to = from + length;
            if (to > n) {
                throw new PulmoException("EncodedPixels run " + (k / 2 + 1) + " (start " + start + ", length " + length
                        + ") ends at pixel " + to + ", beyond the " + width + "×" + height + " image (" + n
                        + " pixels)");
            }
            for (long i = from; i < to; i++) {
                int x = (int) (i / height);
                int y = (int) (i % height);
                mask[y * width + x] = 1;
            }
            position = to;
        }
    }

    private static boolean isNonNegativeInt(String v) {
        if (v.isEmpty() || v.length() > 10) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(v) <= Integer.MAX_VALUE;
    }

    private static int checkedPixels(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "×" + height);
        }
        long n = (long) width * height;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image too large for a mask: " + width + "×" + height);
        }
        return (int) n;
    }
}
