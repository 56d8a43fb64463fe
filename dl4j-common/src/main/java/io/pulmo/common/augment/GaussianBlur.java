package io.pulmo.common.augment;

import io.pulmo.common.data.Augmentation;

import java.util.SplittableRandom;

/**
 * torchvision {@code GaussianBlur(kernel_size, sigma=(lo, hi))} with the kernel sized from the drawn sigma:
 * {@code σ ~ U(lo, hi)}, kernel {@code k[i] ∝ exp(−i²/(2σ²))} for {@code |i| <= ceil(3σ)} (size {@code 2·ceil(3σ)+1})
 * normalised to sum 1, applied separably (rows, then columns) with reflect padding ({@code …c b | a b c | b a…},
 * the edge pixel not repeated, as torch's {@code "reflect"}).
 *
 * @param sigmaLo smallest sigma in pixels, {@code > 0}
 * @param sigmaHi largest sigma in pixels, {@code >= sigmaLo}
 */
public record GaussianBlur(double sigmaLo, double sigmaHi) implements Augmentation {

    public GaussianBlur {
        if (!(sigmaLo > 0 && sigmaLo <= sigmaHi && !Double.isInfinite(sigmaHi))) {
            throw new IllegalArgumentException("blur sigma must satisfy 0 < lo <= hi, got [" + sigmaLo + ", "
                    + sigmaHi + "]");
        }
    }

    /** The sigma this transform draws from {@code rng}, in pixels. */
    public double drawSigma(SplittableRandom rng) {
        return Draws.uniform(rng, sigmaLo, sigmaHi);
    }

    @Override
    public void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng) {
        blur(pixels, channels, height, width, drawSigma(rng));
    }

    /** Blurs in place with the given sigma (pixels). */
    public static void blur(float[] pixels, int channels, int height, int width, double sigma) {
        Warp.check(pixels, pixels, channels, height, width);
        float[] k = kernel(sigma);
        int half = k.length / 2;
        int[] xs = reflectIndices(width, half);
        int[] ys = reflectIndices(height, half);
        float[] tmp = new float[pixels.length];
        int plane = height * width;
        for (int ch = 0; ch < channels; ch++) {
            int p = ch * plane;
            for (int y = 0; y < height; y++) {
                int row = p + y * width;
                for (int x = 0; x < width; x++) {
                    float s = 0f;
                    for (int i = 0; i < k.length; i++) {
                        s += k[i] * pixels[row + xs[x + i]];
                    }
                    tmp[row + x] = s;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float s = 0f;
                    for (int i = 0; i < k.length; i++) {
                        s += k[i] * tmp[p + ys[y + i] * width + x];
                    }
                    pixels[p + y * width + x] = s;
                }
            }
        }
    }

    /** The normalised kernel of size {@code 2·ceil(3σ)+1}. */
    static float[] kernel(double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be > 0, got " + sigma);
        }
        int half = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * half + 1];
        double sum = 0;
        double[] raw = new double[k.length];
        for (int i = -half; i <= half; i++) {
            raw[i + half] = Math.exp(-0.5 * (i / sigma) * (i / sigma));
            sum += raw[i + half];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (raw[i] / sum);
        }
        return k;
    }

    /**
     * For output position {@code j} and tap {@code i} in {@code [0, 2·half]}, entry {@code j + i} is the reflected
     * source index of {@code j + i − half}; reflection repeats for kernels wider than the image.
     */
    static int[] reflectIndices(int n, int half) {
        int[] idx = new int[n + 2 * half];
        int period = 2 * (n - 1);
        for (int j = 0; j < idx.length; j++) {
            if (period == 0) {
                idx[j] = 0;
                continue;
            }
            int m = Math.floorMod(j - half, period);
            idx[j] = m < n ? m : period - m;
        }
        return idx;
    }
}
