package io.pulmo.common.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class LossesTest {

    @Test
    void balancedClassWeightsOfThePneumoniaTrainingSet() {
        // 1341 NORMAL, 3875 PNEUMONIA: N = 5216, k = 2
        double[] w = Losses.classWeights(new int[]{1341, 3875});
        assertThat(w).containsExactly(5216.0 / 2682.0, 5216.0 / 7750.0);
        assertThat(w[0]).isCloseTo(1.9448, within(1e-4));
        assertThat(w[1]).isCloseTo(0.6730, within(1e-4));
    }

    @Test
    void everyClassCarriesTheSameTotalWeight() {
        int[] counts = {10, 30, 60};
        double[] w = Losses.classWeights(counts);
        assertThat(w).containsExactly(100.0 / 30, 100.0 / 90, 100.0 / 180);
        for (int c = 0; c < counts.length; c++) {
            assertThat(w[c] * counts[c]).isCloseTo(100.0 / 3, within(1e-12));
        }
        assertThat(Losses.classWeights(new int[]{7, 7})).containsExactly(1.0, 1.0);
    }

    @Test
    void weightedCrossEntropyCarriesTheWeights() {
        LossMCXENT loss = Losses.weightedCrossEntropy(new int[]{1341, 3875});
        assertThat(loss.getWeights().shape()).containsExactly(1, 2);
        assertThat(loss.getWeights().toDoubleVector()).containsExactly(Losses.classWeights(new int[]{1341, 3875}));
    }

    @Test
    void posWeightIsTheNegativeToPositiveRatio() {
        assertThat(Losses.posWeight(1341, 3875)).isEqualTo(1341.0 / 3875.0);
        assertThatThrownBy(() -> Losses.posWeight(0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void rejectsMissingOrNonPositiveCounts() {
        assertThatThrownBy(() -> Losses.classWeights(new int[]{5, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counts[1]").hasMessageContaining("0");
        assertThatThrownBy(() -> Losses.classWeights(new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Losses.classWeights(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
