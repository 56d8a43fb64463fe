package io.pulmo.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.metrics.SegmentationReport.PerImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentationMetricsTest {

    /** A mask written as rows of 0/1 characters, e.g. "1100/0110", read row by row. */
    private static byte[] mask(String rows) {
        String bits = rows.replace("/", "");
        byte[] m = new byte[bits.length()];
        for (int j = 0; j < m.length; j++) {
            m[j] = (byte) (bits.charAt(j) - '0');
        }
        return m;
    }

    /** Probabilities 0.9 where {@code rows} has a 1 and 0.1 elsewhere. */
    private static float[] probabilities(String rows) {
        byte[] m = mask(rows);
        float[] p = new float[m.length];
        for (int j = 0; j < m.length; j++) {
            p[j] = m[j] == 1 ? 0.9f : 0.1f;
        }
        return p;
    }

    /**
     * One 2×4 image, truth 1100/0110, prediction 1110/0000: TP = 2 (pixels 0, 1), FP = 1 (pixel 2), FN = 2
     * (pixels 5, 6), TN = 3. scikit-learn on the flattened masks gives f1_score = 2·2/(2·2 + 1 + 2) = 4/7,
     * jaccard_score = 2/5, recall_score = 2/4, precision_score = 2/3; 4 truth and 3 predicted pixels.
     */
    @Test
    void matchesScikitLearnDefinitionsOnOneImage() {
        PerImage image = SegmentationMetrics.image(probabilities("1110/0000"), mask("1100/0110"), 0.5);
        assertThat(image).isEqualTo(new PerImage(2, 1, 2, 3));
        assertThat(image.dice()).isCloseTo(4.0 / 7, within(1e-15));
        assertThat(image.iou()).isCloseTo(0.4, within(1e-15));
        assertThat(image.recall()).isCloseTo(0.5, within(1e-15));
        assertThat(image.precision()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(image.maskPixels()).isEqualTo(4);
        assertThat(image.predPixels()).isEqualTo(3);
        assertThat(image.toMap()).containsExactly(Map.entry("dice", 4.0 / 7), Map.entry("iou", 0.4),
                Map.entry("recall", 0.5), Map.entry("precision", 2.0 / 3), Map.entry("mask_pixels", 4L),
                Map.entry("pred_pixels", 3L));
        // Dice = 2·IoU / (1 + IoU), as always for one image
        assertThat(image.dice()).isCloseTo(2 * image.iou() / (1 + image.iou()), within(1e-15));
    }

    @ParameterizedTest(name = "truth {0}, prediction {1}")
    @CsvSource({
            // truth,    prediction, dice, iou, recall, precision
            "0000/0000, 0000/0000,  1,    1,   1,      1",    // both empty: perfect
            "0000/0000, 0100/0000,  0,    0,   1,      0",    // empty truth, a false positive: nothing to find
            "0110/0000, 0000/0000,  0,    0,   0,      1",    // missed everything, but no false positive
            "0110/0000, 0110/0000,  1,    1,   1,      1",
            "1111/1111, 0000/1111,  0.6666666666666666, 0.5, 0.5, 1"
    })
    void handlesEmptyMasksExplicitly(String truth, String prediction, double dice, double iou, double recall,
                                     double precision) {
        PerImage image = SegmentationMetrics.image(probabilities(prediction), mask(truth), 0.5);
        assertThat(image.dice()).isEqualTo(dice);
        assertThat(image.iou()).isEqualTo(iou);
        assertThat(image.recall()).isEqualTo(recall);
        assertThat(image.precision()).isEqualTo(precision);
    }

    @Test
    void thresholdsAtOrAboveAndReadsAnyNonZeroTruthAsForeground() {
        float[] p = {0.5f, 0.49f, 0.7f, 0.2f};
        assertThat(SegmentationMetrics.image(p, new byte[]{(byte) 255, 1, 0, 0}, 0.5))
                .isEqualTo(new PerImage(1, 1, 1, 1));
        assertThat(SegmentationMetrics.image(p, new boolean[]{true, true, false, false}, 0.5))
                .isEqualTo(new PerImage(1, 1, 1, 1));
        assertThat(SegmentationMetrics.image(p, new boolean[]{true, true, false, false}, 0.1))
                .isEqualTo(new PerImage(2, 2, 0, 0));
    }

    /**
     * Four images: A = the scikit-learn image above (dice 4/7, iou 2/5, recall 1/2, precision 2/3), B both empty
     * (1, 1, 1, 1), C empty truth with 2 predicted pixels (0, 0, 1, 0), D 3 truth pixels and no prediction
     * (0, 0, 0, 1). Pooled: TP = 2, FP = 1 + 2, FN = 2 + 3 → dice_global = 4 / (4 + 3 + 5) = 1/3.
     */
    @Test
    void summarisesATestSetByHand() {
        SegmentationMetrics metrics = new SegmentationMetrics();
        metrics.add(probabilities("1110/0000"), mask("1100/0110"));
        metrics.add(probabilities("0000/0000"), mask("0000/0000"));
        metrics.add(probabilities("0000/0011"), mask("0000/0000"));
        boolean[] dTruth = {true, true, true, false, false, false, false, false};
        metrics.add(probabilities("0000/0000"), dTruth);
        assertThat(metrics.count()).isEqualTo(4);
        assertThat(metrics.images()).extracting(PerImage::dice).containsExactly(4.0 / 7, 1.0, 0.0, 0.0);

        SegmentationReport report = metrics.report(42);
        assertThat(report.n()).isEqualTo(4);
        assertThat(report.threshold()).isEqualTo(0.5);
        assertThat(report.dice()).isCloseTo((4.0 / 7 + 1) / 4, within(1e-15));
        assertThat(report.iou()).isCloseTo((0.4 + 1) / 4, within(1e-15));
        assertThat(report.recall()).isCloseTo((0.5 + 1 + 1) / 4, within(1e-15));
        assertThat(report.precision()).isCloseTo((2.0 / 3 + 1 + 1) / 4, within(1e-15));
        assertThat(report.diceGlobal()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(report.nEmptyGt()).isEqualTo(2);
        assertThat(report.emptyFpRate()).isEqualTo(0.5);
        assertThat(report.diceNonempty()).isCloseTo((4.0 / 7 + 0) / 2, within(1e-15));
        for (String metric : SegmentationReport.MEAN_METRICS) {
            double[] ci = report.ci95().get(metric);
            assertThat(ci[0]).as(metric).isLessThanOrEqualTo(report.metric(metric));
            assertThat(ci[1]).as(metric).isGreaterThanOrEqualTo(report.metric(metric));
            assertThat(ci[0]).isGreaterThanOrEqualTo(0);
            assertThat(ci[1]).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void emptyRatesAreNaNWhenThereIsNothingToAverage() {
        SegmentationReport noEmpty = SegmentationMetrics.summarize(List.of(new PerImage(3, 1, 0, 4)), 0.5, 10, 1);
        assertThat(noEmpty.nEmptyGt()).isZero();
        assertThat(noEmpty.emptyFpRate()).isNaN();
        assertThat(noEmpty.diceNonempty()).isCloseTo(6.0 / 7, within(1e-15));

        SegmentationReport allEmpty = SegmentationMetrics.summarize(
                List.of(new PerImage(0, 0, 0, 8), new PerImage(0, 0, 0, 8)), 0.5, 10, 1);
        assertThat(allEmpty.diceNonempty()).isNaN();
        assertThat(allEmpty.emptyFpRate()).isZero();
        assertThat(allEmpty.diceGlobal()).isEqualTo(1.0);
        assertThat(allEmpty.dice()).isEqualTo(1.0);

        Map<String, Object> json = SegmentationMetrics.toJson(noEmpty, "test", null);
        assertThat(json).containsEntry("empty_fp_rate", null).containsEntry("loss", null);
    }

    @Test
    void bootstrapIsSeededAndDegenerateForIdenticalImages() {
        List<PerImage> images = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 60; i++) {
            images.add(new PerImage(random.nextInt(20), random.nextInt(5), random.nextInt(5), 100));
        }
        SegmentationReport a = SegmentationMetrics.summarize(images, 0.5, 42);
        SegmentationReport b = SegmentationMetrics.summarize(images, 0.5, 42);
        SegmentationReport c = SegmentationMetrics.summarize(images, 0.5, 43);
        assertThat(a.ci95().keySet()).containsExactly("dice", "iou", "recall", "precision");
        for (String metric : SegmentationReport.MEAN_METRICS) {
            assertThat(a.ci95().get(metric)).containsExactly(b.ci95().get(metric));
            double[] ci = a.ci95().get(metric);
            assertThat(ci[0]).isLessThan(a.metric(metric)).isGreaterThan(a.metric(metric) - 0.2);
            assertThat(ci[1]).isGreaterThan(a.metric(metric)).isLessThan(a.metric(metric) + 0.2);
        }
        assertThat(a.ci95().get("dice")).isNotEqualTo(c.ci95().get("dice"));

        List<PerImage> same = List.of(new PerImage(2, 1, 2, 3), new PerImage(2, 1, 2, 3), new PerImage(2, 1, 2, 3));
        SegmentationReport flat = SegmentationMetrics.summarize(same, 0.5, 7);
        assertThat(flat.ci95().get("iou")[0]).isCloseTo(0.4, within(1e-15));
        assertThat(flat.ci95().get("iou")[1]).isCloseTo(0.4, within(1e-15));
    }

    @Test
    void writesTheMetricsJsonShape() {
        SegmentationMetrics metrics = new SegmentationMetrics(0.4);
        metrics.add(probabilities("1110/0000"), mask("1100/0110"));
        metrics.add(probabilities("0000/0011"), mask("0000/0000"));
        SegmentationReport report = metrics.report(1);
        Map<String, Object> json = SegmentationMetrics.toJson(report, "test", 0.25);
        assertThat(json.keySet()).containsExactly("task", "split", "n", "threshold", "dice", "iou", "recall",
                "precision", "dice_global", "n_empty_gt", "empty_fp_rate", "dice_nonempty", "loss", "ci95");
        assertThat(json).containsEntry("task", "segmentation").containsEntry("split", "test").containsEntry("n", 2)
                .containsEntry("threshold", 0.4).containsEntry("n_empty_gt", 1).containsEntry("empty_fp_rate", 1.0)
                .containsEntry("loss", 0.25).containsEntry("dice", (4.0 / 7) / 2)
                .containsEntry("dice_nonempty", 4.0 / 7);
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> ci = (Map<String, List<Double>>) json.get("ci95");
        assertThat(ci.keySet()).containsExactly("dice", "iou", "recall", "precision");
        assertThat(ci.get("dice")).hasSize(2);
        assertThat(ci.get("dice").get(0)).isLessThanOrEqualTo(ci.get("dice").get(1));
    }

    @Test
    void rejectsBadInputs() {
        assertThatThrownBy(() -> SegmentationMetrics.image(new float[3], new byte[4], 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 vs 4");
        assertThatThrownBy(() -> SegmentationMetrics.image(new float[]{0.1f, Float.NaN}, new byte[2], 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probabilities[1]");
        assertThatThrownBy(() -> new SegmentationMetrics(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> new SegmentationMetrics().report(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> SegmentationMetrics.summarize(List.of(new PerImage(1, 0, 0, 0)), 0.5, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resamples");
        assertThatThrownBy(() -> new PerImage(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
