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
 * The UNet of seed 004 ({@code model.arch: unet}), layer for layer:
 * <ul>
 *   <li>CBR blocks: 3×3 convolution with bias and padding 1, BatchNorm, ReLU;</li>
 *   <li>encoder {@code enc1 … enc4} with two CBR each (widths b, 2b, 4b, 8b; b = {@code model.base}, 64 in the
 *       study) and 2×2 max-pooling after each;</li>
 *   <li>bottleneck {@code enc5_1} (8b → 16b) and {@code dec5_1} (16b → 8b);</li>
 *   <li>decoder {@code dec4 … dec1}: a 2×2 stride-2 transposed convolution with bias ({@code unpool4 … unpool1},
 *       width kept), concatenated with the encoder's output of that level ({@code cat = [unpool, enc]}), then two
 *       CBR ({@code decK_2}: 2w → w, {@code decK_1}: w → w/2, the last level w → w);</li>
 *   <li>{@code fc}: 1×1 convolution to one logit channel, scored by a {@code CnnLossLayer} named {@code output}
 *       whose sigmoid makes the network output probabilities.</li>
 * </ul>
 * For one input channel and b = 64 the trainable parameter count is 23,379,969 (PyTorch's), and BatchNorm's running
 * mean and variance add 9,856. The input side must be a multiple of 16.
 */
public final class UNet {
    public static final String ARCH = "unet";

    private UNet() {
    }

    /** Builds and initialises the UNet for {@code data.image} and {@code model.base}. */
    public static ComputationGraph build(ExperimentConfig config) {
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        int b = config.model().base();
        if (size % 16 != 0) {
            throw new PulmoException("data.image.size must be a multiple of 16 for " + ARCH + " (four 2×2 poolings), got "
                    + size);
        }
        ComputationGraphConfiguration.GraphBuilder g = Networks.builder(config).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(size, size, channels));
        String[] skips = new String[4];
        String last = "input";
        for (int level = 1; level <= 4; level++) {
            int w = b << (level - 1);
            last = cbr(g, "enc" + level + "_1", w, last);
            skips[level - 1] = last = cbr(g, "enc" + level + "_2", w, last);
            g.addLayer("pool" + level, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                    .build(), last);
            last = "pool" + level;
        }
        last = cbr(g, "enc5_1", b << 4, last);
        last = cbr(g, "dec5_1", b << 3, last);
        for (int level = 4; level >= 1; level--) {
            int w = b << (level - 1);
            g.addLayer("unpool" + level, new Deconvolution2D.Builder(2, 2).stride(2, 2).nOut(w).hasBias(true)
                    .build(), last);
            g.addVertex("cat" + level, new MergeVertex(), "unpool" + level, skips[level - 1]);
            last = cbr(g, "dec" + level + "_2", w, "cat" + level);
            last = cbr(g, "dec" + level + "_1", level == 1 ? w : w / 2, last);
        }
        g.addLayer("fc", new ConvolutionLayer.Builder(1, 1).nOut(1).activation(Activation.IDENTITY).build(), last);
        SegmentationHead.add(g, config, "fc");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /** 3×3 convolution (bias, padding 1) → BatchNorm → ReLU, named {@code name}, {@code name_bn}, {@code name_relu}. */
    private static String cbr(ComputationGraphConfiguration.GraphBuilder g, String name, int out, String input) {
        g.addLayer(name, new ConvolutionLayer.Builder(3, 3).padding(1, 1).convolutionMode(ConvolutionMode.Truncate)
                .nOut(out).activation(Activation.IDENTITY).build(), input);
        g.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name);
        g.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_bn");
        return name + "_relu";
    }
}
