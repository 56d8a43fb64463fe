package io.pulmo.common.augment;

import io.pulmo.common.data.Augmentation;

import java.util.SplittableRandom;

/**
 * torchvision {@code RandomResizedCrop(size, scale=(lo, hi), ratio=(3/4, 4/3))} with the output the size of the
 * input: a box covering a fraction of the area uniform in {@code [lo, hi]}, with an aspect ratio (width/height)
 * log-uniform in {@code [3/4, 4/3]}, is resized back to the full image bilinearly. As torchvision, ten attempts are
 * made to find a box that fits; after that the largest centred box with the ratio clamped to the range is used.
 * Sampling stays inside the box (no fill). torchvision's antialiasing when shrinking is not applied.
 *
 * @param scaleLo smallest area fraction, in (0, 1]
 * @param scaleHi largest area fraction, in [scaleLo, 1]
 */
public record RandomResizedCrop(double scaleLo, double scaleHi) implements Augmentation {
    private static final double RATIO_LO = 3.0 / 4.0;
    private static final double RATIO_HI = 4.0 / 3.0;
    private static final int ATTEMPTS = 10;

    /** A crop box: top row, left column, height and width in pixels. */
    public record Box(int top, int left, int height, int width) {
    }

    public RandomResizedCrop {
        if (!(scaleLo > 0 && scaleLo <= scaleHi && scaleHi <= 1)) {
            throw new IllegalArgumentException("crop scale must satisfy 0 < lo <= hi <= 1, got [" + scaleLo + ", "
                    + scaleHi + "]");
        }
    }

    /** The box this transform draws from {@code rng} for an image of the given size ({@code get_params}). */
    public Box draw(SplittableRandom rng, int height, int width) {
        double area = (double) height * width;
        double logLo = Math.log(RATIO_LO);
        double logHi = Math.log(RATIO_HI);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double target = area * Draws.uniform(rng, scaleLo, scaleHi);
            double ratio = Math.exp(Draws.uniform(rng, logLo, logHi));
            int w = (int) Math.rint(Math.sqrt(target * ratio));
            int h = (int) Math.rint(Math.sqrt(target / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new Box(top, left, h, w);
            }
        }
        double inRatio = (double) width / height;
        int w = width;
        int h = height;
        if (inRatio < RATIO_LO) {
            h = (int) Math.rint(w / RATIO_LO);
        } else if (inRatio > RATIO_HI) {
            w = (int) Math.rint(h * RATIO_HI);
        }
        return new Box((height - h) / 2, (width - w) / 2, h, w);
    }

    @Override
    public void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng) {
        Box b = draw(rng, height, width);
        float[] out = new float[pixels.length];
        Warp.resizeCrop(pixels, out, channels, height, width, b.top(), b.left(), b.height(), b.width());
        System.arraycopy(out, 0, pixels, 0, out.length);
    }
}
