package io.pulmo.common.loss;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.LossConfig;
import java.util.List;

/** Builds the segmentation loss named by {@code loss.type}. */
public final class SegmentationLosses {
    /** The {@code loss.type} ids for segmentation, in the order error messages list them. */
    public static final List<String> TYPES = List.of("bce", "dice", "bce-dice", "luna-dice");

    private SegmentationLosses() {
    }

    /**
     * The loss of {@code cfg} for a network whose output masks have {@code pixelsPerImage = h·w} pixels:
     * <ul>
     *   <li>{@code bce}: {@link SegmentationBceLoss} with {@code pos_weight} (1 when absent);</li>
     *   <li>{@code dice}: {@link DiceLoss} with {@code smooth} as both s_nr and s_dr, {@code dice_reduction},
     *       {@code squared_pred} and {@code jaccard};</li>
     *   <li>{@code bce-dice}: {@link BceDiceLoss} of those two, weighted by {@code bce_weight} and
     *       {@code dice_weight};</li>
     *   <li>{@code luna-dice}: {@link LunaDiceLoss} with ε = {@code smooth} (the book's 1 by default) and the
     *       book's false-negative weight 8.</li>
     * </ul>
     *
     * @throws PulmoException           for another {@code loss.type}, or {@code bce-dice} with both weights 0
     * @throws IllegalArgumentException when {@code pixelsPerImage} &le; 0
     */
    public static SegmentationLoss from(LossConfig cfg, long pixelsPerImage) {
        return switch (cfg.type()) {
            case "bce" -> bce(cfg, pixelsPerImage);
            case "dice" -> dice(cfg, pixelsPerImage);
            case "bce-dice" -> {
                if (cfg.bceWeight() == 0 && cfg.diceWeight() == 0) {
                    throw new PulmoException("loss.bce_weight and loss.dice_weight: bce-dice needs at least one "
                            + "positive weight, got 0 and 0");
                }
                yield new BceDiceLoss(cfg.bceWeight(), bce(cfg, pixelsPerImage), cfg.diceWeight(),
                        dice(cfg, pixelsPerImage));
            }
            case "luna-dice" -> new LunaDiceLoss(pixelsPerImage, cfg.smooth(), LunaDiceLoss.DEFAULT_FN_WEIGHT);
            default -> throw new PulmoException("loss.type: unknown loss '" + cfg.type() + "' for segmentation; known: "
                    + String.join(", ", TYPES));
        };
    }

    private static SegmentationBceLoss bce(LossConfig cfg, long pixelsPerImage) {
        return new SegmentationBceLoss(pixelsPerImage, cfg.posWeight() == null ? 1.0 : cfg.posWeight());
    }

    private static DiceLoss dice(LossConfig cfg, long pixelsPerImage) {
        return new DiceLoss(pixelsPerImage, cfg.smooth(), cfg.smooth(), DiceLoss.Reduction.of(cfg.diceReduction()),
                cfg.squaredPred(), cfg.jaccard());
    }
}
