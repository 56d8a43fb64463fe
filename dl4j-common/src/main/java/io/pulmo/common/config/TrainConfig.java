package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The training loop ({@code train}).
 *
 * @param epochs           maximum number of epochs; default 10, positive
 * @param earlyStopping    YAML {@code early_stopping}; null (default) = train all {@code epochs}
 * @param checkpointMetric YAML {@code checkpoint_metric}: the metric that picks {@code best.zip}, a
 *                         {@code history.csv} column; default {@code val_loss}
 * @param engine           training engine id; default {@code local} (checked by the code that runs training)
 * @param parallel         data-parallel settings; null (default) = single model
 */
public record TrainConfig(
        int epochs,
        @JsonProperty("early_stopping") EarlyStoppingConfig earlyStopping,
        @JsonProperty("checkpoint_metric") String checkpointMetric,
        String engine,
        ParallelConfig parallel) {

    public static final int DEFAULT_EPOCHS = 10;
    public static final String DEFAULT_CHECKPOINT_METRIC = "val_loss";
    public static final String DEFAULT_ENGINE = "local";

    public TrainConfig {
        Checks.positive("train.epochs", epochs);
        checkpointMetric = Checks.notBlank("train.checkpoint_metric",
                Checks.orDefault(checkpointMetric, DEFAULT_CHECKPOINT_METRIC));
        engine = Checks.notBlank("train.engine", Checks.orDefault(engine, DEFAULT_ENGINE));
    }

    /** All defaults: 10 epochs, no early stopping, best by val_loss. */
    public TrainConfig() {
        this(DEFAULT_EPOCHS, null, DEFAULT_CHECKPOINT_METRIC, DEFAULT_ENGINE, null);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static TrainConfig bind(@JsonProperty("epochs") Integer epochs,
                                    @JsonProperty("early_stopping") EarlyStoppingConfig earlyStopping,
                                    @JsonProperty("checkpoint_metric") String checkpointMetric,
                                    @JsonProperty("engine") String engine, @JsonProperty("parallel") ParallelConfig parallel) {
        return new TrainConfig(Checks.orDefault(epochs, DEFAULT_EPOCHS).intValue(), earlyStopping, checkpointMetric, engine, parallel);
    }
}
