package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Data-parallel training with DL4J's {@code ParallelWrapper} ({@code train.parallel}).
 *
 * @param workers            model replicas trained side by side; default 2, positive
 * @param averagingFrequency YAML {@code averaging_frequency}: minibatches between parameter averaging; default 1,
 *                           positive
 */
public record ParallelConfig(int workers, @JsonProperty("averaging_frequency") int averagingFrequency) {

    public static final int DEFAULT_WORKERS = 2;
    public static final int DEFAULT_AVERAGING_FREQUENCY = 1;

    public ParallelConfig {
        Checks.positive("train.parallel.workers", workers);
        Checks.positive("train.parallel.averaging_frequency", averagingFrequency);
    }

    /** All defaults: two workers averaging every minibatch. */
    public ParallelConfig() {
        this(DEFAULT_WORKERS, DEFAULT_AVERAGING_FREQUENCY);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static ParallelConfig bind(@JsonProperty("workers") Integer workers,
                                       @JsonProperty("averaging_frequency") Integer averagingFrequency) {
        return new ParallelConfig(Checks.orDefault(workers, DEFAULT_WORKERS).intValue(),
                Checks.orDefault(averagingFrequency, DEFAULT_AVERAGING_FREQUENCY).intValue());
    }
}
