package io.pulmo.classification.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.Networks;
import io.pulmo.common.train.WeightTransfer.Stage;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * DenseNet-121 (Huang et al., <i>Densely Connected Convolutional Networks</i>, CVPR 2017) exactly as torchvision's
 * {@code densenet121}: growth rate 32, dense blocks of 6, 12, 24 and 16 layers, bottleneck width 4 × growth,
 * 64 initial features, compression 0.5. With the linear head and two classes it has torchvision's 6,955,906
 * trainable parameters (one logit: 6,954,881) and 83,648 BatchNorm running statistics.
 *
 * <ul>
 *   <li>stem: {@code conv0} 7×7/2 pad 3 (no bias), {@code norm0}, {@code relu0}, {@code pool0} max 3×3/2 pad 1;</li>
 *   <li>dense layer {@code denseblockB_denselayerL_*}: {@code norm1} → {@code relu1} → {@code conv1} 1×1 to 128
 *       (no bias) → {@code norm2} → {@code relu2} → {@code conv2} 3×3 pad 1 to 32 (no bias), then {@code concat}:
 *       the layer's input and its 32 new feature maps, along channels;</li>
 *   <li>transition {@code transitionB_*} after blocks 1–3: {@code norm} → {@code relu} → {@code conv} 1×1 halving
 *       the channels (no bias) → {@code pool} average 2×2/2;</li>
 *   <li>{@code norm5} → {@code relu5} → {@code avgpool} (global average) → the head of {@link Models#head}.</li>
 * </ul>
 * The input must be at least 32×32 (five halvings). Stochastic parts (torchvision's {@code drop_rate}, 0 by
 * default) are not modelled; {@code model.dropout} adds dropout before the output layer.
 */
public final class DenseNet121 {
    /** New feature maps per dense layer. */
    public static final int GROWTH = 32;
    /** Dense layers per block. */
    public static final int[] BLOCKS = {6, 12, 24, 16};
    /**
     * Stages after the stem ({@code conv0 … pool0}), for {@code model.freeze}: each dense block with the transition
     * after it; the last with {@code norm5} and {@code relu5}.
     */
    public static final List<Stage> STAGES = List.of(
            Stage.of("denseblock1", "(denseblock1|transition1)_.*"), Stage.of("denseblock2", "(denseblock2|transition2)_.*"),
            Stage.of("denseblock3", "(denseblock3|transition3)_.*"), Stage.of("denseblock4", "denseblock4_.*|norm5|relu5"));
    /** Bottleneck width as a multiple of {@link #GROWTH}. */
    public static final int BN_SIZE = 4;
    /** Channels out of the stem. */
    public static final int INITIAL_FEATURES = 64;

    private DenseNet121() {
    }

    /** Builds and initialises the network for {@code data.image} and the head of {@code model.head}. */
    public static ComputationGraph build(ExperimentConfig config) {
        int size = config.data().image().size();
        if (size < 32) {
            throw new PulmoException("data.image.size must be at least 32 for densenet121 (five halvings), got " + size);
        }
        ComputationGraphConfiguration.GraphBuilder g = Networks.builder(config).graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(size, size, config.data().image().channels()));
        String last = add(g, "conv0", conv(7, 2, 3, INITIAL_FEATURES), "input");
        last = add(g, "norm0", new BatchNormalization.Builder().build(), last);
        last = add(g, "relu0", relu(), last);
        last = add(g, "pool0", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .padding(1, 1).build(), last);
        int channels = INITIAL_FEATURES;
        for (int b = 0; b < BLOCKS.length; b++) {
            for (int l = 1; l <= BLOCKS[b]; l++) {
                last = denseLayer(g, "denseblock" + (b + 1) + "_denselayer" + l, last);
                channels += GROWTH;
            }
            if (b < BLOCKS.length - 1) {
                channels /= 2;
                last = transition(g, "transition" + (b + 1), channels, last);
            }
        }
        last = add(g, "norm5", new BatchNormalization.Builder().build(), last);
        last = add(g, "relu5", relu(), last);
        last = add(g, "avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        Models.head(g, config, last);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** BN-ReLU-conv1×1-BN-ReLU-conv3×3, its output concatenated to its input. */
    private static String denseLayer(ComputationGraphConfiguration.GraphBuilder g, String p, String input) {
        String last = add(g, p + "_norm1", new BatchNormalization.Builder().build(), input);
        last = add(g, p + "_relu1", relu(), last);
        last = add(g, p + "_conv1", conv(1, 1, 0, BN_SIZE * GROWTH), last);
        last = add(g, p + "_norm2", new BatchNormalization.Builder().build(), last);
        last = add(g, p + "_relu2", relu(), last);
        last = add(g, p + "_conv2", conv(3, 1, 1, GROWTH), last);
        g.addVertex(p + "_concat", new MergeVertex(), input, last);
        return p + "_concat";
    }

    private static String transition(ComputationGraphConfiguration.GraphBuilder g, String p, int out, String input) {
        String last = add(g, p + "_norm", new BatchNormalization.Builder().build(), input);
        last = add(g, p + "_relu", relu(), last);
        last = add(g, p + "_conv", conv(1, 1, 0, out), last);
        return add(g, p + "_pool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                .build(), last);
    }

    /** A square convolution without bias or activation, padded like PyTorch (output floor((n + 2p − k)/s) + 1). */
    private static ConvolutionLayer conv(int kernel, int stride, int pad, int out) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(pad, pad).nOut(out)
                .hasBias(false).activation(Activation.IDENTITY).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    private static String add(ComputationGraphConfiguration.GraphBuilder g, String name, Layer layer, String input) {
        g.addLayer(name, layer, input);
        return name;
    }
}
