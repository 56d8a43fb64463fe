package io.pulmo.ct3d.segment;

/**
 * Pixel counts of a thresholded segmentation summed over a whole data set, and the book's metrics from them
 * ({@code SegmentationTrainingApp.logMetrics} in {@code p2ch13/training.py}): a pixel is predicted nodule when its
 * probability is strictly above the threshold (0.5 in the book), and is truly nodule when its label is above 0.5.
 * <pre>
 *   recall    = TP / (TP + FN)
 *   precision = TP / (TP + FP)
 *   dice      = 2 TP / (2 TP + FP + FN)     (= the book's f1_score 2PR / (P + R))
 * </pre>
 * An empty denominator gives 0, as the book's {@code x / (d or 1)} does: recall 0 without nodule pixels,
 * precision 0 without predicted pixels, dice 0 when neither exists. Totals over the set, not means of per-image
 * values, so large nodules weigh more than small ones.
 *
 * @param tp pixels predicted and truly nodule
 * @param fp pixels predicted nodule but not
 * @param fn nodule pixels not predicted
 */
public record PixelTotals(long tp, long fp, long fn) {

    /** No pixels yet. */
    public static final PixelTotals ZERO = new PixelTotals(0, 0, 0);

    public PixelTotals {
        if (tp < 0 || fp < 0 || fn < 0) {
            throw new IllegalArgumentException("pixel counts must be >= 0, got tp " + tp + ", fp " + fp + ", fn " + fn);
        }
    }

    /**
     * The counts of {@code n} pixels from {@code from} in both arrays.
     *
     * @param probabilities predicted probabilities
     * @param truth         labels, 0 or 1
     * @param threshold     a pixel is predicted when its probability is above this
     */
    public static PixelTotals count(float[] probabilities, float[] truth, int from, int n, double threshold) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int k = from; k < from + n; k++) {
            boolean predicted = probabilities[k] > threshold;
            boolean nodule = truth[k] > 0.5f;
            if (predicted && nodule) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (nodule) {
                fn++;
            }
        }
        return new PixelTotals(tp, fp, fn);
    }

    /** These counts plus {@code other}'s. */
    public PixelTotals plus(PixelTotals other) {
        return new PixelTotals(tp + other.tp, fp + other.fp, fn + other.fn);
    }

    /** TP / (TP + FN); 0 without nodule pixels. */
    public double recall() {
        return ratio(tp, tp + fn);
    }

    /** TP / (TP + FP); 0 without predicted pixels. */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /** 2 TP / (2 TP + FP + FN); 0 without nodule or predicted pixels. */
    public double dice() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
