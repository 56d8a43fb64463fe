package io.pulmo.classification.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.config.LossConfig;
import io.pulmo.common.config.ModelConfig;
import io.pulmo.common.loss.BceWithLogitsLoss;
import io.pulmo.common.loss.FocalLoss;
import io.pulmo.common.train.WeightTransfer;
import io.pulmo.common.train.WeightTransfer.Stage;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The classification architectures by {@code model.arch}, and what they share: the network-wide settings
 * ({@link io.pulmo.common.train.Networks#builder}) and the head chosen by {@code model.head}, {@code model.dropout} and {@code loss.type}.
 */
public final class Models {
    /** An architecture: how to build it, and its stages after the stem for {@code model.freeze}. */
    private record Architecture(Function<ExperimentConfig, ComputationGraph> build, List<Stage> stages) {
    }

    private static final Map<String, Architecture> ARCHITECTURES = new LinkedHashMap<>();

    static {
        List<Stage> keras = List.of(Stage.of("block2"), Stage.of("block3"), Stage.of("block4"), Stage.of("block5"),
                Stage.of("dense1"), Stage.of("dense2"), Stage.of("dense3"));
        ARCHITECTURES.put("keras-cnn", new Architecture(KerasCnn::build, keras));
        ARCHITECTURES.put("keras-cnn-conv", new Architecture(KerasCnn::buildPlain, keras));
        ARCHITECTURES.put("densenet121", new Architecture(DenseNet121::build, DenseNet121.STAGES));
        ARCHITECTURES.put("efficientnet_b4", new Architecture(EfficientNetB4::build, EfficientNetB4.FREEZE_STAGES));
        ARCHITECTURES.put("resnet34", new Architecture(ResNet::build34, ResNet.STAGES));
        ARCHITECTURES.put("resnet50", new Architecture(ResNet::build50, ResNet.STAGES));
        ARCHITECTURES.put(ZooResNet50.ARCH, new Architecture(ZooResNet50::build, ZooResNet50.STAGES));
    }

    /** Layers that are always new when a network starts from another one's weights: the head. */
    static final Set<String> HEAD_LAYERS = Set.of("head_fc", "output");

    /** The loss types a classification head knows. */
    public static final List<String> LOSSES = List.of("ce", "bce", "focal");
    /**
     * The heads {@code model.head} knows: {@code linear} (dropout, output layer) and {@code seed001}, seed 001's
     * EfficientNet-B4 head {@code Linear(features, 512)} → ReLU → dropout → {@code Linear(512, out)}.
     */
    public static final List<String> HEADS = List.of("linear", "seed001");
    /** Hidden units of the {@code seed001} head (seed 001: {@code nn.Linear(1792, 512)}). */
    public static final int SEED001_HIDDEN = 512;

    private Models() {
    }

    /**
     * Builds and initialises the network of {@code model.arch}; with {@code model.pretrained}, copies the matching
     * layers of the pretrained network (all but the head), then freezes the first {@code model.freeze} stages.
     */
    public static ComputationGraph build(ExperimentConfig config) {
        ModelConfig m = config.model();
        Architecture a = ARCHITECTURES.get(m.arch());
        if (a == null) {
            throw new PulmoException("model.arch: unknown architecture '" + m.arch() + "'; known: "
                    + String.join(", ", ARCHITECTURES.keySet()));
        }
        if (IMAGENET.equals(m.pretrained()) && !ZooResNet50.ARCH.equals(m.arch())) {
            throw new PulmoException("model.pretrained: imagenet weights exist here only for model.arch "
                    + ZooResNet50.ARCH + " (DL4J's zoo ResNet50), not " + m.arch() + ": set model.arch: "
                    + ZooResNet50.ARCH + ", or give a checkpoint path");
        }
        return WeightTransfer.initialise(a.build().apply(config), m, a.stages(), HEAD_LAYERS,
                Map.of(IMAGENET, ZooResNet50::imagenet));
    }

    /** {@code model.pretrained: imagenet}. */
    public static final String IMAGENET = "imagenet";

    /**
     * Whether the head is one sigmoid unit for class index 1: {@code loss.type} {@code bce} or {@code focal}, which
     * need two classes; {@code ce} is a softmax over {@code model.classes}.
     */
    public static boolean singleLogit(ExperimentConfig config) {
        String loss = config.loss().type();
        if (!LOSSES.contains(loss)) {
            throw new PulmoException("loss.type: unknown loss '" + loss + "' for classification; known: "
                    + String.join(", ", LOSSES));
        }
        boolean single = !"ce".equals(loss);
        if (single && config.model().classes() != 2) {
            throw new PulmoException("loss.type: " + loss + " needs model.classes 2, got " + config.model().classes());
        }
        return single;
    }

    /**
     * The loss of the output layer. {@code loss.class_weights: balanced} needs the training split's counts:
     * {@code ClassificationTask.resolve} turns it into explicit weights before training; unresolved (e.g. for
     * {@code pulmo model}) the loss is unweighted, which does not change the architecture.
     */
    static ILossFunction loss(ExperimentConfig config) {
        LossConfig l = config.loss();
        return switch (l.type()) {
            case "bce" -> new BceWithLogitsLoss(l.posWeight() != null ? l.posWeight() : 1.0);
            case "focal" -> new FocalLoss(l.gamma(), l.alpha(), l.scale());
            default -> {
                if (l.weights() == null) {
                    yield new LossMCXENT();
                }
                if (l.weights().size() != config.model().classes()) {
                    throw new PulmoException("loss.weights has " + l.weights().size() + " values for "
                            + config.model().classes() + " classes");
                }
                yield new LossMCXENT(Nd4j.create(l.weights().stream().mapToDouble(Double::doubleValue).toArray())
                        .castTo(DataType.FLOAT));
            }
        };
    }

    /**
     * Adds the head on {@code input}: for {@code seed001} a dense layer {@code head_fc} with ReLU, then optional
     * dropout, then the output layer named {@code output}.
     */
    static void head(ComputationGraphConfiguration.GraphBuilder g, ExperimentConfig config, String input) {
        if (!HEADS.contains(config.model().head())) {
            throw new PulmoException("model.head: unknown head '" + config.model().head() + "'; known: "
                    + String.join(", ", HEADS));
        }
        String last = input;
        if ("seed001".equals(config.model().head())) {
            g.addLayer("head_fc", new DenseLayer.Builder().nOut(SEED001_HIDDEN).activation(Activation.RELU).build(), last);
            last = "head_fc";
        }
        if (config.model().dropout() > 0) {
            g.addLayer("head_drop", new DropoutLayer.Builder(1 - config.model().dropout()).build(), last);
            last = "head_drop";
        }
        boolean single = singleLogit(config);
        g.addLayer("output", new OutputLayer.Builder(loss(config)).nOut(single ? 1 : config.model().classes())
                .activation(single ? Activation.SIGMOID : Activation.SOFTMAX).build(), last);
        g.setOutputs("output");
    }
}
