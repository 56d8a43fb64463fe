package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The updater ({@code optimizer}).
 *
 * @param type        {@code sgd}, {@code adam} (default) or {@code adamw}
 * @param lr          initial learning rate; default 1e-3, positive
 * @param momentum    SGD momentum (Nesterov), or Adam's &beta;1; default 0.9, in [0, 1)
 * @param weightDecay YAML {@code weight_decay}: L2 penalty (decoupled for {@code adamw}); default 0, &ge; 0
 */
public record OptimizerConfig(String type, double lr, double momentum, @JsonProperty("weight_decay") double weightDecay) {

    public static final String DEFAULT_TYPE = "adam";
    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_MOMENTUM = 0.9;
    public static final double DEFAULT_WEIGHT_DECAY = 0.0;
    /** Accepted values of {@code type}. */
    public static final List<String> TYPES = List.of("sgd", "adam", "adamw");

    public OptimizerConfig {
        type = Checks.oneOf("optimizer.type", Checks.orDefault(type, DEFAULT_TYPE), TYPES);
        Checks.positive("optimizer.lr", lr);
        Checks.within("optimizer.momentum", momentum, 0, true, 1, false);
        Checks.nonNegative("optimizer.weight_decay", weightDecay);
    }

    /** All defaults: Adam, lr 1e-3. */
    public OptimizerConfig() {
        this(DEFAULT_TYPE, DEFAULT_LR, DEFAULT_MOMENTUM, DEFAULT_WEIGHT_DECAY);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static OptimizerConfig bind(@JsonProperty("type") String type, @JsonProperty("lr") Double lr,
                                        @JsonProperty("momentum") Double momentum, @JsonProperty("weight_decay") Double weightDecay) {
        return new OptimizerConfig(type, Checks.orDefault(lr, DEFAULT_LR).doubleValue(), Checks.orDefault(momentum, DEFAULT_MOMENTUM).doubleValue(),
                Checks.orDefault(weightDecay, DEFAULT_WEIGHT_DECAY).doubleValue());
    }
}
