package io.pulmo.common.train;

import io.pulmo.common.backend.Backend;
import io.pulmo.common.data.Augmentation;
import io.pulmo.common.data.ImageBatchIterator;
import io.pulmo.common.data.ImageItem;
import io.pulmo.common.data.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A tiny trainable problem: eight 8×8 grey PNGs (four dark = class 0, four bright = class 1) and a 64→8→2 net. */
final class TrainFixtures {
    static final int SIZE = 8;

    private TrainFixtures() {
    }

    /** Writes the eight images into {@code dir}. */
    static List<ImageItem> images(Path dir) {
        Backend.init(2);
        List<ImageItem> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int label = i % 2;
            int value = label == 0 ? 30 + 10 * i : 170 + 10 * i;
            String id = "c" + label + "/img" + i + ".png";
            Path f = TestImages.write(TestImages.uniformGray(SIZE, SIZE, value), "png", dir.resolve(id));
            items.add(new ImageItem(f, id, label, id));
        }
        return items;
    }

    /** Batches of three (so an epoch has three batches, the last of two), shuffled under seed 5. */
    static ImageBatchIterator iterator(List<ImageItem> items) {
        return new ImageBatchIterator(items, 2, false, 3, SIZE, 1, new float[]{0.5f}, new float[]{0.25f}, true, 5L,
                Augmentation.NONE, 1);
    }

    /** Dense 64 → 8 → softmax 2, Adam, fixed seed. */
    static ComputationGraph model() {
        Backend.init(2);
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(12).updater(new Adam(0.01)).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, 1))
                .addLayer("dense", new DenseLayer.Builder().nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .build());
        g.init();
        return g;
    }

    /** A validation stand-in returning scripted losses (and {@code auc} values) epoch after epoch. */
    static final class ScriptedEvaluator implements EpochEvaluator {
        private final double[] losses;
        private final double[] aucs;
        private int calls;

        ScriptedEvaluator(double[] losses, double[] aucs) {
            this.losses = losses;
            this.aucs = aucs;
        }

        static ScriptedEvaluator losses(double... losses) {
            double[] aucs = new double[losses.length];
            for (int i = 0; i < aucs.length; i++) {
                aucs[i] = 1 - losses[i];
            }
            return new ScriptedEvaluator(losses, aucs);
        }

        @Override
        public Result evaluate(ComputationGraph model) {
            if (calls >= losses.length) {
                throw new IllegalStateException("evaluated more often than scripted: " + (calls + 1));
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("auc", aucs[calls]);
            Result r = new Result(losses[calls], metrics);
            calls++;
            return r;
        }

        int calls() {
            return calls;
        }
    }
}
