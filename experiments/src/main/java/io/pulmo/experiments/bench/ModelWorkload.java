package io.pulmo.experiments.bench;

import io.pulmo.classification.model.Models;
import io.pulmo.common.PulmoException;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.ct3d.Ct3dModels;
import io.pulmo.segmentation.model.SegmentationModels;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One model workload of the benchmark, named as the PyTorch peer ({@code shared/peer/bench_torch.py}) names it, built
 * by Pulmo's own model builders from a config with the peer's settings: random initialisation, SGD with momentum 0.9
 * (lr 0.01), the peer's loss (cross-entropy for classifiers, soft Dice per image for the UNet), float32, random data
 * from a fixed seed.
 *
 * @param model   {@code resnet50}, {@code resnet34}, {@code densenet121}, {@code efficientnet_b4}, {@code unet-seed}
 *                or {@code cnn3d}
 * @param train   a training step ({@code fit}) rather than inference ({@code output})
 * @param batch   images per step
 * @param size    image side (cnn3d: always 32×48×48)
 */
public record ModelWorkload(String model, boolean train, int batch, int size) {

    public static final List<String> MODELS = List.of("resnet50", "resnet34", "densenet121", "efficientnet_b4",
            "unet-seed", "cnn3d");

    public ModelWorkload {
        if (!MODELS.contains(model)) {
            throw new PulmoException("unknown benchmark model '" + model + "'; known: " + String.join(", ", MODELS));
        }
    }

    public String mode() {
        return train ? "train" : "infer";
    }

    /** The peer's classes: 4 for resnet34 (seed 005's four CT classes), 2 for the other classifiers, 1 for the UNet. */
    public int classes() {
        return switch (model) {
            case "resnet34" -> 4;
            case "unet-seed" -> 1;
            default -> 2;
        };
    }

    /** The input shape, as the peer reports it. */
    public long[] inputShape() {
        return switch (model) {
            case "cnn3d" -> new long[]{batch, 1, 32, 48, 48};
            case "unet-seed" -> new long[]{batch, 1, size, size};
            default -> new long[]{batch, 3, size, size};
        };
    }

    /** The network, built as {@code pulmo run} would build it for {@link #config()}. */
    public ComputationGraph build() {
        ExperimentConfig c = config();
        return switch (model) {
            case "unet-seed" -> SegmentationModels.build(c);
            case "cnn3d" -> Ct3dModels.build(c);
            default -> Models.build(c);
        };
    }

    /** Random inputs and labels of the peer's shapes, from {@code seed}. */
    public DataSet data(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, inputShape());
        INDArray y;
        if (model.equals("unet-seed")) {
            y = Nd4j.rand(DataType.FLOAT, batch, 1, size, size).gt(0.7).castTo(DataType.FLOAT);
        } else {
            y = Nd4j.zeros(DataType.FLOAT, batch, classes());
            for (int i = 0; i < batch; i++) {
                y.putScalar(i, Nd4j.getRandom().nextInt(classes()), 1.0);
            }
        }
        return new DataSet(x, y);
    }

    /** The config the network is built from: the model's architecture with the peer's loss and optimiser. */
    ExperimentConfig config() {
        String yaml = switch (model) {
            case "unet-seed" -> """
                    task: segmentation
                    data: {layout: pneumothorax, image: {size: %d, channels: 1}, batch: %d}
                    model: {arch: unet, base: 64}
                    loss: {type: dice, dice_reduction: image}
                    """.formatted(size, batch);
            case "cnn3d" -> """
                    task: ct3d
                    data: {layout: luna, batch: %d}
                    model: {arch: luna-cnn, base: 8, classes: 2}
                    loss: {type: ce}
                    ct3d: {stage: nodule}
                    """.formatted(batch);
            default -> """
                    task: classification
                    data: {image: {size: %d, channels: 3}, batch: %d}
                    model: {arch: %s, classes: %d}
                    loss: {type: ce}
                    """.formatted(size, batch, model, classes());
        };
        yaml = "name: bench-" + model + "\nseed: 0\n" + yaml
                + "optimizer: {type: sgd, lr: 0.01, momentum: 0.9}\nui: {enabled: false}\n";
        try {
            Path file = Files.createTempFile("pulmo-bench-", ".yaml");
            try {
                Files.writeString(file, yaml);
                return ConfigLoader.load(file).variants().get(0).config();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new PulmoException("cannot write a temporary benchmark config: " + e.getMessage(), e);
        }
    }
}
