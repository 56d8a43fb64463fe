package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * How the data set is split into train/val/test ({@code data.split}).
 *
 * @param from   {@code folders} (default: the dataset's own split folders), {@code ratios} (pool everything and re-split)
 *               or {@code train-val} (pool train and val, re-split them by the first two ratios, keep test)
 * @param ratios train, val and test fractions for {@code from: ratios}; default [0.8, 0.1, 0.1]; three values
 *               &ge; 0 summing to 1 (&plusmn;1e-6)
 * @param seed   seed of the random split; null (default) means the experiment's {@code seed}
 * @param group  {@code patient} (default: all images of one patient land in the same split) or {@code none}
 */
public record SplitConfig(
        @JsonProperty("from") String from,
        @JsonProperty("ratios") List<Double> ratios,
        @JsonProperty("seed") Long seed,
        @JsonProperty("group") String group) {

    public static final String DEFAULT_FROM = "folders";
    public static final List<Double> DEFAULT_RATIOS = List.of(0.8, 0.1, 0.1);
    public static final String DEFAULT_GROUP = "patient";
    /** Accepted values of {@code from}. */
    public static final List<String> FROMS = List.of("folders", "ratios", "train-val");
    /** Accepted values of {@code group}. */
    public static final List<String> GROUPS = List.of("patient", "none");

    @JsonCreator
    public SplitConfig {
        from = Checks.oneOf("data.split.from", Checks.orDefault(from, DEFAULT_FROM), FROMS);
        ratios = ratios == null ? DEFAULT_RATIOS : checkRatios(ratios);
        group = Checks.oneOf("data.split.group", Checks.orDefault(group, DEFAULT_GROUP), GROUPS);
    }

    /** All defaults: the data set's own folders, patient-grouped. */
    public SplitConfig() {
        this(null, null, null, null);
    }

    private static List<Double> checkRatios(List<Double> ratios) {
        String key = "data.split.ratios";
        if (ratios.size() != 3 || ratios.stream().anyMatch(Objects::isNull)) {
            throw new ConfigException(key, key + " must be three numbers (train, val, test), got " + ratios);
        }
        double sum = 0;
        for (double r : ratios) {
            if (!(r >= 0) || !Double.isFinite(r)) {
                throw new ConfigException(key, key + " must be >= 0 each, got " + ratios);
            }
            sum += r;
        }
        if (Math.abs(sum - 1.0) > 1e-6) {
            throw new ConfigException(key, key + " must sum to 1, got " + ratios + " (sum " + sum + ")");
        }
        return List.copyOf(ratios);
    }
}
