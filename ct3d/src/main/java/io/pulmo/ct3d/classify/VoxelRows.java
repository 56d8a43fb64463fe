package io.pulmo.ct3d.classify;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Volumes as rows of voxels and back, so that DL4J's {@code BatchNormalization}, which takes 2-D and 4-D input but
 * not 5-D at run time (M2.1), normalises a 3-D input per channel over the batch and every voxel — PyTorch's
 * {@code BatchNorm3d}. {@code fold}: {@code [n, c, d, h, w]} (NCDHW) → {@code [n·d·h·w, c]}; otherwise the inverse.
 */
public final class VoxelRows implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    @JsonProperty("fold")
    private final boolean fold;
    @JsonProperty("depth")
    private final long depth;
    @JsonProperty("height")
    private final long height;
    @JsonProperty("width")
    private final long width;
    @JsonProperty("channels")
    private final long channels;

    @JsonCreator
    public VoxelRows(@JsonProperty("fold") boolean fold, @JsonProperty("depth") long depth,
                     @JsonProperty("height") long height, @JsonProperty("width") long width,
                     @JsonProperty("channels") long channels) {
        this.fold = fold;
        this.depth = depth;
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    private long voxels() {
        return depth * height * width;
    }

    private INDArray toRows(INDArray volumes) {
        return volumes.permute(0, 2, 3, 4, 1).dup('c').reshape('c', volumes.size(0) * voxels(), channels);
    }

    private INDArray toVolumes(INDArray rows) {
        long n = rows.size(0) / voxels();
        return rows.dup('c').reshape('c', n, depth, height, width, channels).permute(0, 4, 1, 2, 3).dup('c');
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, fold ? toRows(input) : toVolumes(input));
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, fold ? toVolumes(output) : toRows(output));
    }

    @Override
    public VoxelRows clone() {
        return new VoxelRows(fold, depth, height, width, channels);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return fold ? InputType.feedForward(channels)
                : InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, depth, height, width, channels);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VoxelRows v && v.fold == fold && v.depth == depth && v.height == height
                && v.width == width && v.channels == channels;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(fold, depth, height, width, channels);
    }
}
