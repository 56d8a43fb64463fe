package io.pulmo.common.metrics;

import io.pulmo.common.metrics.ClassificationReport.PerClass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classification metrics from labels and class probabilities: pure functions, arrays in, a
 * {@link ClassificationReport} out, plus its {@code metrics.json} shape.
 *
 * <h2>Decision rule</h2>
 * <ul>
 *   <li><b>Two classes:</b> the score of item i is {@code probs[i][positiveClass]}; the item is
 *       predicted positive iff {@code score ≥ threshold}, otherwise the other class.</li>
 *   <li><b>More than two classes:</b> the prediction is the argmax of {@code probs[i]} (the first
 *       index on ties, like NumPy); {@code threshold} is not used.</li>
 * </ul>
 *
 * <h2>Metrics</h2>
 * With one-vs-rest counts TP, FP, FN, TN of a class (see {@link ConfusionMatrix}):
 * <pre>
 *   accuracy    = (Σ_c TP_c) / n
 *   precision   = TP / (TP + FP)
 *   recall      = TP / (TP + FN)
 *   specificity = TN / (TN + FP)
 *   f1          = 2·TP / (2·TP + FP + FN)    (= 2·precision·recall / (precision + recall))
 *   auc         = {@link Roc#auc(double[], int[], int)} of P(class) for "class vs rest"
 * </pre>
 * <b>Zero division:</b> a ratio whose denominator is 0 is 0, like scikit-learn's
 * {@code zero_division=0} (e.g. precision of a class that is never predicted). AUC is NaN instead
 * when the class or its complement is absent from {@code labels}.
 *
 * <p>Two classes report the positive class's values. More than two classes report every class in
 * {@code perClass} and, at the top level and in {@code macro}, their unweighted means over all k
 * classes (scikit-learn {@code average='macro'} with {@code labels=range(k)}, so a class absent
 * from both truth and prediction still counts, with zeros). The macro AUC is NaN when any class's
 * AUC is NaN (scikit-learn raises there); it equals {@code roc_auc_score(..., multi_class='ovr')}.
 */
public final class ClassificationMetrics {

    private ClassificationMetrics() {
    }

    /**
     * Computes every classification metric of one evaluation.
     *
     * @param labels        true class index per item, each in [0, k)
     * @param probs         n × k class probabilities (any non-NaN scores work; only order and the threshold matter)
     * @param classes       the k ≥ 2 class names, index = class id
     * @param positiveClass the positive class's index (two classes); recorded only for more than two
     * @param threshold     decision threshold on {@code probs[i][positiveClass]} (two classes)
     * @throws IllegalArgumentException on n = 0, mismatched lengths, a row of the wrong width, a NaN
     *                                  probability, a label outside [0, k) or a bad positiveClass
     */
    public static ClassificationReport compute(int[] labels, double[][] probs, List<String> classes,
                                               int positiveClass, double threshold) {
        int k = classes.size();
        check(labels, probs, k, positiveClass, threshold);
        int n = labels.length;
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = k == 2
                    ? (probs[i][positiveClass] >= threshold ? positiveClass : 1 - positiveClass)
                    : argmax(probs[i]);
        }
        ConfusionMatrix confusion = ConfusionMatrix.of(labels, predicted, k);
        double accuracy = ratio(confusion.correct(), n);
        if (k == 2) {
            PerClass positive = oneVsRest(confusion, labels, probs, positiveClass);
            return new ClassificationReport(n, classes, positiveClass, threshold, accuracy,
                    positive.precision(), positive.recall(), positive.specificity(), positive.f1(), positive.auc(),
                    confusion, Map.of(), null, predicted);
        }
        Map<String, PerClass> perClass = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            perClass.put(classes.get(c), oneVsRest(confusion, labels, probs, c));
        }
        List<PerClass> values = List.copyOf(perClass.values());
        PerClass macro = new PerClass(
                mean(values.stream().mapToDouble(PerClass::precision).toArray()),
                mean(values.stream().mapToDouble(PerClass::recall).toArray()),
                mean(values.stream().mapToDouble(PerClass::specificity).toArray()),
                mean(values.stream().mapToDouble(PerClass::f1).toArray()),
                mean(values.stream().mapToDouble(PerClass::auc).toArray()),
                n);
        return new ClassificationReport(n, classes, positiveClass, threshold, accuracy,
                macro.precision(), macro.recall(), macro.specificity(), macro.f1(), macro.auc(),
                confusion, perClass, macro, predicted);
    }

    /**
     * The classification part of {@code metrics.json}, keys in the order of docs/CLI.md:
     * {@code task, split, n, classes, positive_class} (a class name){@code , threshold, accuracy,
     * precision, recall, specificity, f1, auc, ci95} ({@code {metric: [lo, hi]}}, in
     * {@link ClassificationReport#METRICS} order){@code , confusion} (list of rows), and for more
     * than two classes {@code per_class} ({@code {name: {precision, recall, specificity, f1, auc,
     * support}}}) and {@code macro} (same keys, support = n). Metric values are plain
     * {@link Double}s; NaN becomes {@code null} (JSON has no NaN).
     *
     * @param ci    intervals by metric name, e.g. from {@link Bootstrap#ci95}; null or empty gives {@code "ci95": {}}
     * @param task  e.g. {@code classification}
     * @param split e.g. {@code test}
     */
    public static Map<String, Object> toJson(ClassificationReport report, Map<String, double[]> ci, String task, String split) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task", task);
        json.put("split", split);
        json.put("n", report.n());
        json.put("classes", report.classes());
        json.put("positive_class", report.positiveClassName());
        json.put("threshold", number(report.threshold()));
        for (String metric : ClassificationReport.METRICS) {
            json.put(metric, number(report.metric(metric)));
        }
        Map<String, Object> intervals = new LinkedHashMap<>();
        if (ci != null) {
            Set<String> order = new LinkedHashSet<>(ClassificationReport.METRICS);
            order.addAll(ci.keySet());
            for (String metric : order) {
                double[] interval = ci.get(metric);
                if (interval != null) {
                    List<Double> bounds = new ArrayList<>(interval.length);
                    for (double v : interval) {
                        bounds.add(number(v));
                    }
                    intervals.put(metric, bounds);
                }
            }
        }
        json.put("ci95", intervals);
        json.put("confusion", report.confusion().toLists());
        if (!report.binary()) {
            Map<String, Object> perClass = new LinkedHashMap<>();
            report.perClass().forEach((name, values) -> perClass.put(name, perClassJson(values)));
            json.put("per_class", perClass);
            json.put("macro", perClassJson(report.macro()));
        }
        return json;
    }

    private static Map<String, Object> perClassJson(PerClass values) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("precision", number(values.precision()));
        json.put("recall", number(values.recall()));
        json.put("specificity", number(values.specificity()));
        json.put("f1", number(values.f1()));
        json.put("auc", number(values.auc()));
        json.put("support", values.support());
        return json;
    }

    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static PerClass oneVsRest(ConfusionMatrix m, int[] labels, double[][] probs, int c) {
        long tp = m.truePositives(c);
        long fp = m.falsePositives(c);
        long fn = m.falseNegatives(c);
        long tn = m.trueNegatives(c);
        double[] scores = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            scores[i] = probs[i][c];
        }
        return new PerClass(ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(tn, tn + fp),
                ratio(2 * tp, 2 * tp + fp + fn), Roc.auc(scores, labels, c), tp + fn);
    }

    /** numerator / denominator, or 0 when the denominator is 0 (zero_division = 0). */
    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    /** Arithmetic mean; NaN if any value is NaN. */
    private static double mean(double[] values) {
        return Arrays.stream(values).sum() / values.length;
    }

    private static int argmax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    private static void check(int[] labels, double[][] probs, int k, int positiveClass, double threshold) {
        if (k < 2) {
            throw new IllegalArgumentException("classes must hold at least 2 names, got " + k);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("labels must not be empty");
        }
        if (labels.length != probs.length) {
            throw new IllegalArgumentException("labels and probs differ in length: " + labels.length + " vs " + probs.length);
        }
        if (positiveClass < 0 || positiveClass >= k) {
            throw new IllegalArgumentException("positiveClass must be in [0, " + k + "), got " + positiveClass);
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is outside [0, " + k + ")");
            }
            if (probs[i].length != k) {
                throw new IllegalArgumentException("probs[" + i + "] has " + probs[i].length + " values, expected " + k);
            }
            for (int c = 0; c < k; c++) {
                if (Double.isNaN(probs[i][c])) {
                    throw new IllegalArgumentException("probs[" + i + "][" + c + "] is NaN");
                }
            }
        }
    }
}
