package io.pulmo.common.data;

import java.util.SplittableRandom;

/**
 * A random transformation of one training image, applied in place to its planar {@code [c][h][w]} pixels.
 * The random source is derived from (seed, epoch, sample index), so results do not depend on which thread loads
 * which sample.
 */
@FunctionalInterface
public interface Augmentation {
    /** No change. */
    Augmentation NONE = (pixels, c, h, w, rng) -> { };

    void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng);

    /** The random source for one sample: a pure function of the three numbers. */
    static SplittableRandom rngFor(long seed, int epoch, int index) {
        long s = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        return new SplittableRandom(s);
    }
}
