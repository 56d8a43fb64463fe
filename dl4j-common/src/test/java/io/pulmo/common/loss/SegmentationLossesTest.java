package io.pulmo.common.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.LossConfig;
import io.pulmo.common.loss.DiceLoss.Reduction;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.shade.jackson.databind.ObjectMapper;

class SegmentationLossesTest {
    private static final long PIXELS = 64 * 64;

    /** A segmentation loss section: type, pos_weight, smooth, dice_reduction, squared_pred, jaccard, weights. */
    private static LossConfig config(String type, Double posWeight, double smooth, String reduction, boolean squared,
                                     boolean jaccard, double bceWeight, double diceWeight) {
        return new LossConfig(type, posWeight, null, LossConfig.DEFAULT_GAMMA, LossConfig.DEFAULT_SCALE, smooth,
                null, null, reduction, squared, jaccard, bceWeight, diceWeight);
    }

    @Test
    void mapsEveryTypeToItsLossWithTheConfiguredOptions() {
        assertThat(SegmentationLosses.from(config("bce", null, 1, "batch", false, false, 1, 1), PIXELS))
                .isEqualTo(new SegmentationBceLoss(PIXELS, 1.0));
        assertThat(SegmentationLosses.from(config("bce", 4.5, 1, "batch", false, false, 1, 1), PIXELS))
                .isEqualTo(new SegmentationBceLoss(PIXELS, 4.5));
        assertThat(SegmentationLosses.from(config("dice", null, 1, "batch", false, false, 1, 1), PIXELS))
                .isEqualTo(new DiceLoss(PIXELS));
        assertThat(SegmentationLosses.from(config("dice", null, 1e-5, "image", true, true, 1, 1), PIXELS))
                .isEqualTo(new DiceLoss(PIXELS, 1e-5, 1e-5, Reduction.IMAGE, true, true));
        assertThat(SegmentationLosses.from(config("bce-dice", 2.0, 0.5, "image", false, true, 0.25, 3), PIXELS))
                .isEqualTo(new BceDiceLoss(0.25, new SegmentationBceLoss(PIXELS, 2.0), 3,
                        new DiceLoss(PIXELS, 0.5, 0.5, Reduction.IMAGE, false, true)));
        assertThat(SegmentationLosses.from(config("luna-dice", null, 1, "batch", false, false, 1, 1), PIXELS))
                .isEqualTo(new LunaDiceLoss(PIXELS));
        assertThat(SegmentationLosses.from(config("luna-dice", null, 0.1, "image", true, true, 1, 1), 16))
                .isEqualTo(new LunaDiceLoss(16, 0.1, 8));
        // the defaults of LossConfig's Dice options give seed 004's Dice
        LossConfig defaults = new LossConfig("dice", null, null, LossConfig.DEFAULT_GAMMA, LossConfig.DEFAULT_SCALE,
                LossConfig.DEFAULT_SMOOTH);
        assertThat(SegmentationLosses.from(defaults, PIXELS)).isEqualTo(new DiceLoss(PIXELS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce", "focal", "Dice", "bce_dice"})
    void rejectsOtherTypesNamingTheKnownOnes(String type) {
        assertThatThrownBy(() -> SegmentationLosses.from(config(type, null, 1, "batch", false, false, 1, 1), PIXELS))
                .isInstanceOf(PulmoException.class)
                .hasMessage("loss.type: unknown loss '" + type + "' for segmentation; known: bce, dice, bce-dice, "
                        + "luna-dice");
    }

    @Test
    void rejectsBceDiceWithBothWeightsZeroAndBadSizes() {
        assertThatThrownBy(() -> SegmentationLosses.from(config("bce-dice", null, 1, "batch", false, false, 0, 0),
                PIXELS)).isInstanceOf(PulmoException.class).hasMessageContaining("loss.bce_weight");
        assertThatThrownBy(() -> SegmentationLosses.from(config("dice", null, 1, "batch", false, false, 1, 1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pixelsPerImage");
    }

    /** Every loss, as DL4J writes it into a model configuration ({@code @class} plus its options), reads back equal. */
    @Test
    void survivesDl4jsJsonMapper() throws Exception {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        List<ILossFunction> losses = List.of(new SegmentationBceLoss(PIXELS), new SegmentationBceLoss(16, 0.3),
                new DiceLoss(PIXELS), new DiceLoss(16, 1e-6, 2, Reduction.IMAGE, true, true),
                new BceDiceLoss(PIXELS), new BceDiceLoss(0.5, new SegmentationBceLoss(9, 2), 0,
                        new DiceLoss(9, 0, 1, Reduction.IMAGE, false, true)),
                new LunaDiceLoss(PIXELS), new LunaDiceLoss(25, 0.5, 2));
        for (ILossFunction loss : losses) {
            String json = mapper.writeValueAsString(loss);
            assertThat(json).contains(loss.getClass().getName(), "pixelsPerImage");
            ILossFunction back = mapper.readValue(json, ILossFunction.class);
            assertThat(back).as(json).isEqualTo(loss).isNotSameAs(loss).hasSameHashCodeAs(loss);
            assertThat(back.toString()).isEqualTo(loss.toString());
        }
    }

    @Test
    void readsJsonWithDefaultsForAbsentOptions() throws Exception {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        assertThat(read(mapper, DiceLoss.class, "")).isEqualTo(new DiceLoss(16));
        assertThat(read(mapper, SegmentationBceLoss.class, "")).isEqualTo(new SegmentationBceLoss(16));
        assertThat(read(mapper, LunaDiceLoss.class, "")).isEqualTo(new LunaDiceLoss(16));
        String parts = ", \"bce\": {\"@class\": \"" + SegmentationBceLoss.class.getName() + "\", \"pixelsPerImage\": 16}"
                + ", \"dice\": {\"@class\": \"" + DiceLoss.class.getName() + "\", \"pixelsPerImage\": 16}";
        assertThat(read(mapper, BceDiceLoss.class, parts)).isEqualTo(new BceDiceLoss(16));
        assertThatThrownBy(() -> mapper.readValue("{\"@class\": \"" + BceDiceLoss.class.getName()
                + "\", \"pixelsPerImage\": 15" + parts + "}", ILossFunction.class)).hasMessageContaining("15");
    }

    private static ILossFunction read(ObjectMapper mapper, Class<?> type, String more) throws Exception {
        return mapper.readValue("{\"@class\": \"" + type.getName() + "\", \"pixelsPerImage\": 16" + more + "}",
                ILossFunction.class);
    }
}
