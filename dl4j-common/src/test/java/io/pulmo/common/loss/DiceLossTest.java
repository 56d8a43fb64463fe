package io.pulmo.common.loss;

import static io.pulmo.common.loss.SegmentationLossTestSupport.column;
import static io.pulmo.common.loss.SegmentationLossTestSupport.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.pulmo.common.loss.DiceLoss.Reduction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DiceLossTest {
    private static final IActivation SIGMOID = new ActivationSigmoid();
    private static final IActivation IDENTITY = new ActivationIdentity();
    /** MONAI's DiceLoss unit-test input: logits [[1, −1], [−1, 1]], as the rows of one 2×2 image. */
    private static final double[] MONAI_LOGITS = {1, -1, -1, 1};
    /** MONAI's target [[1, 0], [1, 1]]. */
    private static final double[] MONAI_TARGET = {1, 0, 1, 1};

    /**
     * MONAI's reference values ({@code tests/test_dice_loss.py}, {@code test_masked_dice_loss.py}): shape
     * {@code (1, 1, 2, 2)}, i.e. batch 1, one channel, one 2×2 image, {@code sigmoid=True}, with MONAI's smoothing
     * ({@code smooth_nr = smooth_dr = 1e−6} for the plain case, 1e−5 for squared_pred and jaccard; 1e−6 throughout
     * gives the same six digits). With one image both reductions agree. MONAI asserts its values with rtol 1e−5;
     * {@code exact} is the closed form in double precision: σ(1) + σ(−1) = 1 gives I = 1 + σ(1), Σp = 2, Σg = 3,
     * Σp² = 2(σ(1)² + σ(−1)²), and e.g. 1 − (2I + s)/(Σp + Σg + s). The jaccard value is MONAI's form
     * 1 − (2I + s)/(2(Σp + Σg − I) + s) = 0.4704521 (0.47045213 in float32), which MONAI's test states as 0.470451,
     * within its rtol.
     */
    @ParameterizedTest(name = "squared={0} jaccard={1} smooth={2} -> {3}")
    @CsvSource({
            // squared, jaccard, smooth, MONAI,    exact
            "false,     false,   1e-6,   0.307576, 0.3075765070326967",
            "true,      false,   1e-5,   0.178337, 0.17833725056186212",
            "false,     true,    1e-5,   0.470451, 0.47045214099761024",
            "true,      false,   1e-6,   0.178337, 0.17833763148389004",
            "false,     true,    1e-6,   0.470451, 0.47045278861836504"
    })
    void reproducesMonaiReferenceValues(boolean squared, boolean jaccard, double smooth, double monai, double exact) {
        INDArray z = column(MONAI_LOGITS);
        INDArray y = column(MONAI_TARGET);
        for (Reduction reduction : Reduction.values()) {
            DiceLoss loss = new DiceLoss(4, smooth, smooth, reduction, squared, jaccard);
            for (IActivation activation : new IActivation[]{SIGMOID, IDENTITY}) {
                double score = loss.computeScore(y, z, activation, null, true);
                assertThat(score).as("%s %s", reduction, activation).isCloseTo(monai, withinPercentage(1e-3));
                assertThat(score).isCloseTo(exact, within(1e-13));
                // n = 1: what CnnLossLayer reports (computeScore(average = false) / n) is the same number
                assertThat(loss.computeScore(y, z, activation, null, false)).isCloseTo(exact, within(1e-13));
            }
        }
    }

    /**
     * The same four pixels read as 2 items of 2 pixels: the batch reduction flattens them and still gives MONAI's
     * 0.307576; the per-image reduction gives the mean of 1 − 2σ(1)/2 = σ(−1) and 1 − 2/3, i.e. 0.301137, not
     * MONAI's number. So MONAI's case is one 2×2 image (or any split under the batch reduction).
     */
    @Test
    void monaiValueIsOneImageNotTwoItemsOfTwoPixels() {
        INDArray z = column(MONAI_LOGITS);
        INDArray y = column(MONAI_TARGET);
        DiceLoss batch = new DiceLoss(2, 1e-6, 1e-6, Reduction.BATCH, false, false);
        DiceLoss image = new DiceLoss(2, 1e-6, 1e-6, Reduction.IMAGE, false, false);
        assertThat(batch.computeScore(y, z, SIGMOID, null, true)).isCloseTo(0.3075765070326967, within(1e-13));
        double sigmoidMinusOne = 1 / (1 + Math.exp(1));
        double perImage = (sigmoidMinusOne + (1 - 2.0 / 3)) / 2;
        assertThat(perImage).isCloseTo(0.301137, within(1e-6));
        assertThat(image.computeScore(y, z, SIGMOID, null, true)).isCloseTo(perImage, within(1e-6)); // s = 1e-6 ≈ 0
    }

    @ParameterizedTest(name = "s_nr={0} s_dr={1} -> {2}")
    @CsvSource({
            // seed 004's smoothing s = 1 in both: 1 − (2(1 + σ(1)) + 1)/(2 + 3 + 1)
            "1,   1, 0.25631380712333174",
            "0.5, 2, 0.43398326324857006"   // 1 − (2(1 + σ(1)) + 0.5)/(5 + 2)
    })
    void smoothsNumeratorAndDenominatorSeparately(double smoothNr, double smoothDr, double expected) {
        DiceLoss loss = new DiceLoss(4, smoothNr, smoothDr, Reduction.BATCH, false, false);
        assertThat(loss.computeScore(column(MONAI_TARGET), column(MONAI_LOGITS), IDENTITY, null, true))
                .isCloseTo(expected, within(1e-13));
        double sigmoidOne = 1 / (1 + Math.exp(-1));
        assertThat(1 - (2 * (1 + sigmoidOne) + smoothNr) / (5 + smoothDr)).isCloseTo(expected, within(1e-15));
        assertThat(new DiceLoss(4)).isEqualTo(new DiceLoss(4, 1, 1, Reduction.BATCH, false, false));
    }

    /**
     * Three images of 4 pixels: the batch reduction is the Dice of all 12 pixels; the image reduction the mean of
     * three one-image Dice losses. The un-averaged score is n = 3 times that (CnnLossLayer divides by n), and each
     * image's rows of the score array add up to the loss attributed to it.
     */
    @Test
    void reducesOverTheBatchOrPerImageAndScalesByTheImageCount() {
        INDArray z = SegmentationLossTestSupport.logits(12, 41);
        INDArray y = LossTestSupport.targets(12, 1, 42, false);
        for (boolean squared : new boolean[]{false, true}) {
            for (boolean jaccard : new boolean[]{false, true}) {
                DiceLoss batch = new DiceLoss(4, 1, 1, Reduction.BATCH, squared, jaccard);
                DiceLoss image = new DiceLoss(4, 1, 1, Reduction.IMAGE, squared, jaccard);
                double flattened = new DiceLoss(12, 1, 1, Reduction.IMAGE, squared, jaccard)
                        .computeScore(y, z, SIGMOID, null, true);
                double[] single = new double[3];
                DiceLoss one = new DiceLoss(4, 1, 1, Reduction.IMAGE, squared, jaccard);
                for (int i = 0; i < 3; i++) {
                    single[i] = one.computeScore(rows(y, 4 * i, 4), rows(z, 4 * i, 4), SIGMOID, null, true);
                }
                double mean = (single[0] + single[1] + single[2]) / 3;

                assertThat(batch.computeScore(y, z, SIGMOID, null, true)).isCloseTo(flattened, within(1e-14));
                assertThat(batch.computeScore(y, z, SIGMOID, null, false)).isCloseTo(3 * flattened, within(1e-13));
                assertThat(image.computeScore(y, z, SIGMOID, null, true)).isCloseTo(mean, within(1e-14));
                assertThat(image.computeScore(y, z, SIGMOID, null, false)).isCloseTo(3 * mean, within(1e-13));

                INDArray imageRows = image.computeScoreArray(y, z, SIGMOID, null);
                INDArray batchRows = batch.computeScoreArray(y, z, SIGMOID, null);
                assertThat(imageRows.shape()).containsExactly(12, 1);
                for (int i = 0; i < 3; i++) {
                    assertThat(rows(imageRows, 4 * i, 4).sumNumber().doubleValue()).isCloseTo(single[i], within(1e-14));
                    assertThat(rows(batchRows, 4 * i, 4).sumNumber().doubleValue()).isCloseTo(flattened, within(1e-14));
                }
            }
        }
    }

    /** Masked pixels are removed from every sum: the same as scoring only the kept pixels. */
    @Test
    void maskedPixelsAreLeftOut() {
        // MONAI's second masked case, under Pulmo's semantics (mask after the sigmoid): two images of 4 pixels, the
        // last two pixels of the second image masked
        INDArray z = column(1, -1, -1, 1, 1, -1, -1, 1);
        INDArray y = column(1, 1, 1, 1, 1, 0, 1, 0);
        INDArray mask = column(1, 1, 1, 1, 1, 1, 0, 0);
        DiceLoss image = new DiceLoss(4, 1e-4, 1e-4, Reduction.IMAGE, false, false);
        double first = new DiceLoss(4, 1e-4, 1e-4, Reduction.IMAGE, false, false)
                .computeScore(rows(y, 0, 4), rows(z, 0, 4), SIGMOID, null, true);
        double second = new DiceLoss(2, 1e-4, 1e-4, Reduction.IMAGE, false, false)
                .computeScore(rows(y, 4, 2), rows(z, 4, 2), SIGMOID, null, true);
        assertThat(image.computeScore(y, z, SIGMOID, mask, true)).isCloseTo((first + second) / 2, within(1e-14));
        // by hand: image 1: I = 2, Σp = 2, Σg = 4 → 1 − 4/6; image 2 kept [σ(1), σ(−1)] vs [1, 0] → 1 − 2σ(1)/2
        double sigmoidOne = 1 / (1 + Math.exp(-1));
        assertThat((first + second) / 2).isCloseTo(((1 - 4.0 / 6) + (1 - sigmoidOne)) / 2, within(1e-4));

        DiceLoss batch = new DiceLoss(4, 1, 1, Reduction.BATCH, true, true);
        INDArray kept = rows(z, 0, 6);
        assertThat(batch.computeScore(y, z, SIGMOID, mask, true))
                .isCloseTo(new DiceLoss(6, 1, 1, Reduction.BATCH, true, true)
                        .computeScore(rows(y, 0, 6), kept, SIGMOID, null, true), within(1e-14));
        INDArray grad = batch.computeGradient(y, z, SIGMOID, mask);
        assertThat(grad.getDouble(6, 0)).isZero();
        assertThat(grad.getDouble(7, 0)).isZero();
    }

    @Test
    void gradientMatchesFiniteDifferencesForEveryOption() {
        INDArray z = SegmentationLossTestSupport.logits(12, 51);
        INDArray mask = SegmentationLossTestSupport.mask(12, 53);
        for (boolean soft : new boolean[]{false, true}) {
            INDArray y = LossTestSupport.targets(12, 1, 52, soft);
            for (Reduction reduction : Reduction.values()) {
                for (boolean squared : new boolean[]{false, true}) {
                    for (boolean jaccard : new boolean[]{false, true}) {
                        for (double[] smooth : new double[][]{{1, 1}, {1e-6, 1e-6}, {0.5, 2}}) {
                            DiceLoss loss = new DiceLoss(4, smooth[0], smooth[1], reduction, squared, jaccard);
                            for (IActivation activation : new IActivation[]{SIGMOID, IDENTITY}) {
                                for (INDArray m : new INDArray[]{null, mask}) {
                                    assertThat(LossTestSupport.maxGradientErrorWholeScore(loss, y, z, activation, m))
                                            .as("%s soft=%s %s mask=%s", loss, soft, activation, m != null)
                                            .isLessThan(LossTestSupport.MAX_RELATIVE_ERROR);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradientAndScoreTogetherEqualTheSeparateCalls() {
        INDArray z = SegmentationLossTestSupport.logits(8, 61);
        INDArray y = LossTestSupport.targets(8, 1, 62, false);
        DiceLoss loss = new DiceLoss(4, 1, 1, Reduction.IMAGE, true, false);
        Pair<Double, INDArray> both = loss.computeGradientAndScore(y, z, SIGMOID, null, false);
        assertThat(both.getFirst()).isEqualTo(loss.computeScore(y, z, SIGMOID, null, false));
        assertThat(both.getSecond()).isEqualTo(loss.computeGradient(y, z, SIGMOID, null));
        assertThat(loss.computeGradientAndScore(y, z, SIGMOID, null, true).getFirst())
                .isEqualTo(loss.computeScore(y, z, SIGMOID, null, true));
    }

    @Test
    void computesInFloatToo() {
        INDArray z = column(MONAI_LOGITS).castTo(DataType.FLOAT);
        INDArray y = column(MONAI_TARGET).castTo(DataType.FLOAT);
        DiceLoss loss = new DiceLoss(4, 1e-6, 1e-6, Reduction.BATCH, false, false);
        assertThat(loss.computeScore(y, z, SIGMOID, null, true)).isCloseTo(0.307576, withinPercentage(1e-3));
        assertThat(loss.computeGradient(y, z, SIGMOID, null).dataType()).isEqualTo(DataType.FLOAT);
    }

    @Test
    void rejectsBadOptionsAndInputs() {
        assertThatThrownBy(() -> new DiceLoss(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pixelsPerImage").hasMessageContaining("0");
        assertThatThrownBy(() -> new DiceLoss(4, -1, 1, Reduction.BATCH, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smoothNr");
        assertThatThrownBy(() -> new DiceLoss(4, 1, Double.NaN, Reduction.BATCH, false, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("smoothDr");
        assertThatThrownBy(() -> Reduction.of("mean")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mean'").hasMessageContaining("batch, image");
        assertThat(Reduction.of("image")).isEqualTo(Reduction.IMAGE);

        DiceLoss loss = new DiceLoss(4);
        INDArray z = column(MONAI_LOGITS);
        INDArray y = column(MONAI_TARGET);
        assertThatThrownBy(() -> loss.computeScore(y, z, new ActivationSoftmax(), null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIGMOID");
        assertThatThrownBy(() -> new DiceLoss(3).computeScore(y, z, SIGMOID, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 rows")
                .hasMessageContaining("3 pixels");
        INDArray twoChannels = LossTestSupport.logits(4, 2, 1);
        assertThatThrownBy(() -> loss.computeGradient(twoChannels, twoChannels, SIGMOID, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one output channel");
        assertThatThrownBy(() -> loss.computeScore(rows(y, 0, 2), z, SIGMOID, null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 1]");
    }
}
