package io.pulmo.classification.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.Networks;
import io.pulmo.common.train.WeightTransfer.Stage;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
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
 * ResNet-34 and ResNet-50 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016) layer for layer as
 * {@code torchvision.models.resnet34} and {@code resnet50}, so parameter counts, feature-map sizes and layer names
 * match PyTorch's.
 *
 * <ul>
 *   <li>Stem: {@code conv1} 7×7/2 pad 3, 64 filters, no bias → {@code bn1} → {@code relu} → {@code maxpool} 3×3/2 pad 1.</li>
 *   <li>{@code layer1} … {@code layer4} with 64, 128, 256, 512 base widths and 3, 4, 6, 3 blocks; the first block of
 *   layers 2–4 has stride 2. ResNet-34 uses basic blocks (two 3×3 convolutions); ResNet-50 bottlenecks (1×1, 3×3,
 *   1×1 with expansion 4) with the stride on the 3×3 convolution (torchvision's "v1.5"). A block whose input and
 *   output shapes differ has a projection shortcut: 1×1 convolution of stride s without bias
 *   ({@code _downsample_0}) and BatchNorm ({@code _downsample_1}).</li>
 *   <li>Every block ends in {@code _add} (element-wise sum with the shortcut) and {@code _relu}.</li>
 *   <li>{@code avgpool}: global average pooling; then {@link Models#head the head} ({@code output}, torchvision's
 *   {@code fc}).</li>
 * </ul>
 *
 * <p>Layer names are torchvision's module paths with '_' for '.': {@code conv1}, {@code bn1}, {@code relu},
 * {@code maxpool}, {@code layer1_0_conv1}, {@code layer1_0_bn1}, {@code layer1_0_relu1}, {@code layer1_0_conv2} …
 * {@code layer1_0_downsample_0}, {@code layer1_0_downsample_1}, {@code layer1_0_add}, {@code layer1_0_relu},
 * {@code avgpool}. torchvision reuses one ReLU module per block; here the ReLU after {@code bnK} is
 * {@code _reluK} and the one after the sum is {@code _relu}. ReLUs are separate {@link ActivationLayer}s because
 * DL4J's {@link BatchNormalization} ignores its {@code activation}.
 *
 * <p>Convolutions use {@link ConvolutionMode#Truncate} with explicit padding, so output sizes are PyTorch's
 * {@code floor((in + 2p - k) / s) + 1}; no convolution feeding a BatchNorm has a bias. Convolution weights are
 * initialised as torchvision does, Kaiming normal with fan-out ({@code N(0, 2 / (k²·out))}); BatchNorm starts at
 * γ = 1, β = 0 with ε = 1e-5 and momentum 0.1 (DL4J decay 0.9). The head keeps {@link io.pulmo.common.train.Networks#builder the network
 * default} initialisation.
 *
 * <p>Input: {@code data.image.channels} (1 or 3) × {@code data.image.size}², size at least 32 (five halvings);
 * at 224 the map before {@code avgpool} is 7×7 with 512 (ResNet-34) or 2048 (ResNet-50) channels.
 */
public final class ResNet {
    /** Blocks per stage, the same for ResNet-34 and ResNet-50. */
    private static final int[] BLOCKS = {3, 4, 6, 3};
    /** Base width of each stage. */
    private static final int[] WIDTHS = {64, 128, 256, 512};
    /** Output channels over base width of a bottleneck block. */
    private static final int BOTTLENECK_EXPANSION = 4;
    /** Stages after the stem ({@code conv1 … maxpool}), for {@code model.freeze}. */
    public static final List<Stage> STAGES = List.of(Stage.of("layer1"), Stage.of("layer2"), Stage.of("layer3"),
            Stage.of("layer4"));
    /** The smallest input side that survives the stem and three stride-2 stages. */
    public static final int MIN_SIZE = 32;

    private ResNet() {
    }

    /** ResNet-34 ({@code model.arch: resnet34}): basic blocks [3, 4, 6, 3]; 21.28 M parameters before the head. */
    public static ComputationGraph build34(ExperimentConfig config) {
        return build(config, false, "resnet34");
    }

    /** ResNet-50 ({@code model.arch: resnet50}): bottleneck blocks [3, 4, 6, 3]; 23.51 M parameters before the head. */
    public static ComputationGraph build50(ExperimentConfig config) {
        return build(config, true, "resnet50");
    }

    private static ComputationGraph build(ExperimentConfig config, boolean bottleneck, String arch) {
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        if (size < MIN_SIZE) {
            throw new PulmoException("data.image.size must be at least " + MIN_SIZE + " for " + arch + ", got " + size);
        }
        ComputationGraphConfiguration.GraphBuilder g = Networks.builder(config).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(size, size, channels));
        String last = add(g, "conv1", conv(7, 2, 3, 64), "input");
        last = add(g, "bn1", bn(), last);
        last = add(g, "relu", relu(), last);
        last = add(g, "maxpool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .padding(1, 1).convolutionMode(ConvolutionMode.Truncate).build(), last);
        int in = 64;
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            for (int b = 0; b < BLOCKS[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                String p = "layer" + (stage + 1) + "_" + b;
                last = bottleneck ? bottleneck(g, p, in, WIDTHS[stage], stride, last)
                        : basic(g, p, in, WIDTHS[stage], stride, last);
                in = bottleneck ? WIDTHS[stage] * BOTTLENECK_EXPANSION : WIDTHS[stage];
            }
        }
        last = add(g, "avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        Models.head(g, config, last);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** torchvision's {@code BasicBlock}: 3×3/s → BN → ReLU → 3×3 → BN, plus the shortcut, then ReLU. */
    private static String basic(ComputationGraphConfiguration.GraphBuilder g, String p, int in, int width, int stride,
                                String input) {
        String x = add(g, p + "_conv1", conv(3, stride, 1, width), input);
        x = add(g, p + "_bn1", bn(), x);
        x = add(g, p + "_relu1", relu(), x);
        x = add(g, p + "_conv2", conv(3, 1, 1, width), x);
        x = add(g, p + "_bn2", bn(), x);
        return residual(g, p, in, width, stride, input, x);
    }

    /**
     * torchvision's {@code Bottleneck} (v1.5): 1×1 → BN → ReLU → 3×3/s → BN → ReLU → 1×1 (×4 channels) → BN, plus the
     * shortcut, then ReLU.
     */
    private static String bottleneck(ComputationGraphConfiguration.GraphBuilder g, String p, int in, int width,
                                     int stride, String input) {
        String x = add(g, p + "_conv1", conv(1, 1, 0, width), input);
        x = add(g, p + "_bn1", bn(), x);
        x = add(g, p + "_relu1", relu(), x);
        x = add(g, p + "_conv2", conv(3, stride, 1, width), x);
        x = add(g, p + "_bn2", bn(), x);
        x = add(g, p + "_relu2", relu(), x);
        x = add(g, p + "_conv3", conv(1, 1, 0, width * BOTTLENECK_EXPANSION), x);
        x = add(g, p + "_bn3", bn(), x);
        return residual(g, p, in, width * BOTTLENECK_EXPANSION, stride, input, x);
    }

    /** Sum of {@code branch} and the shortcut (identity, or 1×1/s convolution + BN when the shape changes), then ReLU. */
    private static String residual(ComputationGraphConfiguration.GraphBuilder g, String p, int in, int out, int stride,
                                   String input, String branch) {
        String shortcut = input;
        if (stride != 1 || in != out) {
            shortcut = add(g, p + "_downsample_0", conv(1, stride, 0, out), input);
            shortcut = add(g, p + "_downsample_1", bn(), shortcut);
        }
        g.addVertex(p + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), branch, shortcut);
        return add(g, p + "_relu", relu(), p + "_add");
    }

    /** k×k convolution of stride s and padding pad without bias, Kaiming-normal (fan-out) initialised. */
    private static ConvolutionLayer conv(int k, int stride, int pad, int out) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(pad, pad).nOut(out).hasBias(false)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY)
                .weightInit(new NormalDistribution(0, Math.sqrt(2.0 / (k * k * out)))).build();
    }

    private static BatchNormalization bn() {
        return new BatchNormalization.Builder().eps(1e-5).decay(0.9).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    private static String add(ComputationGraphConfiguration.GraphBuilder g, String name, Layer layer, String input) {
        g.addLayer(name, layer, input);
        return name;
    }
}
