package io.pulmo.classification.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.config.LossConfig;
import io.pulmo.common.loss.BceWithLogitsLoss;
import io.pulmo.common.loss.FocalLoss;
import io.pulmo.common.train.Optimizers;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The classification architectures by {@code model.arch}, and what they share: the network-wide settings
 * (seed, updater, workspaces, {@code CacheMode.DEVICE} so oneDNN convolutions are not recomputed in backprop) and
 * the head chosen by {@code model.head}, {@code model.dropout} and {@code loss.type}.
 */
public final class Models {
    private static final Map<String, Function<ExperimentConfig, ComputationGraph>> ARCHITECTURES = new LinkedHashMap<>();

    static {
        ARCHITECTURES.put("keras-cnn", KerasCnn::build);
        ARCHITECTURES.put("keras-cnn-conv", KerasCnn::buildPlain);
        ARCHITECTURES.put("densenet121", DenseNet121::build);
        ARCHITECTURES.put("efficientnet_b4", EfficientNetB4::build);
        ARCHITECTURES.put("resnet34", ResNet::build34);
        ARCHITECTURES.put("resnet50", ResNet::build50);
    }

    /** The loss types a classification head knows. */
    public static final java.util.List<String> LOSSES = java.util.List.of("ce", "bce", "focal");
    /**
     * The heads {@code model.head} knows: {@code linear} (dropout, output layer) and {@code seed001}, seed 001's
     * EfficientNet-B4 head {@code Linear(features, 512)} → ReLU → dropout → {@code Linear(512, out)}.
     */
    public static final java.util.List<String> HEADS = java.util.List.of("linear", "seed001");
    /** Hidden units of the {@code seed001} head (seed 001: {@code nn.Linear(1792, 512)}). */
    public static final int SEED001_HIDDEN = 512;

    private Models() {
    }

    /** Builds and initialises the network of {@code model.arch}. */
    public static ComputationGraph build(ExperimentConfig config) {
        if (!"none".equals(config.model().pretrained())) {
            throw new PulmoException("model.pretrained: '" + config.model().pretrained()
                    + "' is not available yet in this version of Pulmo; known: none");
        }
        Function<ExperimentConfig, ComputationGraph> f = ARCHITECTURES.get(config.model().arch());
        if (f == null) {
            throw new PulmoException("model.arch: unknown architecture '" + config.model().arch() + "'; known: "
                    + String.join(", ", ARCHITECTURES.keySet()));
        }
        return f.apply(config);
    }

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

    /** Network-wide settings every architecture starts from. */
    static NeuralNetConfiguration.Builder builder(ExperimentConfig config) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.DEVICE);
        return Optimizers.apply(b, config.optimizer());
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
