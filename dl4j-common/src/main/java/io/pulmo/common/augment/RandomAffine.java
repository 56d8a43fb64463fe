package io.pulmo.common.augment;

import io.pulmo.common.data.Augmentation;

import java.util.SplittableRandom;

/**
 * torchvision {@code RandomAffine(degrees, translate=(t, t))} without scale or shear: an angle uniform in
 * {@code [−degrees, degrees]} about the centre, then a shift of {@code round(U(−t·w, t·w))} pixels right and
 * {@code round(U(−t·h, t·h))} pixels down (whole pixels, rounding half to even like Python's {@code round}); fill 0,
 * bilinear. The angle here turns counter-clockwise for positive values, whereas torchvision's {@code F.affine} turns
 * clockwise; the range is symmetric, so the distribution is the same.
 *
 * @param degrees   the largest absolute angle in degrees, {@code >= 0}
 * @param translate the largest shift as a fraction of width (horizontal) and height (vertical), in [0, 1)
 */
public record RandomAffine(double degrees, double translate) implements Augmentation {

    /** One draw: angle in degrees and shift in whole pixels. */
    public record Params(double angle, int tx, int ty) {
    }

    public RandomAffine {
        Draws.requireNonNegative("affine degrees", degrees);
        if (!(translate >= 0 && translate < 1)) {
            throw new IllegalArgumentException("affine translate must be in [0, 1), got " + translate);
        }
    }

    /** The parameters this transform draws from {@code rng} for an image of the given size (torchvision's order). */
    public Params draw(SplittableRandom rng, int height, int width) {
        double angle = Draws.uniform(rng, -degrees, degrees);
        double maxDx = translate * width;
        double maxDy = translate * height;
        int tx = (int) Math.rint(Draws.uniform(rng, -maxDx, maxDx));
        int ty = (int) Math.rint(Draws.uniform(rng, -maxDy, maxDy));
        return new Params(angle, tx, ty);
    }

    @Override
    public void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng) {
        Params p = draw(rng, height, width);
        float[] out = new float[pixels.length];
        Warp.affine(pixels, out, channels, height, width, p.angle(), p.tx(), p.ty());
        System.arraycopy(out, 0, pixels, 0, out.length);
    }
}
