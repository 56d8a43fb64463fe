package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Stop training when a validation metric stops improving ({@code train.early_stopping}).
 *
 * @param metric   metric watched, a {@code history.csv} column such as {@code val_loss} (default) or {@code val_auc};
 *                 losses are minimised, other metrics maximised
 * @param patience epochs without improvement before stopping; default 5, positive
 */
public record EarlyStoppingConfig(String metric, int patience) {

    public static final String DEFAULT_METRIC = "val_loss";
    public static final int DEFAULT_PATIENCE = 5;

    public EarlyStoppingConfig {
        metric = Checks.notBlank("train.early_stopping.metric", Checks.orDefault(metric, DEFAULT_METRIC));
        Checks.positive("train.early_stopping.patience", patience);
    }

    /** All defaults: val_loss, patience 5. */
    public EarlyStoppingConfig() {
        this(DEFAULT_METRIC, DEFAULT_PATIENCE);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static EarlyStoppingConfig bind(@JsonProperty("metric") String metric, @JsonProperty("patience") Integer patience) {
        return new EarlyStoppingConfig(metric, Checks.orDefault(patience, DEFAULT_PATIENCE).intValue());
    }
}
