package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Evaluation on the test split ({@code eval}).
 *
 * @param threshold probability above which the positive class is predicted; default 0.5, in (0, 1)
 * @param tta       test-time augmentation ids whose predictions are averaged with the plain one (e.g.
 *                  {@code hflip}); default empty (checked by the code that applies them)
 */
public record EvalConfig(double threshold, List<String> tta) {

    public static final double DEFAULT_THRESHOLD = 0.5;

    public EvalConfig {
        Checks.within("eval.threshold", threshold, 0, false, 1, false);
        if (tta == null) {
            tta = List.of();
        } else if (tta.stream().anyMatch(t -> t == null || t.isBlank())) {
            throw new ConfigException("eval.tta", "eval.tta must list augmentation names, got " + tta);
        } else {
            tta = List.copyOf(tta);
        }
    }

    /** All defaults: threshold 0.5, no TTA. */
    public EvalConfig() {
        this(DEFAULT_THRESHOLD, List.of());
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static EvalConfig bind(@JsonProperty("threshold") Double threshold, @JsonProperty("tta") List<String> tta) {
        return new EvalConfig(Checks.orDefault(threshold, DEFAULT_THRESHOLD).doubleValue(), tta);
    }
}
