package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What stays in {@code checkpoints/} besides {@code best.zip} and {@code last.zip} ({@code checkpoints}).
 *
 * @param keepImproved YAML {@code keep_improved}: an {@code epoch-N.zip} is written whenever the checkpoint metric
 *                     improves, and only the newest this many stay (seed 000 evaluates several); default 5, 0 = none
 */
public record CheckpointsConfig(@JsonProperty("keep_improved") int keepImproved) {
    public static final int DEFAULT_KEEP_IMPROVED = 5;

    public CheckpointsConfig {
        if (keepImproved < 0) {
            throw new ConfigException("checkpoints.keep_improved",
                    "checkpoints.keep_improved must be >= 0, got " + keepImproved);
        }
    }

    public CheckpointsConfig() {
        this(DEFAULT_KEEP_IMPROVED);
    }

    @JsonCreator
    private static CheckpointsConfig bind(@JsonProperty("keep_improved") Integer keepImproved) {
        return new CheckpointsConfig(keepImproved == null ? DEFAULT_KEEP_IMPROVED : keepImproved);
    }
}
