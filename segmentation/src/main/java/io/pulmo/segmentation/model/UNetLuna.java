package io.pulmo.segmentation.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.Networks;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * The LUNA book's segmentation model ({@code model.arch: unet-luna}): its {@code UNetWrapper(in_channels=7,
 * n_classes=1, depth=3, wf=4, padding=True, batch_norm=True, up_mode='upconv')}:
 * <ul>
 *   <li>{@code input_bn}: BatchNorm over the input channels ({@code data.image.channels}; 7 = the slice and three
 *       neighbours on each side);</li>
 *   <li>three down blocks {@code down0..2} of width b, 2b, 4b (b = {@code model.base}, 16 = 2^wf in the book), each
 *       3×3 convolution → ReLU → BatchNorm, twice, with 2×2 average pooling between blocks;</li>
 *   <li>two up blocks {@code up1, up0}: a 2×2 stride-2 transposed convolution halving the width, concatenated with
 *       the down block's output ({@code [up, bridge]}), then the block's two conv → ReLU → BN;</li>
 *   <li>{@code last}: 1×1 convolution to one channel, then the sigmoid of the {@code output} loss layer.</li>
 * </ul>
 * With 7 input channels and b = 16: 118,271 trainable parameters and 654 BatchNorm running statistics, as in PyTorch.
 */
public final class UNetLuna {
    public static final String ARCH = "unet-luna";
    /** The book's depth. */
    public static final int DEPTH = 3;

    private UNetLuna() {
    }

    /** Builds and initialises the model for {@code data.image} and {@code model.base}. */
    public static ComputationGraph build(ExperimentConfig config) {
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        int b = config.model().base();
        int factor = 1 << (DEPTH - 1);
        if (size % factor != 0) {
            throw new PulmoException("data.image.size must be a multiple of " + factor + " for " + ARCH + ", got " + size);
        }
        ComputationGraphConfiguration.GraphBuilder g = Networks.builder(config).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(size, size, channels));
        g.addLayer("input_bn", new BatchNormalization.Builder().build(), "input");
        String last = "input_bn";
        String[] bridges = new String[DEPTH];
        for (int i = 0; i < DEPTH; i++) {
            if (i > 0) {
                g.addLayer("pool" + (i - 1), new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                        .build(), last);
                last = "pool" + (i - 1);
            }
            bridges[i] = last = block(g, "down" + i, b << i, last);
        }
        for (int i = DEPTH - 2; i >= 0; i--) {
            int w = b << i;
            g.addLayer("up" + i + "_upconv", new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(w).build(), last);
            g.addVertex("up" + i + "_cat", new MergeVertex(), "up" + i + "_upconv", bridges[i]);
            last = block(g, "up" + i, w, "up" + i + "_cat");
        }
        g.addLayer("last", new ConvolutionLayer.Builder(1, 1).nOut(1).activation(Activation.IDENTITY).build(), last);
        SegmentationHead.add(g, config, "last");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** The book's {@code UNetConvBlock}: (3×3 conv with padding 1 → ReLU → BatchNorm) twice. */
    private static String block(ComputationGraphConfiguration.GraphBuilder g, String p, int out, String input) {
        String last = input;
        for (int k = 1; k <= 2; k++) {
            g.addLayer(p + "_conv" + k, new ConvolutionLayer.Builder(3, 3).padding(1, 1)
                    .convolutionMode(ConvolutionMode.Truncate).nOut(out).activation(Activation.IDENTITY).build(), last);
            g.addLayer(p + "_relu" + k, new ActivationLayer.Builder().activation(Activation.RELU).build(), p + "_conv" + k);
            g.addLayer(p + "_bn" + k, new BatchNormalization.Builder().build(), p + "_relu" + k);
            last = p + "_bn" + k;
        }
        return last;
    }
}
