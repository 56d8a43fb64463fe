package io.pulmo.common.phantom;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.SplittableRandom;

/** Random streams, standardisation and small numeric helpers shared by the phantom renderers. */
final class PhantomMath {

    private PhantomMath() {
    }

    /** The random stream of image {@code index} of a dataset with {@code seed}, independent of every other image. */
    static SplittableRandom imageRandom(long seed, int index) {
        return new SplittableRandom(mix(seed, index));
    }

    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 33);
    }

    /**
     * Standardises {@code raw} to a target mean and standard deviation drawn from {@code rng} in
     * {@code [meanLo, meanHi)} and {@code [stdLo, stdHi)} and returns it as a {@code size x size}
     * {@link BufferedImage#TYPE_BYTE_GRAY} image.
     */
    static BufferedImage standardisedImage(double[] raw, int size, SplittableRandom rng,
            double meanLo, double meanHi, double stdLo, double stdHi) {
        double mu = uniform(rng, meanLo, meanHi);
        double sd = uniform(rng, stdLo, stdHi);
        int[] px = standardise(raw, mu, sd);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        r.setPixels(0, 0, size, size, px);
        return img;
    }

    /**
     * Affine map {@code a*v+b} followed by clipping to 0..255 and rounding, with {@code a, b} refined so that
     * the clipped result has (close to) the target mean and standard deviation.
     */
    static int[] standardise(double[] v, double mu, double sd) {
        double[] ms = meanStd(v, 1, 0, false);
        double a = sd / Math.max(ms[1], 1e-9);
        double b = mu - a * ms[0];
        for (int it = 0; it < 8; it++) {
            double[] c = meanStd(v, a, b, true);
            a *= sd / Math.max(c[1], 1e-9);
            c = meanStd(v, a, b, true);
            b += mu - c[0];
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) Math.round(clamp(a * v[i] + b, 0, 255));
        }
        return out;
    }

    private static double[] meanStd(double[] v, double a, double b, boolean clip) {
        double s = 0, s2 = 0;
        for (double x : v) {
            double y = a * x + b;
            if (clip) {
                y = clamp(y, 0, 255);
            }
            s += y;
            s2 += y * y;
        }
        double m = s / v.length;
        return new double[] {m, Math.sqrt(Math.max(s2 / v.length - m * m, 0))};
    }

    /** Smooth value noise on a {@code g x g} grid over the unit square. */
    static final class Noise {
        private final int g;
        private final double[] grid;

        Noise(int g, SplittableRandom rng) {
            this.g = g;
            this.grid = new double[(g + 1) * (g + 1)];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = rng.nextDouble();
            }
        }

        double at(double x, double y) {
            double fx = clamp(x, 0, 1) * g, fy = clamp(y, 0, 1) * g;
            int ix = Math.min((int) fx, g - 1), iy = Math.min((int) fy, g - 1);
            double tx = smooth(fx - ix), ty = smooth(fy - iy);
            int w = g + 1;
            double a = grid[iy * w + ix], b = grid[iy * w + ix + 1];
            double c = grid[(iy + 1) * w + ix], d = grid[(iy + 1) * w + ix + 1];
            return (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
        }

        private static double smooth(double t) {
            return t * t * (3 - 2 * t);
        }
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Soft-edged filled ellipse: about 1 inside, 0 outside, an {@code edge} wide transition. */
    static double ellipse(double x, double y, double ex, double ey, double a, double b, double edge) {
        double dx = (x - ex) / a, dy = (y - ey) / b;
        return sigmoid((1 - Math.sqrt(dx * dx + dy * dy)) * Math.min(a, b) / edge);
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
