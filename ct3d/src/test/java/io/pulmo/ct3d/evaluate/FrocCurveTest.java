package io.pulmo.ct3d.evaluate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The shared FROC curve and score: MONAI's test vector, numpy.interp's rules, the LUNA builder. */
class FrocCurveTest {

    /** MONAI tests/test_compute_froc.py, TEST_CASE_4 and TEST_CASE_5. */
    private static final double[] MONAI_FP = {0.8, 0.6};
    private static final double[] MONAI_TP = {1, 1, 0, 0, 0.8, 0.8, 0};

    @Test
    void reproducesMonaisComputeFrocCurveData() {
        FrocCurve curve = FrocCurve.monai(MONAI_FP, MONAI_TP, 4, 2);
        // MONAI lists the points by increasing threshold: fps_per_image [1, 0.5, 0, 0], sensitivity [1, 1, 0.5, 0]
        assertThat(reversed(curve.fpsPerScan())).containsExactly(1, 0.5, 0, 0);
        assertThat(reversed(curve.sensitivity())).containsExactly(1, 1, 0.5, 0);
        assertThat(curve.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 1, 0.8, 0.6);
    }

    @Test
    void reproducesMonaisComputeFrocScore() {
        FrocCurve curve = FrocCurve.monai(MONAI_FP, MONAI_TP, 4, 2);
        // (0.75 + 1 + 1 + 1 + 1 + 1) / 6
        assertThat(curve.score(FrocCurve.CAMELYON_FPS)).isCloseTo(0.95833333, within(1e-8));
        assertThat(curve.score(0.25)).isEqualTo(0.75);
    }

    @Test
    void theLunaBuilderGivesTheSameCurveWhenMissesAreLeftOut() {
        // LUNA16 lists only detected targets' scores; MONAI's zeros for the three misses are dropped
        FrocCurve luna = FrocCurve.of(MONAI_FP, new double[] {1, 1, 0.8, 0.8}, 4, 2);
        assertThat(luna).isEqualTo(FrocCurve.monai(MONAI_FP, MONAI_TP, 4, 2));
        assertThat(luna.score(FrocCurve.CAMELYON_FPS)).isCloseTo(0.95833333, within(1e-8));
    }

    @Test
    void monaiSkipsTheLowestThresholdEvenWhenItIsARealScore() {
        // every target found, lowest score a false positive: MONAI never counts the 0.2 mark, LUNA does
        double[] fp = {0.2};
        double[] tp = {0.9};
        assertThat(FrocCurve.monai(fp, tp, 1, 1).fpsPerScan()).containsExactly(0, 0);
        assertThat(FrocCurve.of(fp, tp, 1, 1).fpsPerScan()).containsExactly(0, 0, 1);
    }

    @Test
    void interpolatesAsNumpyInterp() {
        // points (0,0) (0,0.2) (1,0.4) (1,0.6) (3,1.0)
        FrocCurve curve = new FrocCurve(new double[] {0, 0, 1, 1, 3}, new double[] {0, 0.2, 0.4, 0.6, 1.0},
                new double[] {Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.1});
        assertThat(curve.sensitivityAt(-1)).isEqualTo(0.0);      // left of the curve: the first value
        assertThat(curve.sensitivityAt(0)).isEqualTo(0.2);       // shared rate: the last point's value
        assertThat(curve.sensitivityAt(0.5)).isCloseTo(0.3, within(1e-15));
        assertThat(curve.sensitivityAt(1)).isEqualTo(0.6);
        assertThat(curve.sensitivityAt(2)).isCloseTo(0.8, within(1e-15));
        assertThat(curve.sensitivityAt(3)).isEqualTo(1.0);
        assertThat(curve.sensitivityAt(100)).isEqualTo(1.0);     // right of the curve: the last value
        assertThat(curve.sensitivityAt(Double.NaN)).isNaN();
    }

    @Test
    void tiesBetweenTrueAndFalsePositivesMoveDiagonally() {
        // one threshold 0.5 shared by a TP and an FP: one step from (0, 0) to (1, 0.5)
        FrocCurve curve = FrocCurve.of(new double[] {0.5}, new double[] {0.5}, 2, 1);
        assertThat(curve.fpsPerScan()).containsExactly(0, 1);
        assertThat(curve.sensitivity()).containsExactly(0, 0.5);
        assertThat(curve.sensitivityAt(0.5)).isEqualTo(0.25);
    }

    @Test
    void noFalsePositivesGiveAFlatCurveAtTheSensitivityReached() {
        FrocCurve curve = FrocCurve.of(new double[0], new double[] {0.7, 0.3}, 4, 10);
        assertThat(curve.fpsPerScan()).containsOnly(0.0);
        assertThat(curve.cpm()).isEqualTo(0.5);
    }

    @Test
    void noTargetsGiveZeroSensitivity() {
        FrocCurve curve = FrocCurve.of(new double[] {0.4}, new double[0], 0, 1);
        assertThat(curve.sensitivity()).containsOnly(0.0);
        assertThat(curve.cpm()).isZero();
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> FrocCurve.of(new double[] {Double.NaN}, new double[0], 1, 1))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> FrocCurve.of(new double[0], new double[0], 1, 0)).hasMessageContaining("scans");
        assertThatThrownBy(() -> FrocCurve.of(new double[0], new double[] {1, 1}, 1, 1))
                .hasMessageContaining("2 detected targets");
        assertThatThrownBy(() -> new FrocCurve(new double[] {1, 0}, new double[2], new double[2]))
                .hasMessageContaining("non-decreasing");
        assertThatThrownBy(() -> FrocCurve.of(new double[0], new double[0], 1, 1).score())
                .hasMessageContaining("at least one");
    }

    private static double[] reversed(double[] values) {
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = values[values.length - 1 - k];
        }
        return out;
    }
}
