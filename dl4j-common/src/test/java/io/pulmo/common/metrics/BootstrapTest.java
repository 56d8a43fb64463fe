package io.pulmo.common.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BootstrapTest {

    private static final List<String> CLASSES = List.of("NORMAL", "PNEUMONIA");

    /** n items, about a third positive, P(positive) = noisy, informative score (AUC around 0.85). */
    private record Sample(int[] labels, double[][] probs) {
        static Sample of(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int[] labels = new int[n];
            double[][] probs = new double[n][];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextDouble() < 0.35 ? 1 : 0;
                double logit = (labels[i] == 1 ? 1.0 : -1.0) + 1.1 * gaussian(random);
                double p = 1 / (1 + Math.exp(-logit));
                probs[i] = new double[] {1 - p, p};
            }
            return new Sample(labels, probs);
        }

        private static double gaussian(SplittableRandom random) {
            return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] v = {1, 2, 3, 4, 5};
        // numpy.percentile([1, 2, 3, 4, 5], [2.5, 50, 97.5]) = [1.1, 3.0, 4.9]
        assertThat(Bootstrap.percentile(v, 0.025)).isCloseTo(1.1, within(1e-12));
        assertThat(Bootstrap.percentile(v, 0.5)).isEqualTo(3.0);
        assertThat(Bootstrap.percentile(v, 0.975)).isCloseTo(4.9, within(1e-12));
        assertThat(Bootstrap.percentile(new double[] {7}, 0.975)).isEqualTo(7.0);
        assertThat(Bootstrap.percentile(new double[0], 0.5)).isNaN();
    }

    @Test
    void sameSeedGivesSameIntervalsAndOtherSeedOtherOnes() {
        Sample s = Sample.of(120, 1);
        Map<String, double[]> a = Bootstrap.ci95(s.labels(), s.probs(), CLASSES, 1, 0.5, 200, 42);
        Map<String, double[]> b = Bootstrap.ci95(s.labels(), s.probs(), CLASSES, 1, 0.5, 200, 42);
        Map<String, double[]> c = Bootstrap.ci95(s.labels(), s.probs(), CLASSES, 1, 0.5, 200, 43);
        assertThat(a.keySet()).containsExactly("accuracy", "precision", "recall", "specificity", "f1", "auc");
        for (String metric : a.keySet()) {
            assertThat(a.get(metric)).as(metric).containsExactly(b.get(metric));
        }
        assertThat(a.get("auc")).isNotEqualTo(c.get("auc"));
    }

    @Test
    void intervalsContainThePointEstimate() {
        Sample s = Sample.of(300, 2);
        ClassificationReport point = ClassificationMetrics.compute(s.labels(), s.probs(), CLASSES, 1, 0.5);
        Map<String, double[]> ci = Bootstrap.ci95(s.labels(), s.probs(), CLASSES, 1, 0.5, 7);
        assertThat(point.auc()).isBetween(0.75, 0.95); // the sample is informative, not degenerate
        for (String metric : ClassificationReport.METRICS) {
            double[] interval = ci.get(metric);
            assertThat(interval).as(metric).hasSize(2);
            assertThat(interval[0]).as(metric + " lo").isLessThan(interval[1]).isBetween(0.0, 1.0);
            assertThat(point.metric(metric)).as(metric).isBetween(interval[0], interval[1]);
        }
    }

    @Test
    void intervalsNarrowWithMoreItems() {
        Sample small = Sample.of(60, 3);
        Sample large = Sample.of(2000, 3);
        Map<String, double[]> wide = Bootstrap.ci95(small.labels(), small.probs(), CLASSES, 1, 0.5, 300, 5);
        Map<String, double[]> narrow = Bootstrap.ci95(large.labels(), large.probs(), CLASSES, 1, 0.5, 300, 5);
        for (String metric : ClassificationReport.METRICS) {
            double wideWidth = wide.get(metric)[1] - wide.get(metric)[0];
            double narrowWidth = narrow.get(metric)[1] - narrow.get(metric)[0];
            // width scales like 1/sqrt(n): expect about sqrt(2000/60) ≈ 5.8 times narrower
            assertThat(narrowWidth).as(metric).isLessThan(wideWidth / 2.5);
        }
    }

    @Test
    void singleItemGivesDegenerateIntervalsAndAucIsSkipped() {
        Map<String, double[]> ci = Bootstrap.ci95(new int[] {1}, new double[][] {{0.3, 0.7}}, CLASSES, 1, 0.5, 50, 1);
        assertThat(ci.get("accuracy")).containsExactly(1.0, 1.0);
        assertThat(ci.get("recall")).containsExactly(1.0, 1.0);
        assertThat(ci.get("specificity")).containsExactly(0.0, 0.0); // 0/0 → 0
        assertThat(ci.get("auc")).containsExactly(Double.NaN, Double.NaN); // every resample has one class
    }

    @Test
    void resamplesWithOneClassAreSkippedForAucOnly() {
        // one negative among eight: about (7/8)^8 ≈ 34 % of resamples have no negative
        int[] labels = {0, 1, 1, 1, 1, 1, 1, 1};
        double[][] probs = {{0.4, 0.6}, {0.5, 0.5}, {0.3, 0.7}, {0.2, 0.8}, {0.6, 0.4}, {0.1, 0.9}, {0.35, 0.65}, {0.25, 0.75}};
        Map<String, double[]> ci = Bootstrap.ci95(labels, probs, CLASSES, 1, 0.5, 400, 9);
        assertThat(ci.get("auc")[0]).isBetween(0.0, 1.0);
        assertThat(ci.get("auc")[1]).isBetween(ci.get("auc")[0], 1.0);
        assertThat(ci.get("accuracy")[0]).isLessThan(ci.get("accuracy")[1]);
    }

    @Test
    void multiClassIntervalsAreForTheMacroValues() {
        SplittableRandom random = new SplittableRandom(4);
        int n = 150;
        int[] labels = new int[n];
        double[][] probs = new double[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            double[] p = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            p[labels[i]] += 0.6;
            probs[i] = p;
        }
        List<String> classes = List.of("a", "b", "c");
        ClassificationReport point = ClassificationMetrics.compute(labels, probs, classes, 0, 0.5);
        Map<String, double[]> ci = Bootstrap.ci95(labels, probs, classes, 0, 0.5, 300, 11);
        for (String metric : ClassificationReport.METRICS) {
            assertThat(point.metric(metric)).as(metric).isBetween(ci.get(metric)[0], ci.get(metric)[1]);
        }
    }

    @Test
    void rejectsNoResamples() {
        assertThatThrownBy(() -> Bootstrap.ci95(new int[] {1}, new double[][] {{0.3, 0.7}}, CLASSES, 1, 0.5, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resamples");
    }
}
