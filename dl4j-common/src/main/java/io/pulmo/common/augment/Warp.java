package io.pulmo.common.augment;

/**
 * Deterministic geometric resampling of planar {@code [c][h][w]} float images, shared by the random transforms and
 * test-time augmentation.
 *
 * <p>Frames follow torchvision: pixel {@code (x, y)} is column {@code x}, row {@code y}, with {@code y} pointing down;
 * rotations turn about the image centre {@code ((w−1)/2, (h−1)/2)} and a <b>positive angle turns the picture
 * counter-clockwise</b> as displayed (as {@code torchvision.transforms.functional.rotate}). Sampling is bilinear; a
 * tap that falls outside the image contributes 0 (torchvision's default {@code fill=0}, grid_sample's
 * {@code padding_mode="zeros"}). Only {@link #resizeCrop} reads inside its box alone, clamping to the box edge.
 *
 * <p>Methods write into a caller-given destination and allocate nothing.
 */
public final class Warp {
    private Warp() {
    }

    /**
     * Rotates about the centre by {@code degrees} (counter-clockwise for positive), then shifts by
     * {@code (tx, ty)} pixels (right and down for positive), sampling {@code src} bilinearly into {@code dst}.
     *
     * @param src     source pixels, {@code c·h·w}
     * @param dst     destination pixels, {@code c·h·w}, distinct from {@code src}
     * @param degrees rotation angle in degrees
     * @param tx      horizontal shift in pixels
     * @param ty      vertical shift in pixels
     */
    public static void affine(float[] src, float[] dst, int channels, int height, int width, double degrees,
                              double tx, double ty) {
        check(src, dst, channels, height, width);
        double rad = Math.toRadians(degrees);
        double cos = Math.cos(rad);
        double sin = Math.sin(rad);
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        int plane = height * width;
        // Inverse map: src − c = R(−θ)·(dst − c − t), with R(−θ) in y-down coordinates
        // [cos −sin; sin cos] for a counter-clockwise forward turn.
        for (int y = 0; y < height; y++) {
            double dy = y - cy - ty;
            for (int x = 0; x < width; x++) {
                double dx = x - cx - tx;
                double sx = cx + dx * cos - dy * sin;
                double sy = cy + dx * sin + dy * cos;
                int o = y * width + x;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                float fx = (float) (sx - x0);
                float fy = (float) (sy - y0);
                if (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height) {
                    for (int ch = 0; ch < channels; ch++) {
                        dst[ch * plane + o] = 0f;
                    }
                    continue;
                }
                boolean inX0 = x0 >= 0;
                boolean inX1 = x0 + 1 < width;
                boolean inY0 = y0 >= 0;
                boolean inY1 = y0 + 1 < height;
                float w00 = inX0 && inY0 ? (1 - fx) * (1 - fy) : 0f;
                float w01 = inX1 && inY0 ? fx * (1 - fy) : 0f;
                float w10 = inX0 && inY1 ? (1 - fx) * fy : 0f;
                float w11 = inX1 && inY1 ? fx * fy : 0f;
                // Clamped indices are only read with a zero weight when out of range.
                int xa = Math.max(x0, 0);
                int xb = Math.min(x0 + 1, width - 1);
                int ya = Math.max(y0, 0) * width;
                int yb = Math.min(y0 + 1, height - 1) * width;
                for (int ch = 0; ch < channels; ch++) {
                    int p = ch * plane;
                    dst[p + o] = w00 * src[p + ya + xa] + w01 * src[p + ya + xb]
                            + w10 * src[p + yb + xa] + w11 * src[p + yb + xb];
                }
            }
        }
    }

    /** Rotates about the centre by {@code degrees}, counter-clockwise for positive, bilinear, fill 0. */
    public static void rotate(float[] src, float[] dst, int channels, int height, int width, double degrees) {
        affine(src, dst, channels, height, width, degrees, 0, 0);
    }

