package io.pulmo.ct3d.segment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The book's pixel totals and metrics, with hand-checked values. */
class PixelTotalsTest {

    @Test
    void countsAboveTheThresholdOnly() {
        float[] p = {0.9f, 0.5f, 0.51f, 0.2f, 0.7f, 0.1f};
        float[] t = {1, 1, 0, 1, 0, 0};
        PixelTotals all = PixelTotals.count(p, t, 0, 6, 0.5);
        assertThat(all).isEqualTo(new PixelTotals(1, 2, 2));   // 0.5 is not above 0.5
        assertThat(all.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(all.precision()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(all.dice()).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(PixelTotals.count(p, t, 3, 3, 0.5)).isEqualTo(new PixelTotals(0, 1, 1));
    }

    @Test
    void totalsAddUpAndDiceIsTheHarmonicMean() {
        PixelTotals s = new PixelTotals(6, 2, 0).plus(new PixelTotals(2, 0, 8));
        assertThat(s).isEqualTo(new PixelTotals(8, 2, 8));
        double p = s.precision();
        double r = s.recall();
        assertThat(p).isEqualTo(0.8);
        assertThat(r).isEqualTo(0.5);
        assertThat(s.dice()).isCloseTo(2 * p * r / (p + r), within(1e-12));
    }

    @Test
    void emptyDenominatorsGiveZeroAsInTheBook() {
        assertThat(PixelTotals.ZERO.recall()).isZero();
        assertThat(PixelTotals.ZERO.precision()).isZero();
        assertThat(PixelTotals.ZERO.dice()).isZero();
        assertThat(new PixelTotals(0, 0, 5).precision()).isZero();
        assertThat(new PixelTotals(0, 4, 0).recall()).isZero();
    }
}
