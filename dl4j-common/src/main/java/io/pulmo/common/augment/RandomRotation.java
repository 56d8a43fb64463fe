package io.pulmo.common.augment;

import io.pulmo.common.data.Augmentation;

import java.util.SplittableRandom;

/**
 * torchvision {@code RandomRotation(degrees)}: turns the image about its centre by an angle uniform in
 * {@code [−degrees, degrees]}, counter-clockwise for positive angles, keeping its size; corners that come from outside
 * are filled with 0. Sampling is bilinear (torchvision defaults to nearest; bilinear avoids jagged edges).
 *
 * @param degrees the largest absolute angle in degrees, {@code >= 0}
 */
public record RandomRotation(double degrees) implements Augmentation {

    public RandomRotation {
        Draws.requireNonNegative("rotation degrees", degrees);
    }

    /** The angle this transform draws from {@code rng}, in degrees. */
    public double drawAngle(SplittableRandom rng) {
        return Draws.uniform(rng, -degrees, degrees);
    }

    @Override
    public void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng) {
        double angle = drawAngle(rng);
        float[] out = new float[pixels.length];
        Warp.rotate(pixels, out, channels, height, width, angle);
        System.arraycopy(out, 0, pixels, 0, out.length);
    }
}