    /**
     * Exact rotation by a multiple of 90° (a permutation of pixels, counter-clockwise for positive
     * {@code quarterTurns}), as {@code torch.rot90(x, k, dims=(-2, -1))}.
     *
     * @throws IllegalArgumentException for an odd number of quarter turns on a non-square image
     */
    public static void rotate90(float[] src, float[] dst, int channels, int height, int width, int quarterTurns) {
        check(src, dst, channels, height, width);
        int k = Math.floorMod(quarterTurns, 4);
        if (k % 2 == 1 && height != width) {
            throw new IllegalArgumentException("a rotation by " + (90 * k) + "° keeps the size only for a square "
                    + "image, got " + height + "×" + width);
        }
        int plane = height * width;
        for (int ch = 0; ch < channels; ch++) {
            int p = ch * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    // Source pixel of output (x, y) for a counter-clockwise turn.
                    int s = switch (k) {
                        case 0 -> y * width + x;
                        case 1 -> x * width + (width - 1 - y);
                        case 2 -> (height - 1 - y) * width + (width - 1 - x);
                        default -> (height - 1 - x) * width + y;
                    };
                    dst[p + y * width + x] = src[p + s];
                }
            }
        }
    }

    /** Mirrors left–right in place: column {@code x} goes to {@code w−1−x}. */
    public static void flipHorizontal(float[] pixels, int channels, int height, int width) {
        check(pixels, pixels, channels, height, width);
        for (int row = 0; row < channels * height; row++) {
            int a = row * width;
            int b = a + width - 1;
            while (a < b) {
                float t = pixels[a];
                pixels[a++] = pixels[b];
                pixels[b--] = t;
            }
        }
    }

    /** Mirrors top–bottom in place: row {@code y} goes to {@code h−1−y}. */
    public static void flipVertical(float[] pixels, int channels, int height, int width) {
        check(pixels, pixels, channels, height, width);
        for (int ch = 0; ch < channels; ch++) {
            int p = ch * height * width;
            for (int a = 0, b = height - 1; a < b; a++, b--) {
                for (int x = 0; x < width; x++) {
                    int i = p + a * width + x;
                    int j = p + b * width + x;
                    float t = pixels[i];
                    pixels[i] = pixels[j];
                    pixels[j] = t;
                }
            }
        }
    }

    /**
     * Resizes the box of {@code boxH×boxW} pixels at ({@code top}, {@code left}) of {@code src} to the full
     * {@code height×width} of {@code dst}: bilinear with half-pixel centres ({@code align_corners=False}, as
     * torchvision's resize, without its antialiasing for downscaling), clamped to the box edge.
     */
    public static void resizeCrop(float[] src, float[] dst, int channels, int height, int width, int top, int left,
                                  int boxH, int boxW) {
        check(src, dst, channels, height, width);
        if (boxH < 1 || boxW < 1 || top < 0 || left < 0 || top + boxH > height || left + boxW > width) {
            throw new IllegalArgumentException("crop box " + boxH + "×" + boxW + " at (" + top + ", " + left
                    + ") must lie inside the " + height + "×" + width + " image");
        }
        int plane = height * width;
        double scaleY = (double) boxH / height;
        double scaleX = (double) boxW / width;
        for (int y = 0; y < height; y++) {
            double sy = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), boxH - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, boxH - 1);
            float fy = (float) (sy - y0);
            int ra = (top + y0) * width + left;
            int rb = (top + y1) * width + left;
            for (int x = 0; x < width; x++) {
                double sx = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), boxW - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, boxW - 1);
                float fx = (float) (sx - x0);
                int o = y * width + x;
                for (int ch = 0; ch < channels; ch++) {
                    int p = ch * plane;
                    float top0 = src[p + ra + x0] + fx * (src[p + ra + x1] - src[p + ra + x0]);
                    float bot0 = src[p + rb + x0] + fx * (src[p + rb + x1] - src[p + rb + x0]);
                    dst[p + o] = top0 + fy * (bot0 - top0);
                }
            }
        }
    }

    static void check(float[] src, float[] dst, int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "×" + height + "×"
                    + width);
        }
        long len = (long) channels * height * width;
        if (src.length != len || dst.length != len) {
            throw new IllegalArgumentException("pixel arrays must hold c·h·w = " + len + " values, got "
                    + src.length + " and " + dst.length);
        }
    }
}
