package io.pulmo.common.augment;

import java.util.SplittableRandom;

/** Tiny planar {@code [c][h][w]} test images built in code. */
final class Images {
    private Images() {
    }

    /** Zero everywhere except 1 at column {@code x}, row {@code y} of every channel. */
    static float[] marker(int channels, int height, int width, int x, int y) {
        float[] px = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            px[c * height * width + y * width + x] = 1f;
        }
        return px;
    }

    static float[] constant(int channels, int height, int width, float value) {
        float[] px = new float[channels * height * width];
        java.util.Arrays.fill(px, value);
        return px;
    }

    /** Uniform values in {@code [lo, hi)} from a fixed seed. */
    static float[] noise(int channels, int height, int width, float lo, float hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] px = new float[channels * height * width];
        for (int i = 0; i < px.length; i++) {
            px[i] = lo + (hi - lo) * (float) rng.nextDouble();
        }
        return px;
    }

    static float at(float[] px, int height, int width, int c, int x, int y) {
        return px[c * height * width + y * width + x];
    }

    /** {@code {x, y}} of the largest value in channel {@code c}. */
    static int[] argmax(float[] px, int height, int width, int c) {
        int best = 0;
        int plane = height * width;
        for (int i = 1; i < plane; i++) {
            if (px[c * plane + i] > px[c * plane + best]) {
                best = i;
            }
        }
        return new int[]{best % width, best / width};
    }

    static double mean(float[] px) {
        double s = 0;
        for (float v : px) {
            s += v;
        }
        return s / px.length;
    }

    static double variance(float[] px) {
        double m = mean(px);
        double s = 0;
        for (float v : px) {
            s += (v - m) * (v - m);
        }
        return s / px.length;
    }
}
