package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The learning-rate schedule ({@code schedule}); each type reads only the parameters it uses.
 *
 * @param type     {@code none} (default, constant lr), {@code cosine}, {@code plateau}, {@code multiplicative} or
 *                 {@code step}
 * @param tMax     YAML {@code t_max}: cosine period in epochs; null (default) = {@code train.epochs}; positive when set
 * @param factor   lr multiplier: per reduction for {@code plateau}, per epoch for {@code multiplicative}, per
 *                 {@code step} epochs for {@code step}; default 0.1, positive
 * @param patience {@code plateau}: epochs without improvement before reducing; default 3, &ge; 0
 * @param step     {@code step}: epochs between reductions; default 10, positive
 */
public record ScheduleConfig(String type, @JsonProperty("t_max") Integer tMax, double factor, int patience, int step) {

    public static final String DEFAULT_TYPE = "none";
    public static final double DEFAULT_FACTOR = 0.1;
    public static final int DEFAULT_PATIENCE = 3;
    public static final int DEFAULT_STEP = 10;
    /** Accepted values of {@code type}. */
    public static final List<String> TYPES = List.of("none", "cosine", "plateau", "multiplicative", "step");

    public ScheduleConfig {
        type = Checks.oneOf("schedule.type", Checks.orDefault(type, DEFAULT_TYPE), TYPES);
        if (tMax != null) {
            Checks.positive("schedule.t_max", tMax.intValue());
        }
        Checks.positive("schedule.factor", factor);
        Checks.atLeast("schedule.patience", patience, 0);
        Checks.positive("schedule.step", step);
    }

    /** All defaults: constant learning rate. */
    public ScheduleConfig() {
        this(DEFAULT_TYPE, null, DEFAULT_FACTOR, DEFAULT_PATIENCE, DEFAULT_STEP);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static ScheduleConfig bind(@JsonProperty("type") String type, @JsonProperty("t_max") Integer tMax,
                                       @JsonProperty("factor") Double factor, @JsonProperty("patience") Integer patience,
                                       @JsonProperty("step") Integer step) {
        return new ScheduleConfig(type, tMax, Checks.orDefault(factor, DEFAULT_FACTOR).doubleValue(),
                Checks.orDefault(patience, DEFAULT_PATIENCE).intValue(), Checks.orDefault(step, DEFAULT_STEP).intValue());
    }
}
