package io.pulmo.experiments.bench;

import java.util.Arrays;

/**
 * Seconds per iteration of a repeated step: {@code warmup} untimed calls, then {@code iters} timed ones.
 *
 * @param seconds the timed iterations, in order
 */
public record Timing(double[] seconds) {

    /** Runs {@code step} {@code warmup + iters} times and keeps the last {@code iters} durations. */
    public static Timing of(Runnable step, int warmup, int iters) {
        if (iters < 1 || warmup < 0) {
            throw new IllegalArgumentException("need iters >= 1 and warmup >= 0, got " + iters + ", " + warmup);
        }
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        double[] s = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            step.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        return new Timing(s);
    }

    public double mean() {
        return Arrays.stream(seconds).average().orElse(Double.NaN);
    }

    public double median() {
        double[] s = seconds.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    public double min() {
        return Arrays.stream(seconds).min().orElse(Double.NaN);
    }

    public double max() {
        return Arrays.stream(seconds).max().orElse(Double.NaN);
    }
}
