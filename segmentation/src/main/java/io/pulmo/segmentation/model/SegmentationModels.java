package io.pulmo.segmentation.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.WeightTransfer;
import io.pulmo.common.train.WeightTransfer.Stage;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The segmentation architectures by {@code model.arch}; {@code model.pretrained} (a checkpoint or run directory)
 * and {@code model.freeze} work as for classification, with the encoder levels as stages.
 */
public final class SegmentationModels {
    /** An architecture: how to build it, and its stages after the stem for {@code model.freeze}. */
    private record Architecture(Function<ExperimentConfig, ComputationGraph> build, List<Stage> stages) {
    }

    private static final Map<String, Architecture> ARCHITECTURES = new LinkedHashMap<>();

    static {
        ARCHITECTURES.put(UNet.ARCH, new Architecture(UNet::build, List.of(Stage.of("enc2", "(enc2_.*|pool2)"),
                Stage.of("enc3", "(enc3_.*|pool3)"), Stage.of("enc4", "(enc4_.*|pool4)"))));
        ARCHITECTURES.put(UNetLuna.ARCH, new Architecture(UNetLuna::build, List.of(Stage.of("down1", "(pool0|down1_.*)"),
                Stage.of("down2", "(pool1|down2_.*)"))));
    }

    /** Layers that are always new when a network starts from another one's weights. */
    static final Set<String> HEAD_LAYERS = Set.of();

    private SegmentationModels() {
    }

    /** The known {@code model.arch} ids. */
    public static Set<String> architectures() {
        return ARCHITECTURES.keySet();
    }

    /** Builds and initialises the network of {@code model.arch}, from {@code model.pretrained} where given. */
    public static ComputationGraph build(ExperimentConfig config) {
        Architecture a = ARCHITECTURES.get(config.model().arch());
        if (a == null) {
            throw new PulmoException("model.arch: unknown architecture '" + config.model().arch()
                    + "' for segmentation; known: " + String.join(", ", ARCHITECTURES.keySet()));
        }
        if ("imagenet".equals(config.model().pretrained())) {
            throw new PulmoException("model.pretrained: imagenet weights exist here only for classification's "
                    + "resnet50-zoo; a segmentation model starts from none or a checkpoint path");
        }
        return WeightTransfer.initialise(a.build().apply(config), config.model(), a.stages(), HEAD_LAYERS, Map.of());
    }
}
