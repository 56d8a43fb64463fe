package io.pulmo.classification.model;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.Networks;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * Seed 002's Keras CNN ({@code build_model()}): two 3×3 convolutions of {@code base} filters and a max-pool; four
 * blocks of two 3×3 separable convolutions (ReLU), BatchNorm and max-pool with 2, 4, 8, 16 × {@code base} filters,
 * dropout 0.2 after the last two; flatten; dense blocks (Dense + ReLU, BatchNorm, Dropout) of 512/0.7, 128/0.5,
 * 64/0.3 units scaled by {@code base/16} ({@code model.dense_dropout} overrides the rates: dropout feeding the next
 * block's BatchNorm shifts its variance between training and inference, which the study itself noted); the head. With {@code base} 16 at 180×180×3 and one sigmoid
 * logit it is the study's model; smaller {@code base} values give the quick variants used on phantoms.
 *
 * <p>Layer names: {@code conv1_1}, {@code conv1_2}, {@code pool1}, {@code block2_sep1_dw}, {@code block2_sep1} …
 * {@code block5_pool},
 * {@code dense1} … {@code dense3_drop}, then the head's {@code output}.
 */
public final class KerasCnn {
    /** Seed 002's dropout after each dense block (before the next block's dense layer and BatchNorm). */
    public static final List<Double> DENSE_DROPOUT = List.of(0.7, 0.5, 0.3);

    private KerasCnn() {
    }

    /** The study's model: separable convolutions in blocks 2–5 ({@code model.arch: keras-cnn}). */
    public static ComputationGraph build(ExperimentConfig config) {
        return build(config, true);
    }

    /**
     * The same layout with plain 3×3 convolutions in blocks 2–5 ({@code model.arch: keras-cnn-conv}): DL4J's
     * depthwise convolution runs through neither oneDNN nor a fast kernel on the CPU (a 64×64 batch of 16 took
     * ~3 s against ~0.13 s with plain convolutions), so quick experiments use this one.
     */
    public static ComputationGraph buildPlain(ExperimentConfig config) {
        return build(config, false);
    }

    private static ComputationGraph build(ExperimentConfig config, boolean separable) {
        int base = config.model().base();
        int size = config.data().image().size();
        int channels = config.data().image().channels();
        if (size < 32) {
            throw new PulmoException("data.image.size must be at least 32 for keras-cnn (5 poolings), got "
                    + size);
        }
        ComputationGraphConfiguration.GraphBuilder g = Networks.builder(config).graphBuilder()
                .addInputs("input").setInputTypes(InputType.convolutional(size, size, channels));
        String last = "input";
        last = add(g, "conv1_1", new ConvolutionLayer.Builder(3, 3).nOut(base).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build(), last);
        last = add(g, "conv1_2", new ConvolutionLayer.Builder(3, 3).nOut(base).activation(Activation.RELU)
                .convolutionMode(ConvolutionMode.Same).build(), last);
        last = add(g, "pool1", pool(), last);
        int[] mult = {2, 4, 8, 16};
        for (int i = 0; i < mult.length; i++) {
            String p = "block" + (i + 2);
            int filters = base * mult[i];
            for (int k = 1; k <= 2; k++) {
                last = separable ? separable(g, p + "_sep" + k, filters, last)
                        : add(g, p + "_conv" + k, new ConvolutionLayer.Builder(3, 3).nOut(filters)
                        .activation(Activation.RELU).convolutionMode(ConvolutionMode.Same).build(), last);
            }
            last = add(g, p + "_bn", new BatchNormalization.Builder().build(), last);
            last = add(g, p + "_pool", pool(), last);
            if (i >= 2) {
                last = add(g, p + "_drop", new DropoutLayer.Builder(1 - 0.2).build(), last);
            }
        }
        int[] units = {512, 128, 64};
        List<Double> drop = config.model().denseDropout() != null ? config.model().denseDropout() : DENSE_DROPOUT;
        if (drop.size() != units.length) {
            throw new PulmoException("model.dense_dropout must have " + units.length + " values for keras-cnn, got " + drop);
        }
        for (int i = 0; i < units.length; i++) {
            String p = "dense" + (i + 1);
            int n = Math.max(8, units[i] * base / 16);
            last = add(g, p, new DenseLayer.Builder().nOut(n).activation(Activation.RELU).build(), last);
            last = add(g, p + "_bn", new BatchNormalization.Builder().build(), last);
            if (drop.get(i) > 0) {
                last = add(g, p + "_drop", new DropoutLayer.Builder(1 - drop.get(i)).build(), last);
            }
        }
        Models.head(g, config, last);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /**
     * Keras' {@code SeparableConv2D(filters, 3, activation='relu', padding='same')} as a 3×3 depthwise convolution
     * without bias ({@code NAME_dw}) and a 1×1 pointwise convolution with bias and ReLU ({@code NAME}): the same
     * parameters and function. DL4J's own {@code SeparableConvolution2D} computes the same but ran 20× slower here.
     */
    private static String separable(ComputationGraphConfiguration.GraphBuilder g, String name, int filters, String input) {
        g.addLayer(name + "_dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(1).hasBias(false)
                .activation(Activation.IDENTITY).convolutionMode(ConvolutionMode.Same).build(), input);
        g.addLayer(name, new ConvolutionLayer.Builder(1, 1).nOut(filters).activation(Activation.RELU).build(), name + "_dw");
        return name;
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static String add(ComputationGraphConfiguration.GraphBuilder g, String name,
                              org.deeplearning4j.nn.conf.layers.Layer layer, String input) {
        g.addLayer(name, layer, input);
        return name;
    }
}
