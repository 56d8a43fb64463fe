package io.pulmo.common.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.metrics.ClassificationReport.PerClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Expected values are scikit-learn's ({@code accuracy_score}, {@code precision_score},
 * {@code recall_score}, {@code f1_score} with {@code zero_division=0}, {@code roc_auc_score}),
 * derived by hand from the confusion counts written next to each case.
 */
class ClassificationMetricsTest {

    private static final double EPS = 1e-12;
    private static final List<String> XRAY = List.of("NORMAL", "PNEUMONIA");

    // 8 items; P(PNEUMONIA) per item
    private static final int[] BIN_LABELS = {0, 0, 0, 1, 1, 1, 1, 0};
    private static final double[] BIN_P1 = {0.1, 0.4, 0.6, 0.3, 0.5, 0.7, 0.9, 0.55};
    // AUC: positives {.3,.5,.7,.9} above negatives {.1,.4,.6,.55} in 1 + 2 + 4 + 4 = 11 of 16 pairs
    private static final double BIN_AUC = 11.0 / 16;

    private static double[][] twoColumns(double[] p1) {
        double[][] probs = new double[p1.length][];
        for (int i = 0; i < p1.length; i++) {
            probs[i] = new double[] {1 - p1[i], p1[i]};
        }
        return probs;
    }

