package io.pulmo.common.augment;

import io.pulmo.common.data.Augmentation;

import java.util.SplittableRandom;

/**
 * torchvision {@code RandomHorizontalFlip(p)}: with probability {@code p} mirrors the image left–right, so column
 * {@code x} moves to {@code w−1−x}.
 *
 * @param p probability of a flip, in [0, 1]
 */
public record RandomHorizontalFlip(double p) implements Augmentation {

    public RandomHorizontalFlip {
        Draws.requireProbability("hflip probability", p);
    }

    @Override
    public void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng) {
        if (Draws.chance(rng, p)) {
            Warp.flipHorizontal(pixels, channels, height, width);
        }
    }
}
