package io.pulmo.common.metrics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RocTest {

    /** scores, labels, expected AUC (scikit-learn roc_auc_score; hand-checked by counting pairs). */
    static Stream<Arguments> aucCases() {
        return Stream.of(
                // reference: ranks 2.5, 2.5, 1, 4 → (2.5 + 4 − 3) / (2·2) = 0.875
                Arguments.of(new double[] {0.5, 0.5, 0.2, 8.3}, new int[] {0, 1, 0, 1}, 0.875),
                // scikit-learn's docstring example: 3 of 4 pairs ordered
                Arguments.of(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}, 0.75),
                Arguments.of(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1}, 1.0),
                Arguments.of(new double[] {0.9, 0.8, 0.2, 0.1}, new int[] {0, 0, 1, 1}, 0.0),
                // every score tied: every pair counts one half
                Arguments.of(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1}, 0.5),
                // 1 positive above 2 of 3 negatives, tied with the third → (2 + 0.5) / 3
                Arguments.of(new double[] {0.3, 0.1, 0.2, 0.3}, new int[] {1, 0, 0, 0}, 2.5 / 3),
                // infinite scores are ordinary extremes
                Arguments.of(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, new int[] {0, 1}, 1.0));
    }

    @ParameterizedTest
    @MethodSource("aucCases")
    void aucMatchesHandCountedPairs(double[] scores, int[] labels, double expected) {
        assertThat(Roc.auc(scores, labels)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest
    @MethodSource("aucCases")
    void curveAreaEqualsAuc(double[] scores, int[] labels, double expected) {
        assertThat(Roc.curve(scores, labels).area()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void aucIsNaNWhenAClassIsAbsent() {
        assertThat(Roc.auc(new double[] {0.1, 0.9}, new int[] {1, 1})).isNaN();
        assertThat(Roc.auc(new double[] {0.1, 0.9}, new int[] {0, 0})).isNaN();
        assertThat(Roc.auc(new double[0], new int[0])).isNaN();
    }

    @Test
    void aucWithAPositiveLabelTreatsEveryOtherLabelAsNegative() {
        // class 2 vs rest: positives 0.9, 0.4; negatives 0.1, 0.6 → 3 of 4 pairs
        assertThat(Roc.auc(new double[] {0.9, 0.1, 0.4, 0.6}, new int[] {2, 0, 2, 1}, 2)).isEqualTo(0.75);
    }

    @Test
    void curveMatchesScikitLearnRocCurve() {
        // roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], drop_intermediate=False)
        Roc.Curve curve = Roc.curve(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1});
        assertThat(curve.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1);
        assertThat(curve.fpr()).containsExactly(0.0, 0.0, 0.5, 0.5, 1.0);
        assertThat(curve.tpr()).containsExactly(0.0, 0.5, 0.5, 1.0, 1.0);
    }

    @Test
    void curveMergesTiedScoresIntoOnePoint() {
        Roc.Curve curve = Roc.curve(new double[] {0.5, 0.5, 0.2, 8.3}, new int[] {0, 1, 0, 1});
        assertThat(curve.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 8.3, 0.5, 0.2);
        assertThat(curve.fpr()).containsExactly(0.0, 0.0, 0.5, 1.0);
        assertThat(curve.tpr()).containsExactly(0.0, 0.5, 1.0, 1.0);
    }

    @Test
    void curveRatesAreNaNForAnAbsentClass() {
        Roc.Curve curve = Roc.curve(new double[] {0.2, 0.7}, new int[] {1, 1});
        assertThat(curve.fpr()).containsOnly(Double.NaN);
        assertThat(curve.tpr()).containsExactly(0.0, 0.5, 1.0);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Roc.auc(new double[] {0.1}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length");
        assertThatThrownBy(() -> Roc.auc(new double[] {0.1, 0.2}, new int[] {0, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or 1");
        assertThatThrownBy(() -> Roc.auc(new double[] {Double.NaN, 0.2}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN at index 0");
    }
}
