package io.pulmo.ct3d.classify;

import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.train.Networks;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The LUNA book's nodule classifier ({@code model.arch: luna-cnn}, its {@code LunaModel}) on CT chunks of
 * {@value #DEPTH}×{@value #HEIGHT}×{@value #WIDTH} voxels (index, row, col), one channel of Hounsfield units:
 * <ul>
 *   <li>{@code tail_bn}: BatchNorm over the input (on {@link VoxelRows}, as DL4J's BatchNorm takes no 5-D input);</li>
 *   <li>four blocks {@code block1..4} of two 3×3×3 convolutions with bias and padding 1, each followed by ReLU, then a
 *       2×2×2 max-pool, with 8, 16, 32, 64 channels (b, 2b, 4b, 8b for {@code model.base} b; 8 in the book);</li>
 *   <li>{@code output}: a linear layer from the flattened 64×2×3×3 = 1152 features to {@code model.classes} (2),
 *       softmax.</li>
 * </ul>
 * With b = 8 and two classes: 222,220 trainable parameters and 2 BatchNorm running statistics, as in PyTorch.
 */
public final class LunaModel {
    public static final String ARCH = "luna-cnn";
    /** Chunk size (index, row, col) of the book. */
    public static final int DEPTH = 32;
    public static final int HEIGHT = 48;
    public static final int WIDTH = 48;
    /** The book's width of the first block. */
    public static final int BASE = 8;

    private LunaModel() {
    }

    public static ComputationGraph build(ExperimentConfig config) {
        int b = config.model().base();
        ComputationGraphConfiguration.GraphBuilder g = Networks.builder(config).graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, DEPTH, HEIGHT, WIDTH, 1));
        g.addLayer("tail_bn", new BatchNormalization.Builder().build(), "input");
        g.inputPreProcessor("tail_bn", new VoxelRows(true, DEPTH, HEIGHT, WIDTH, 1));
        g.inputPreProcessor("block1_conv1", new VoxelRows(false, DEPTH, HEIGHT, WIDTH, 1));
        String last = "tail_bn";
        for (int block = 1; block <= 4; block++) {
            int channels = b << (block - 1);
            for (int k = 1; k <= 2; k++) {
                String name = "block" + block + "_conv" + k;
                g.addLayer(name, new Convolution3D.Builder().kernelSize(3, 3, 3).padding(1, 1, 1)
                        .convolutionMode(ConvolutionMode.Truncate).dataFormat(Convolution3D.DataFormat.NCDHW)
                        .nOut(channels).activation(Activation.RELU).build(), last);
                last = name;
            }
            String pool = "block" + block + "_pool";
            g.addLayer(pool, new Subsampling3DLayer.Builder(PoolingType.MAX).kernelSize(2, 2, 2).stride(2, 2, 2)
                    .dataFormat(Convolution3D.DataFormat.NCDHW).build(), last);
            last = pool;
        }
        g.addLayer("output", new OutputLayer.Builder(new LossMCXENT()).nOut(config.model().classes())
                .activation(Activation.SOFTMAX).build(), last);
        g.setOutputs("output");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }
}
