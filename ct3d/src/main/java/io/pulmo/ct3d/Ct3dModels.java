package io.pulmo.ct3d;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.WeightTransfer;
import io.pulmo.common.train.WeightTransfer.Stage;
import io.pulmo.ct3d.classify.LunaModel;
import io.pulmo.segmentation.model.SegmentationModels;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The networks of the LUNA pipeline by {@code model.arch}: {@code luna-cnn} (nodule and malignancy classifiers) and
 * the segmentation architectures ({@code unet-luna}). The malignancy classifier starts from the nodule model with
 * {@code model.pretrained} (its head is always new) and may keep blocks fixed with {@code model.freeze}.
 */
public final class Ct3dModels {
    /** Stages of {@code luna-cnn} after the stem ({@code tail_bn} and block 1). */
    static final List<Stage> LUNA_STAGES = List.of(Stage.of("block2"), Stage.of("block3"), Stage.of("block4"));

    private Ct3dModels() {
    }

    public static ComputationGraph build(ExperimentConfig config) {
        String arch = config.model().arch();
        if (LunaModel.ARCH.equals(arch)) {
            return WeightTransfer.initialise(LunaModel.build(config), config.model(), LUNA_STAGES, Set.of("output"),
                    Map.of());
        }
        if (SegmentationModels.architectures().contains(arch)) {
            return SegmentationModels.build(config);
        }
        throw new PulmoException("model.arch: unknown architecture '" + arch + "' for ct3d; known: " + LunaModel.ARCH
                + ", " + String.join(", ", SegmentationModels.architectures()));
    }
}
