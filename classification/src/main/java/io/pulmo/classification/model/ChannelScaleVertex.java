package io.pulmo.classification.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaVertex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Scales every channel of a feature map by its own factor, as squeeze-and-excitation does:
 * {@code out[n, c, h, w] = x[n, c, h, w] · s[n, c, 0, 0]}, with the feature map {@code x} [n, c, h, w] as first input
 * and the scales {@code s} [n, c, 1, 1] as second. DL4J's {@code ElementWiseVertex} needs equal shapes, so this
 * broadcasting product is a SameDiff lambda; SameDiff differentiates it (the gradient of {@code s} sums over
 * h and w). The output has the feature map's type.
 */
public final class ChannelScaleVertex extends SameDiffLambdaVertex {

    @Override
    public SDVariable defineVertex(SameDiff sameDiff, VertexInputs inputs) {
        return inputs.getInput(0).mul(inputs.getInput(1));
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return vertexInputs[0];
    }
}
