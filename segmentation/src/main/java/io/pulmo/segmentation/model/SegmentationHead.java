package io.pulmo.segmentation.model;

import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.loss.SegmentationLosses;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.nd4j.linalg.activations.Activation;

/** The scoring end every segmentation model shares: a {@code CnnLossLayer} named {@code output}. */
final class SegmentationHead {
    private SegmentationHead() {
    }

    /**
     * Adds {@code output} on the one-channel logits {@code input}: the sigmoid makes the network output pixel
     * probabilities, and the loss of {@code loss.type} reads the logits (it knows the image size, since
     * {@code CnnLossLayer} hands it every pixel of the batch as one row).
     */
    static void add(ComputationGraphConfiguration.GraphBuilder g, ExperimentConfig config, String input) {
        long pixels = (long) config.data().image().size() * config.data().image().size();
        g.addLayer("output", new CnnLossLayer.Builder(SegmentationLosses.from(config.loss(), pixels))
                .activation(Activation.SIGMOID).build(), input);
        g.setOutputs("output");
    }
}
