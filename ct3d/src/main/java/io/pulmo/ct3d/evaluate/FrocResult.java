package io.pulmo.ct3d.evaluate;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The LUNA16 evaluation of one detections file: what {@code ./pulmo ct3d evaluate} prints, plus the curve
 * behind it. Serialised by Jackson (see {@link #toJson()}) with exactly the keys of the command's line:
 * {@code cpm, froc, scans, nodules, detected, false_positives, ignored_double, ignored_excluded}; the curve
 * is left out of the JSON and goes to {@code froc.csv} and {@code froc.png}.
 *
 * @param cpm             mean of the seven sensitivities in {@code froc}
 * @param froc            sensitivity at 1/8 … 8 false positives per scan, keyed {@code "0.125"}, {@code "0.25"},
 *                        {@code "0.5"}, {@code "1"}, {@code "2"}, {@code "4"}, {@code "8"}, in that order
 * @param scans           number of scans evaluated (the divisor of the false-positive rate)
 * @param nodules         included nodules on those scans
 * @param detected        nodules hit by at least one mark
 * @param falsePositives  marks that hit no nodule (after the 100-mark limit)
 * @param ignoredDouble   further marks on an already-hit nodule, counted neither true nor false positive
 * @param ignoredExcluded marks on an excluded nodule and on no included one
 * @param curve           the whole FROC curve
 */
@JsonPropertyOrder({"cpm", "froc", "scans", "nodules", "detected", "false_positives", "ignored_double",
        "ignored_excluded"})
public record FrocResult(
        @JsonProperty("cpm") double cpm,
        @JsonProperty("froc") Map<String, Double> froc,
        @JsonProperty("scans") int scans,
        @JsonProperty("nodules") int nodules,
        @JsonProperty("detected") int detected,
        @JsonProperty("false_positives") long falsePositives,
        @JsonProperty("ignored_double") long ignoredDouble,
        @JsonProperty("ignored_excluded") long ignoredExcluded,
        @JsonIgnore FrocCurve curve) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public FrocResult {
        if (froc == null || curve == null) {
            throw new IllegalArgumentException("a FROC result needs its operating points and its curve");
        }
        if (scans < 1 || nodules < 0 || detected < 0 || detected > nodules || falsePositives < 0 || ignoredDouble < 0
                || ignoredExcluded < 0) {
            throw new IllegalArgumentException("inconsistent FROC counts: scans=" + scans + ", nodules=" + nodules
                    + ", detected=" + detected + ", false_positives=" + falsePositives + ", ignored_double="
                    + ignoredDouble + ", ignored_excluded=" + ignoredExcluded);
        }
        froc = Collections.unmodifiableMap(new LinkedHashMap<>(froc));
    }

    /**
     * The {@code froc} key of a false-positive rate: an integer without decimals ({@code "1"}, {@code "8"}),
     * otherwise Java's shortest decimal ({@code "0.125"}).
     */
    public static String key(double fpsPerScan) {
        if (fpsPerScan == Math.rint(fpsPerScan) && Math.abs(fpsPerScan) < 1e15) {
            return Long.toString((long) fpsPerScan);
        }
        return Double.toString(fpsPerScan);
    }

    /** One line of JSON with the command's keys, in their order. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise FROC result", e);
        }
    }
}
