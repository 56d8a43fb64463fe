package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The network ({@code model}). Architecture and head ids are checked by the code that builds models, which
 * knows the registered ones.
 *
 * @param arch       architecture id; default {@code keras-cnn}
 * @param base       base width (filters of the first block; UNet width: seed UNet 64, unet-luna 16); default 16,
 *                   must be positive
 * @param classes    number of output classes; default 2, at least 2
 * @param head       classifier head id; default {@code linear}
 * @param dropout    dropout probability before the head; default 0, in [0, 1)
 * @param pretrained where the initial weights come from: {@code none} (random, the default), {@code imagenet} (DL4J's
 *                   zoo ResNet50 weights from the local model cache, for {@code model.arch: resnet50-zoo}), or the path
 *                   of a Pulmo run directory (its {@code checkpoints/best.zip}) or of a DL4J {@code ComputationGraph}
 *                   checkpoint: layers with the same name and parameter shapes are copied, the head is new
 * @param denseDropout {@code dense_dropout}: dropout of each dense block for architectures that have them
 *                   ({@code keras-cnn}: three blocks); default null = the architecture's own (seed 002: 0.7, 0.5, 0.3);
 *                   each in [0, 1)
 * @param freeze     how many of the network's first stages (stem first, then e.g. ResNet's {@code layer1..4}) keep
 *                   their pretrained weights unchanged in training; default 0, needs {@code pretrained} other than
 *                   {@code none}
 */
public record ModelConfig(String arch, int base, int classes, String head, double dropout, String pretrained,
                          @JsonProperty("dense_dropout") java.util.List<Double> denseDropout, int freeze) {

    public static final String DEFAULT_ARCH = "keras-cnn";
    public static final int DEFAULT_BASE = 16;
    public static final int DEFAULT_CLASSES = 2;
    public static final String DEFAULT_HEAD = "linear";
    public static final double DEFAULT_DROPOUT = 0.0;
    public static final String DEFAULT_PRETRAINED = "none";
    public static final int DEFAULT_FREEZE = 0;

    public ModelConfig {
        arch = Checks.notBlank("model.arch", Checks.orDefault(arch, DEFAULT_ARCH));
        Checks.positive("model.base", base);
        Checks.atLeast("model.classes", classes, 2);
        head = Checks.notBlank("model.head", Checks.orDefault(head, DEFAULT_HEAD));
        Checks.within("model.dropout", dropout, 0, true, 1, false);
        pretrained = Checks.notBlank("model.pretrained", Checks.orDefault(pretrained, DEFAULT_PRETRAINED));
        if (denseDropout != null) {
            for (Double d : denseDropout) {
                if (d == null) {
                    throw new ConfigException("model.dense_dropout", "model.dense_dropout must hold numbers, got "
                            + denseDropout);
                }
                Checks.within("model.dense_dropout", d, 0, true, 1, false);
            }
            denseDropout = java.util.List.copyOf(denseDropout);
        }
        Checks.atLeast("model.freeze", freeze, 0);
        if (freeze > 0 && DEFAULT_PRETRAINED.equals(pretrained)) {
            throw new ConfigException("model.freeze", "model.freeze: " + freeze
                    + " freezes random weights: set model.pretrained (imagenet or a checkpoint path) or model.freeze: 0");
        }
    }

    /** The same without dense-block dropout overrides. */
    public ModelConfig(String arch, int base, int classes, String head, double dropout, String pretrained) {
        this(arch, base, classes, head, dropout, pretrained, null, DEFAULT_FREEZE);
    }

    /** The same starting from other weights. */
    public ModelConfig withPretrained(String newPretrained) {
        return new ModelConfig(arch, base, classes, head, dropout, newPretrained, denseDropout, freeze);
    }

    /** All defaults: the small Keras-style CNN, two classes. */
    public ModelConfig() {
        this(DEFAULT_ARCH, DEFAULT_BASE, DEFAULT_CLASSES, DEFAULT_HEAD, DEFAULT_DROPOUT, DEFAULT_PRETRAINED);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static ModelConfig bind(@JsonProperty("arch") String arch, @JsonProperty("base") Integer base,
                                    @JsonProperty("classes") Integer classes, @JsonProperty("head") String head,
                                    @JsonProperty("dropout") Double dropout, @JsonProperty("pretrained") String pretrained,
                                    @JsonProperty("dense_dropout") java.util.List<Double> denseDropout,
                                    @JsonProperty("freeze") Integer freeze) {
        return new ModelConfig(arch, Checks.orDefault(base, DEFAULT_BASE).intValue(), Checks.orDefault(classes, DEFAULT_CLASSES).intValue(),
                head, Checks.orDefault(dropout, DEFAULT_DROPOUT).doubleValue(), pretrained, denseDropout,
                Checks.orDefault(freeze, DEFAULT_FREEZE).intValue());
    }
}