    /** name, labels, P(class 1), positiveClass, threshold, confusion, accuracy, precision, recall, specificity, f1, auc. */
    static Stream<Arguments> binaryCases() {
        return Stream.of(
                // TP 3 (.5 ≥ .5 counts), FN 1, FP 2, TN 2
                Arguments.of("threshold 0.5", BIN_LABELS, BIN_P1, 1, 0.5, new long[][] {{2, 2}, {1, 3}},
                        5.0 / 8, 3.0 / 5, 3.0 / 4, 2.0 / 4, 6.0 / 9, BIN_AUC),
                // NORMAL positive, score 1 − p: TP 2, FN 2, FP 2, TN 2; AUC is symmetric
                Arguments.of("positive class 0", BIN_LABELS, BIN_P1, 0, 0.5, new long[][] {{2, 2}, {2, 2}},
                        0.5, 0.5, 0.5, 0.5, 0.5, BIN_AUC),
                // nothing predicted positive: precision 0/0 → 0, f1 0/4 = 0
                Arguments.of("threshold 0.95", BIN_LABELS, BIN_P1, 1, 0.95, new long[][] {{4, 0}, {4, 0}},
                        0.5, 0.0, 0.0, 1.0, 0.0, BIN_AUC),
                // everything predicted positive: specificity 0/4, f1 = 8 / (8 + 4)
                Arguments.of("threshold 0", BIN_LABELS, BIN_P1, 1, 0.0, new long[][] {{0, 4}, {0, 4}},
                        0.5, 0.5, 1.0, 0.0, 8.0 / 12, BIN_AUC),
                // no negatives: specificity 0/0 → 0, AUC undefined
                Arguments.of("one class only", new int[] {1, 1, 1}, new double[] {0.2, 0.6, 0.8}, 1, 0.5,
                        new long[][] {{0, 0}, {1, 2}}, 2.0 / 3, 1.0, 2.0 / 3, 0.0, 4.0 / 5, Double.NaN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void binaryMetricsAreThoseOfThePositiveClass(String name, int[] labels, double[] p1, int positive, double threshold,
                                                 long[][] confusion, double accuracy, double precision, double recall,
                                                 double specificity, double f1, double auc) {
        ClassificationReport r = ClassificationMetrics.compute(labels, twoColumns(p1), XRAY, positive, threshold);
        assertThat(r.confusion().counts()).isDeepEqualTo(confusion);
        assertThat(r.n()).isEqualTo(labels.length);
        assertThat(r.accuracy()).isCloseTo(accuracy, within(EPS));
        assertThat(r.precision()).isCloseTo(precision, within(EPS));
        assertThat(r.recall()).isCloseTo(recall, within(EPS));
        assertThat(r.specificity()).isCloseTo(specificity, within(EPS));
        assertThat(r.f1()).isCloseTo(f1, within(EPS));
        if (Double.isNaN(auc)) {
            assertThat(r.auc()).isNaN();
        } else {
            assertThat(r.auc()).isCloseTo(auc, within(EPS));
        }
        assertThat(r.perClass()).isEmpty();
        assertThat(r.macro()).isNull();
        assertThat(r.binary()).isTrue();
    }

    @Test
    void binaryPredictionIsScoreAtLeastThreshold() {
        ClassificationReport r = ClassificationMetrics.compute(BIN_LABELS, twoColumns(BIN_P1), XRAY, 1, 0.5);
        assertThat(r.predicted()).containsExactly(0, 0, 1, 0, 1, 1, 1, 1);
    }

    /*
     * 3 classes a, b, c; argmax predictions 0 0 1 | 1 1 0 | 2 1 2
     * confusion [[2,1,0],[1,2,0],[0,1,2]]
     * a: TP 2 FP 1 FN 1 TN 5 → P 2/3 R 2/3 S 5/6 F1 4/6; AUC (6 + 5 + 2.5)/18 = 0.75
     * b: TP 2 FP 2 FN 1 TN 4 → P 1/2 R 2/3 S 4/6 F1 4/7; AUC (6 + 4 + 3)/18 = 13/18
     * c: TP 2 FP 0 FN 1 TN 6 → P 1   R 2/3 S 1   F1 4/5; AUC (6 + 5.5 + 6)/18 = 35/36
     */
    private static final int[] ABC_LABELS = {0, 0, 0, 1, 1, 1, 2, 2, 2};
    private static final double[][] ABC_PROBS = {
            {0.7, 0.2, 0.1}, {0.5, 0.3, 0.2}, {0.2, 0.6, 0.2},
            {0.1, 0.8, 0.1}, {0.3, 0.4, 0.3}, {0.6, 0.3, 0.1},
            {0.1, 0.2, 0.7}, {0.2, 0.5, 0.3}, {0.3, 0.3, 0.4}};

    /*
     * 3 classes x, y, z; z is never predicted: predictions 0 0 | 1 1 | 0 1
     * confusion [[2,0,0],[0,2,0],[1,1,0]]
     * x: TP 2 FP 1 FN 0 TN 3 → P 2/3 R 1 S 3/4 F1 4/5; AUC (4 + 3.5)/8
     * y: TP 2 FP 1 FN 0 TN 3 → P 2/3 R 1 S 3/4 F1 4/5; AUC 8/8
     * z: TP 0 FP 0 FN 2 TN 4 → P 0/0 = 0, R 0, S 1, F1 0; AUC 6/8
     */
    private static final int[] XYZ_LABELS = {0, 0, 1, 1, 2, 2};
    private static final double[][] XYZ_PROBS = {
            {0.6, 0.3, 0.1}, {0.5, 0.1, 0.4}, {0.2, 0.7, 0.1}, {0.4, 0.5, 0.1}, {0.5, 0.2, 0.3}, {0.3, 0.45, 0.25}};

    /** name, labels, probs, confusion, accuracy, per-class rows {precision, recall, specificity, f1, auc, support}. */
    static Stream<Arguments> multiClassCases() {
        return Stream.of(
                Arguments.of("a b c", List.of("a", "b", "c"), ABC_LABELS, ABC_PROBS,
                        new long[][] {{2, 1, 0}, {1, 2, 0}, {0, 1, 2}}, 6.0 / 9, new double[][] {
                                {2.0 / 3, 2.0 / 3, 5.0 / 6, 4.0 / 6, 13.5 / 18, 3},
                                {1.0 / 2, 2.0 / 3, 4.0 / 6, 4.0 / 7, 13.0 / 18, 3},
                                {1.0, 2.0 / 3, 1.0, 4.0 / 5, 17.5 / 18, 3}}),
                Arguments.of("z never predicted", List.of("x", "y", "z"), XYZ_LABELS, XYZ_PROBS,
                        new long[][] {{2, 0, 0}, {0, 2, 0}, {1, 1, 0}}, 4.0 / 6, new double[][] {
                                {2.0 / 3, 1.0, 3.0 / 4, 4.0 / 5, 7.5 / 8, 2},
                                {2.0 / 3, 1.0, 3.0 / 4, 4.0 / 5, 1.0, 2},
                                {0.0, 0.0, 1.0, 0.0, 6.0 / 8, 2}}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multiClassCases")
    void multiClassReportsOneVsRestAndMacroMeans(String name, List<String> classes, int[] labels, double[][] probs,
                                                 long[][] confusion, double accuracy, double[][] perClass) {
        ClassificationReport r = ClassificationMetrics.compute(labels, probs, classes, 0, 0.5);
        assertThat(r.confusion().counts()).isDeepEqualTo(confusion);
        assertThat(r.accuracy()).isCloseTo(accuracy, within(EPS));
        assertThat(r.perClass().keySet()).containsExactlyElementsOf(classes);
        double[] sums = new double[5];
        for (int c = 0; c < classes.size(); c++) {
            PerClass actual = r.perClass().get(classes.get(c));
            double[] expected = perClass[c];
            assertThat(actual.precision()).as("%s precision", classes.get(c)).isCloseTo(expected[0], within(EPS));
            assertThat(actual.recall()).as("%s recall", classes.get(c)).isCloseTo(expected[1], within(EPS));
            assertThat(actual.specificity()).as("%s specificity", classes.get(c)).isCloseTo(expected[2], within(EPS));
            assertThat(actual.f1()).as("%s f1", classes.get(c)).isCloseTo(expected[3], within(EPS));
            assertThat(actual.auc()).as("%s auc", classes.get(c)).isCloseTo(expected[4], within(EPS));
            assertThat(actual.support()).isEqualTo((long) expected[5]);
            for (int j = 0; j < 5; j++) {
                sums[j] += expected[j];
            }
        }
        int k = classes.size();
        assertThat(r.macro().precision()).isCloseTo(sums[0] / k, within(EPS));
        assertThat(r.macro().recall()).isCloseTo(sums[1] / k, within(EPS));
        assertThat(r.macro().specificity()).isCloseTo(sums[2] / k, within(EPS));
        assertThat(r.macro().f1()).isCloseTo(sums[3] / k, within(EPS));
        assertThat(r.macro().auc()).isCloseTo(sums[4] / k, within(EPS));
        assertThat(r.macro().support()).isEqualTo(labels.length);
        assertThat(new double[] {r.precision(), r.recall(), r.specificity(), r.f1(), r.auc()})
                .containsExactly(r.macro().precision(), r.macro().recall(), r.macro().specificity(), r.macro().f1(), r.macro().auc());
    }

    @Test
    void macroValuesOfTheAbcCaseAsScikitLearnPrintsThem() {
        ClassificationReport r = ClassificationMetrics.compute(ABC_LABELS, ABC_PROBS, List.of("a", "b", "c"), 0, 0.5);
        assertThat(r.precision()).isCloseTo(13.0 / 18, within(EPS));   // 0.7222
        assertThat(r.recall()).isCloseTo(2.0 / 3, within(EPS));        // 0.6667
        assertThat(r.specificity()).isCloseTo(15.0 / 18, within(EPS)); // 0.8333
        assertThat(r.f1()).isCloseTo(214.0 / 315, within(EPS));        // 0.6794
        assertThat(r.auc()).isCloseTo(44.0 / 54, within(EPS));         // 0.8148
        assertThat(r.predicted()).containsExactly(0, 0, 1, 1, 1, 0, 2, 1, 2);
    }

    @Test
    void argmaxTiesGoToTheFirstClassAndTheThresholdIsIgnored() {
        double[][] probs = {{0.4, 0.4, 0.2}, {0.2, 0.4, 0.4}, {0.1, 0.1, 0.8}};
        ClassificationReport r = ClassificationMetrics.compute(new int[] {0, 1, 2}, probs, List.of("a", "b", "c"), 0, 0.99);
        assertThat(r.predicted()).containsExactly(0, 1, 2);
        assertThat(r.accuracy()).isEqualTo(1.0);
    }

    @Test
    void macroAucIsNaNWhenAClassIsAbsentFromTheLabels() {
        double[][] probs = {{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.6, 0.1}};
        ClassificationReport r = ClassificationMetrics.compute(new int[] {0, 1, 1}, probs, List.of("a", "b", "c"), 0, 0.5);
        assertThat(r.perClass().get("a").auc()).isEqualTo(1.0);
        assertThat(r.perClass().get("c").auc()).isNaN();
        assertThat(r.auc()).isNaN();
        // c: no items, never predicted → P = R = F1 = 0 (zero_division=0), S = 3/3
        assertThat(r.perClass().get("c")).isEqualTo(new PerClass(0, 0, 1, 0, Double.NaN, 0));
        assertThat(r.recall()).isCloseTo(2.0 / 3, within(EPS));
    }

    @Test
    void rejectsBadInput() {
        double[][] probs = twoColumns(new double[] {0.2, 0.7});
        assertThatThrownBy(() -> ClassificationMetrics.compute(new int[] {0}, probs, XRAY, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
        assertThatThrownBy(() -> ClassificationMetrics.compute(new int[0], new double[0][], XRAY, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ClassificationMetrics.compute(new int[] {0, 2}, probs, XRAY, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 2");
        assertThatThrownBy(() -> ClassificationMetrics.compute(new int[] {0, 1}, probs, XRAY, 2, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positiveClass");
        assertThatThrownBy(() -> ClassificationMetrics.compute(new int[] {0, 1}, new double[][] {{0.5, 0.5}, {1.0}}, XRAY, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probs[1] has 1 values");
        assertThatThrownBy(() -> ClassificationMetrics.compute(new int[] {0, 1}, new double[][] {{0.5, 0.5}, {0.5, Double.NaN}}, XRAY, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("probs[1][1] is NaN");
    }

    @Test
    void binaryJsonFollowsCliMdOrderWithNamesAndNulls() throws Exception {
        ClassificationReport r = ClassificationMetrics.compute(new int[] {1, 1, 1}, twoColumns(new double[] {0.2, 0.6, 0.8}), XRAY, 1, 0.5);
        Map<String, double[]> ci = Map.of("accuracy", new double[] {0.25, 1.0}, "auc", new double[] {Double.NaN, Double.NaN});
        Map<String, Object> json = ClassificationMetrics.toJson(r, ci, "classification", "test");
        assertThat(json.keySet()).containsExactly("task", "split", "n", "classes", "positive_class", "threshold",
                "accuracy", "precision", "recall", "specificity", "f1", "auc", "ci95", "confusion");
        assertThat(json).containsEntry("task", "classification").containsEntry("split", "test").containsEntry("n", 3)
                .containsEntry("classes", XRAY).containsEntry("positive_class", "PNEUMONIA").containsEntry("threshold", 0.5)
                .containsEntry("recall", 2.0 / 3).containsEntry("auc", null)
                .containsEntry("confusion", List.of(List.of(0L, 0L), List.of(1L, 2L)));
        assertThat(new ObjectMapper().writeValueAsString(json)).contains(
                "\"auc\":null",
                "\"ci95\":{\"accuracy\":[0.25,1.0],\"auc\":[null,null]}",
                "\"confusion\":[[0,0],[1,2]]");
    }

    @Test
    void multiClassJsonAddsPerClassAndMacro() {
        ClassificationReport r = ClassificationMetrics.compute(XYZ_LABELS, XYZ_PROBS, List.of("x", "y", "z"), 2, 0.5);
        Map<String, Object> json = ClassificationMetrics.toJson(r, null, "classification", "val");
        assertThat(json.keySet()).containsExactly("task", "split", "n", "classes", "positive_class", "threshold",
                "accuracy", "precision", "recall", "specificity", "f1", "auc", "ci95", "confusion", "per_class", "macro");
        assertThat(json).containsEntry("positive_class", "z").containsEntry("ci95", Map.of())
                .containsEntry("precision", r.macro().precision());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> perClass = (Map<String, Map<String, Object>>) json.get("per_class");
        assertThat(perClass.keySet()).containsExactly("x", "y", "z");
        assertThat(perClass.get("z").keySet()).containsExactly("precision", "recall", "specificity", "f1", "auc", "support");
        assertThat(perClass.get("z")).containsEntry("precision", 0.0).containsEntry("auc", 0.75).containsEntry("support", 2L);
        @SuppressWarnings("unchecked")
        Map<String, Object> macro = (Map<String, Object>) json.get("macro");
        assertThat(macro).containsEntry("support", 6L);
        assertThat((Double) macro.get("precision")).isCloseTo(4.0 / 9, within(EPS));
    }
}
