package io.pulmo.common.augment;

import java.util.SplittableRandom;

/** Random draws shared by the transforms, written once so every transform samples the same way. */
final class Draws {
    private Draws() {
    }

    /** Uniform in {@code [lo, hi)}; {@code lo} when the range is empty (as {@code torch.empty(1).uniform_}). */
    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** True with probability {@code p} ({@code torch.rand(1) < p}). */
    static boolean chance(SplittableRandom rng, double p) {
        return rng.nextDouble() < p;
    }

    static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
    }

    static void requireNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
    }
}
