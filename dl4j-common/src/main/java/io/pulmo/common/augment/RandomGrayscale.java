package io.pulmo.common.augment;

import io.pulmo.common.data.Augmentation;

import java.util.SplittableRandom;

/**
 * torchvision {@code RandomGrayscale(p)}: with probability {@code p} replaces each of the three RGB channels by the
 * ITU-R 601-2 luma {@code L = 0.299·R + 0.587·G + 0.114·B}. One-channel images are left as they are (the draw is
 * still made, so later transforms see the same random stream whatever the channel count).
 *
 * @param p probability of turning the image gray, in [0, 1]
 */
public record RandomGrayscale(double p) implements Augmentation {

    public RandomGrayscale {
        Draws.requireProbability("grayscale probability", p);
    }

    @Override
    public void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng) {
        Warp.check(pixels, pixels, channels, height, width);
        if (!Draws.chance(rng, p) || channels != 3) {
            return;
        }
        int plane = height * width;
        for (int i = 0; i < plane; i++) {
            float l = luma(pixels[i], pixels[plane + i], pixels[2 * plane + i]);
            pixels[i] = l;
            pixels[plane + i] = l;
            pixels[2 * plane + i] = l;
        }
    }

    static float luma(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }
}
