package io.pulmo.ct3d.segment;

import io.pulmo.common.PulmoException;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.MetaImage;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The segmentation stage of the pipeline on a whole scan: the nodule probability of every voxel, from a slice model
 * ({@code unet-luna}) run on every slice with its context ({@link ContextSlices}) — the book's
 * {@code NoduleAnalysisApp.segmentCt} ({@code p2ch14/nodule_analysis.py}), without its erosion, which belongs to
 * grouping.
 *
 * <p><b>Sizes.</b> The network is built for square training crops ({@code InputType.convolutional(64, 64, 7)}), but it
 * is fully convolutional: DL4J's {@code ComputationGraph} takes whole slices of another size as they are (checked
 * for 96 × 80 in the tests), as long as every pooling level divides the size. A slice whose rows or columns are not
 * a multiple of the product of the network's pooling strides (4 for {@code unet-luna}) is padded with air at its
 * bottom and right to the next multiple, and the padding is cut from the output.
 *
 * <p><b>Memory and time.</b> The result is one {@code float} per voxel (315 MB for 512 × 512 × 300); besides it only
 * one batch of {@code batchSlices} context slices (7.3 MB per 512² slice) and the network's activations for it live at
 * a time, freed after each batch. Those activations dominate: measured on the CPU for {@code unet-luna} (base 16),
 * the process grows by about 0.5 GB per 512² slice of the batch, and a slice takes about 4 s on 2 cores, so a batch
 * of 1 to 4 slices suits a CPU.
 */
public final class HeatMap {

    private HeatMap() {
    }

    /**
     * The per-voxel nodule probability of {@code ct}: a {@code MET_FLOAT} image of sizes x = cols, y = rows,
     * z = depth with the CT's geometry, values in [0, 1].
     *
     * @param model       a slice segmentation network whose input is {@code [n, channels, h, w]} context slices and
     *                    whose output is {@code [n, 1, h, w]} probabilities
     * @param batchSlices slices per forward pass, positive
     * @throws PulmoException naming the series when the model outputs NaN
     */
    public static MetaImage infer(ComputationGraph model, CtVolume ct, int batchSlices) {
        if (batchSlices < 1) {
            throw new IllegalArgumentException("batchSlices must be positive, got " + batchSlices);
        }
        int channels = inputChannels(model);
        int multiple = sizeMultiple(model);
        int rows = ct.rows();
        int cols = ct.cols();
        int h = roundUp(rows, multiple);
        int w = roundUp(cols, multiple);
        int plane = h * w;
        float[] heat = new float[ct.depth() * rows * cols];
        for (int s0 = 0; s0 < ct.depth(); s0 += batchSlices) {
            int n = Math.min(batchSlices, ct.depth() - s0);
            float[] features = new float[n * channels * plane];
            for (int k = 0; k < n; k++) {
                ContextSlices.fill(ct, s0 + k, channels, 0, 0, h, w, features, k * channels * plane);
            }
            float[] p = probabilities(model, features, n, channels, h, w);
            for (int k = 0; k < n; k++) {
                for (int r = 0; r < rows; r++) {
                    int from = k * plane + r * w;
                    int to = ((s0 + k) * rows + r) * cols;
                    for (int c = 0; c < cols; c++) {
                        float v = p[from + c];
                        if (Float.isNaN(v)) {
                            throw new PulmoException("the segmentation model outputs NaN on slice " + (s0 + k)
                                    + " of series " + ct.seriesUid());
                        }
                        heat[to + c] = v;
                    }
                }
            }
        }
        return MetaImage.ofFloats(cols, rows, ct.depth(), ct.geometry(), heat);
    }

    /**
     * Writes a heat map zlib-compressed ({@code NAME.mhd} + {@code NAME.zraw}, or one {@code NAME.mha}): a heat map
     * is mostly zeros and shrinks many times.
     *
     * @throws io.pulmo.common.PulmoException naming the file when writing fails
     */
    public static void write(MetaImage heat, Path mhd) {
        heat.write(mhd, new MetaImage.WriteOptions(true, false));
    }

    /**
     * The network's probabilities for {@code n} inputs of {@code channels × h × w} values in {@code features}:
     * {@code n · h · w} values, image after image; the batch's arrays are released before returning.
     */
    static float[] probabilities(ComputationGraph model, float[] features, int n, int channels, int h, int w) {
        INDArray x = Nd4j.create(features, new long[] {n, channels, h, w});
        INDArray[] out = model.output(false, x);
        try {
            INDArray p = out[0];
            if (p.length() != (long) n * h * w) {
                throw new PulmoException("the segmentation model gives " + java.util.Arrays.toString(p.shape())
                        + " for input " + java.util.Arrays.toString(x.shape()) + "; expected one channel of "
                        + h + " x " + w);
            }
            return p.castTo(DataType.FLOAT).dup('c').data().asFloat();
        } finally {
            release(x);
            for (INDArray o : out) {
                release(o);
            }
        }
    }

    /** Frees an array's off-heap memory now rather than at garbage collection, where ND4J allows it. */
    static void release(INDArray a) {
        if (a != null && a.closeable()) {
            a.close();
        }
    }

    /**
     * The number of context slices the network takes: {@code nIn} of the layer that reads its input
     * ({@code input_bn} of {@code unet-luna}).
     *
     * @throws PulmoException when no layer with a known {@code nIn} reads the network's single input
     */
    static int inputChannels(ComputationGraph model) {
        ComputationGraphConfiguration conf = model.getConfiguration();
        List<String> inputs = conf.getNetworkInputs();
        if (inputs.size() == 1) {
            for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
                if (e.getValue().contains(inputs.get(0)) && conf.getVertices().get(e.getKey()) instanceof LayerVertex lv
                        && lv.getLayerConf().getLayer() instanceof FeedForwardLayer first && first.getNIn() > 0) {
                    return (int) first.getNIn();
                }
            }
        }
        throw new PulmoException("the segmentation model needs one image input [n, channels, h, w] read by a layer "
                + "with known input channels, has inputs " + inputs);
    }

    /** The product of the strides of the network's pooling layers: slice sides must be multiples of it. */
    static int sizeMultiple(ComputationGraph model) {
        ComputationGraphConfiguration conf = model.getConfiguration();
        int multiple = 1;
        for (GraphVertex v : conf.getVertices().values()) {
            if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof SubsamplingLayer pool) {
                multiple *= Math.max(1, Math.max(pool.getStride()[0], pool.getStride()[1]));
            }
        }
        return multiple;
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
