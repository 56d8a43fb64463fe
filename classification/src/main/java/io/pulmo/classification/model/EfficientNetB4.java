package io.pulmo.classification.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.Networks;
import io.pulmo.common.train.WeightTransfer.Stage;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * EfficientNet-B4 (Tan &amp; Le, <i>EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks</i>,
 * ICML 2019) exactly as torchvision's {@code efficientnet_b4}: the B0 stages scaled by width 1.4 and depth 1.8
 * (channels {@code _make_divisible(c · 1.4, 8)}, layers {@code ceil(n · 1.8)}). With the linear head and two
 * classes it has torchvision's 17,552,202 trainable parameters (one logit: 17,550,409) and 125,200 BatchNorm
 * running statistics. SiLU is DL4J's {@link Activation#SWISH}; BatchNorm uses torchvision's B4 settings (PyTorch's
 * defaults: eps 1e-5, momentum 0.1 = DL4J decay 0.9).
 *
 * <p>Layer names follow torchvision's {@code features.S.I}: {@code features0_conv}/{@code _bn}/{@code _silu} is the
 * stem (3×3/2 to 48); {@code features1} … {@code features7} hold the MBConv blocks {@code featuresS_I_*}, I from 0;
 * {@code features8_*} is the final 1×1 convolution to 1792; then {@code avgpool} (global average) and the head of
 * {@link Models#head}. An MBConv block is
 * <ul>
 *   <li>{@code expand_conv} 1×1 (no bias) → {@code expand_bn} → {@code expand_silu}, when the expand ratio is not 1;</li>
 *   <li>{@code dw_conv} k×k depthwise, stride s, pad (k−1)/2 (no bias) → {@code dw_bn} → {@code dw_silu};</li>
 *   <li>squeeze-excitation: {@code se_pool} (global average, [n, c, 1, 1]) → {@code se_fc1} 1×1 conv with bias to
 *       max(1, block input channels / 4), SiLU → {@code se_fc2} 1×1 conv with bias back to c, sigmoid →
 *       {@code se_scale}, the {@link ChannelScaleVertex} product with {@code dw_silu};</li>
 *   <li>{@code project_conv} 1×1 (no bias) → {@code project_bn}; {@code add}: the residual sum when stride is 1
 *       and input and output channels agree.</li>
 * </ul>
 * Not modelled: torchvision's stochastic depth (a training-time regulariser, rate 0.2 × block index / 32) and its
 * classifier dropout of 0.4 ({@code model.dropout} sets the head's dropout). On two CPU cores a training step on
 * a batch of 8 at 64×64 takes about 1 s (PyTorch: 0.37 s); DL4J's depthwise convolution is the slow part.
 */
public final class EfficientNetB4 {
    public static final double WIDTH = 1.4;
    public static final double DEPTH = 1.8;
    /** Channels of the final 1×1 convolution: 4 × the last stage's 448. */
    public static final int FEATURES = 1792;
    /**
     * Stages after the stem ({@code features0}), for {@code model.freeze}: torchvision's {@code features1 … features8}
     * (seven MBConv stages and the final 1×1 convolution).
     */
    public static final List<Stage> FREEZE_STAGES = java.util.stream.IntStream.rangeClosed(1, 8)
            .mapToObj(i -> Stage.of("features" + i)).toList();

    /** torchvision's B0 stages: expand ratio, kernel, stride, input channels, output channels, layers. */
    private static final int[][] STAGES = {
            {1, 3, 1, 32, 16, 1},
            {6, 3, 2, 16, 24, 2},
            {6, 5, 2, 24, 40, 2},
            {6, 3, 2, 40, 80, 3},
            {6, 5, 1, 80, 112, 3},
            {6, 5, 2, 112, 192, 4},
            {6, 3, 1, 192, 320, 1},
    };

    private EfficientNetB4() {
    }

    /** Builds and initialises the network for {@code data.image} and the head of {@code model.head}. */
    public static ComputationGraph build(ExperimentConfig config) {
        int size = config.data().image().size();
        if (size < 32) {
            throw new PulmoException("data.image.size must be at least 32 for efficientnet_b4 (five halvings), got "
                    + size);
        }
        ComputationGraphConfiguration.GraphBuilder g = Networks.builder(config).graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(size, size, config.data().image().channels()));
        String last = convBnSilu(g, "features0", 3, 2, channels(STAGES[0][3]), "input");
        for (int s = 0; s < STAGES.length; s++) {
            int[] st = STAGES[s];
            int in = channels(st[3]);
            int out = channels(st[4]);
            int layers = (int) Math.ceil(st[5] * DEPTH);
            for (int i = 0; i < layers; i++) {
                last = mbConv(g, "features" + (s + 1) + "_" + i, st[0], st[1], i == 0 ? st[2] : 1,
                        i == 0 ? in : out, out, last);
            }
        }
        last = convBnSilu(g, "features" + (STAGES.length + 1), 1, 1, FEATURES, last);
        last = add(g, "avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        Models.head(g, config, last);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** torchvision's {@code _make_divisible(c * 1.4, 8)}: the nearest multiple of 8, never 10% below. */
    static int channels(int c) {
        return divisible(c * WIDTH);
    }

    private static int divisible(double v) {
        int d = 8;
        int n = Math.max(d, (int) (v + d / 2.0) / d * d);
        return n < 0.9 * v ? n + d : n;
    }

    private static String mbConv(ComputationGraphConfiguration.GraphBuilder g, String p, int expandRatio, int kernel,
                                 int stride, int in, int out, String input) {
        String last = input;
        int expanded = divisible(in * (double) expandRatio);
        if (expanded != in) {
            last = convBnSilu(g, p + "_expand", 1, 1, expanded, last);
        }
        int pad = (kernel - 1) / 2;
        last = add(g, p + "_dw_conv", new DepthwiseConvolution2D.Builder(kernel, kernel).stride(stride, stride)
                .padding(pad, pad).depthMultiplier(1).hasBias(false).activation(Activation.IDENTITY).build(), last);
        last = add(g, p + "_dw_bn", new BatchNormalization.Builder().build(), last);
        String features = add(g, p + "_dw_silu", silu(), last);
        last = add(g, p + "_se_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(false).build(),
                features);
        last = add(g, p + "_se_fc1", new ConvolutionLayer.Builder(1, 1).nOut(Math.max(1, in / 4))
                .activation(Activation.SWISH).build(), last);
        last = add(g, p + "_se_fc2", new ConvolutionLayer.Builder(1, 1).nOut(expanded)
                .activation(Activation.SIGMOID).build(), last);
        g.addVertex(p + "_se_scale", new ChannelScaleVertex(), features, last);
        last = add(g, p + "_project_conv", conv(1, 1, out), p + "_se_scale");
        last = add(g, p + "_project_bn", new BatchNormalization.Builder().build(), last);
        if (stride == 1 && in == out) {
            g.addVertex(p + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), input, last);
            last = p + "_add";
        }
        return last;
    }

    /** torchvision's {@code Conv2dNormActivation} with SiLU: {@code P_conv} (no bias), {@code P_bn}, {@code P_silu}. */
    private static String convBnSilu(ComputationGraphConfiguration.GraphBuilder g, String p, int kernel, int stride,
                                     int out, String input) {
        String last = add(g, p + "_conv", conv(kernel, stride, out), input);
        last = add(g, p + "_bn", new BatchNormalization.Builder().build(), last);
        return add(g, p + "_silu", silu(), last);
    }

    /** A square convolution without bias or activation, padded (k−1)/2 like torchvision. */
    private static ConvolutionLayer conv(int kernel, int stride, int out) {
        int pad = (kernel - 1) / 2;
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(pad, pad).nOut(out)
                .hasBias(false).activation(Activation.IDENTITY).build();
    }

    private static ActivationLayer silu() {
        return new ActivationLayer.Builder().activation(Activation.SWISH).build();
    }

    private static String add(ComputationGraphConfiguration.GraphBuilder g, String name, Layer layer, String input) {
        g.addLayer(name, layer, input);
        return name;
    }
}
