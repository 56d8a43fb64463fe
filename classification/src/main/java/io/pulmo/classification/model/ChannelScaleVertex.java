package io.pulmo.classification.model;

import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;

/**
 * Scales every channel of a feature map by its own factor, as squeeze-and-excitation does:
 * {@code out[n, c, h, w] = x[n, c, h, w] · s[n, c, 0, 0]}, with the feature map {@code x} [n, c, h, w] as first input
 * and the scales {@code s} [n, c, 1, 1] as second; the output has the feature map's type.
 *
 * <p>DL4J's {@link ElementWiseVertex} product already broadcasts at run time, forwards and backwards (the gradient
 * of {@code s} is summed over h and w); only its shape inference insists on equal sizes. This vertex is that
 * product with the shape inference of a channel scale, so it needs no SameDiff (whose gradient set-up in
 * 1.0.0-M2.1 prints to standard output, and which costs a SameDiff session per call).
 */
public final class ChannelScaleVertex extends ElementWiseVertex {

    public ChannelScaleVertex() {
        super(Op.Product);
    }

    @Override
    public ChannelScaleVertex clone() {
        return new ChannelScaleVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelScaleVertex;
    }

    @Override
    public int hashCode() {
        return ChannelScaleVertex.class.hashCode();
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional x)
                || !(vertexInputs[1] instanceof InputType.InputTypeConvolutional s)) {
            throw new InvalidInputTypeException("channel scale needs a feature map [n, c, h, w] and scales [n, c, 1, 1],"
                    + " got " + java.util.Arrays.toString(vertexInputs));
        }
        if (s.getChannels() != x.getChannels() || s.getHeight() != 1 || s.getWidth() != 1) {
            throw new InvalidInputTypeException("channel scale of a map with " + x.getChannels() + " channels needs "
                    + "scales [n, " + x.getChannels() + ", 1, 1], got " + s);
        }
        return x;
    }
}
