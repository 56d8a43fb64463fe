package io.pulmo.common.metrics;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The classification metrics of one evaluation, as computed by {@link ClassificationMetrics#compute}.
 *
 * <p>Two classes: {@code precision}, {@code recall}, {@code specificity}, {@code f1} and
 * {@code auc} are those of {@code positiveClass}; {@code perClass} is empty and {@code macro} is
 * {@code null}. More than two classes: they are the macro means (unweighted over classes) of the
 * one-vs-rest values in {@code perClass}, the same numbers as {@code macro}.
 *
 * @param n             number of items
 * @param classes       class names, index = class id
 * @param positiveClass index of the positive class (informational only for more than two classes)
 * @param threshold     decision threshold on P(positive) (not used for more than two classes)
 * @param accuracy      correct / n
 * @param precision     TP / (TP + FP), 0 when nothing is predicted positive
 * @param recall        TP / (TP + FN), 0 when there are no positives
 * @param specificity   TN / (TN + FP), 0 when there are no negatives
 * @param f1            2TP / (2TP + FP + FN), 0 when TP + FP + FN = 0
 * @param auc           ROC AUC, NaN when a class needed for it is absent
 * @param confusion     rows = true class, columns = predicted, in {@code classes} order
 * @param perClass      one-vs-rest metrics by class name (more than two classes), else empty
 * @param macro         unweighted means of {@code perClass} with support = n (more than two classes), else null
 * @param predicted     predicted class index per item
 */
public record ClassificationReport(int n, List<String> classes, int positiveClass, double threshold,
                                   double accuracy, double precision, double recall, double specificity,
                                   double f1, double auc, ConfusionMatrix confusion,
                                   Map<String, PerClass> perClass, PerClass macro, int[] predicted) {

    /** Names of the top-level metrics, in {@code metrics.json} order; see {@link #metric(String)}. */
    public static final List<String> METRICS = List.of("accuracy", "precision", "recall", "specificity", "f1", "auc");

    public ClassificationReport {
        classes = List.copyOf(classes);
        Objects.requireNonNull(confusion, "confusion");
        if (classes.size() < 2) {
            throw new IllegalArgumentException("classes must hold at least 2 names, got " + classes);
        }
        if (confusion.size() != classes.size()) {
            throw new IllegalArgumentException("confusion is " + confusion.size() + "x" + confusion.size()
                    + " but there are " + classes.size() + " classes");
        }
        if (positiveClass < 0 || positiveClass >= classes.size()) {
            throw new IllegalArgumentException("positiveClass must be in [0, " + classes.size() + "), got " + positiveClass);
        }
        if (predicted.length != n || confusion.total() != n) {
            throw new IllegalArgumentException("n = " + n + " but predicted has " + predicted.length
                    + " items and confusion counts " + confusion.total());
        }
        perClass = Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
        predicted = predicted.clone();
    }

    @Override
    public int[] predicted() {
        return predicted.clone();
    }

    /** True when there are exactly two classes (threshold on the positive class's probability). */
    public boolean binary() {
        return classes.size() == 2;
    }

    /** Name of the positive class. */
    public String positiveClassName() {
        return classes.get(positiveClass);
    }

    /**
     * A top-level metric by its {@code metrics.json} name, one of {@link #METRICS}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public double metric(String name) {
        return switch (name) {
            case "accuracy" -> accuracy;
            case "precision" -> precision;
            case "recall" -> recall;
            case "specificity" -> specificity;
            case "f1" -> f1;
            case "auc" -> auc;
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'; known: " + String.join(", ", METRICS));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationReport r && n == r.n && positiveClass == r.positiveClass
                && Double.compare(threshold, r.threshold) == 0 && Double.compare(accuracy, r.accuracy) == 0
                && Double.compare(precision, r.precision) == 0 && Double.compare(recall, r.recall) == 0
                && Double.compare(specificity, r.specificity) == 0 && Double.compare(f1, r.f1) == 0
                && Double.compare(auc, r.auc) == 0 && classes.equals(r.classes) && confusion.equals(r.confusion)
                && perClass.equals(r.perClass) && Objects.equals(macro, r.macro) && Arrays.equals(predicted, r.predicted);
    }

    @Override
    public int hashCode() {
        return Objects.hash(n, classes, positiveClass, threshold, accuracy, precision, recall, specificity, f1, auc,
                confusion, perClass, macro, Arrays.hashCode(predicted));
    }

    @Override
    public String toString() {
        return "ClassificationReport[n=" + n + ", classes=" + classes + ", positiveClass=" + positiveClass
                + ", threshold=" + threshold + ", accuracy=" + accuracy + ", precision=" + precision
                + ", recall=" + recall + ", specificity=" + specificity + ", f1=" + f1 + ", auc=" + auc
                + ", confusion=" + confusion + ", perClass=" + perClass + ", macro=" + macro + "]";
    }

    /**
     * One-vs-rest metrics of one class (or their macro means, with {@code support} = n).
     *
     * @param precision   TP / (TP + FP), 0 when the class is never predicted
     * @param recall      TP / (TP + FN), 0 when the class has no items
     * @param specificity TN / (TN + FP), 0 when every item belongs to the class
     * @param f1          2TP / (2TP + FP + FN), 0 when TP + FP + FN = 0
     * @param auc         ROC AUC of P(class) for "class vs rest", NaN when the class is absent or is everything
     * @param support     number of items whose true class is this class
     */
    public record PerClass(double precision, double recall, double specificity, double f1, double auc, long support) {
        public PerClass {
            if (support < 0) {
                throw new IllegalArgumentException("support must be >= 0, got " + support);
            }
        }
    }

    /** The metrics a training epoch records for validation, in {@code history.csv} order. */
    public Map<String, Double> epochMetrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("auc", auc);
        return m;
    }
}
