package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;

/**
 * Evaluation on the test split ({@code eval}).
 *
 * @param threshold probability at or above which the positive class is predicted; default 0.5, in (0, 1); YAML
 *                  {@code auto} (stored as NaN) picks it on the validation split by Youden's J
 * @param tta       test-time augmentation ids whose predictions are averaged with the plain one (e.g.
 *                  {@code hflip}); default empty (checked by the code that applies them)
 */
public record EvalConfig(@JsonSerialize(using = EvalConfig.ThresholdSerializer.class) double threshold,
                         List<String> tta) {

    public static final double DEFAULT_THRESHOLD = 0.5;
    /** The YAML word for a threshold chosen on validation. */
    public static final String AUTO = "auto";

    public EvalConfig {
        if (!Double.isNaN(threshold)) {
            Checks.within("eval.threshold", threshold, 0, false, 1, false);
        }
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

    /** Whether the threshold is chosen on the validation split ({@code eval.threshold: auto}). */
    public boolean autoThreshold() {
        return Double.isNaN(threshold);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static EvalConfig bind(@JsonProperty("threshold") Object threshold, @JsonProperty("tta") List<String> tta) {
        double t;
        if (threshold == null) {
            t = DEFAULT_THRESHOLD;
        } else if (threshold instanceof Number n) {
            t = n.doubleValue();
        } else if (AUTO.equals(threshold)) {
            t = Double.NaN;
        } else {
            throw new ConfigException("eval.threshold", "eval.threshold: expected a number in (0, 1) or 'auto', got '"
                    + threshold + "'");
        }
        return new EvalConfig(t, tta);
    }

    /** Writes NaN as {@code auto}. */
    static final class ThresholdSerializer extends StdSerializer<Double> {
        ThresholdSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isNaN()) {
                gen.writeString(AUTO);
            } else {
                gen.writeNumber(value);
            }
        }
    }
}
