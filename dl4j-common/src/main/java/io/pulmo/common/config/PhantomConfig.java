package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A synthetic data set to generate instead of reading {@code data.root} ({@code data.phantom}).
 *
 * @param kind which real data set it imitates: {@code xray} (default), {@code ctslice}, {@code pneumothorax} or
 *             {@code luna}
 * @param n    total number of images (of CT series for {@code luna}); default 400, must be positive
 * @param size image side length in pixels; default 64, must be positive
 * @param seed generator seed; default 7
 */
public record PhantomConfig(String kind, int n, int size, long seed) {

    public static final String DEFAULT_KIND = "xray";
    public static final int DEFAULT_N = 400;
    public static final int DEFAULT_SIZE = 64;
    public static final long DEFAULT_SEED = 7L;
    /** Accepted values of {@code kind}. */
    public static final List<String> KINDS = List.of("xray", "ctslice", "pneumothorax", "luna");

    public PhantomConfig {
        kind = Checks.oneOf("data.phantom.kind", Checks.orDefault(kind, DEFAULT_KIND), KINDS);
        Checks.positive("data.phantom.n", n);
        Checks.positive("data.phantom.size", size);
    }

    /** All defaults: 400 64×64 X-ray phantoms, seed 7. */
    public PhantomConfig() {
        this(DEFAULT_KIND, DEFAULT_N, DEFAULT_SIZE, DEFAULT_SEED);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static PhantomConfig bind(@JsonProperty("kind") String kind, @JsonProperty("n") Integer n,
                                      @JsonProperty("size") Integer size, @JsonProperty("seed") Long seed) {
        return new PhantomConfig(kind, Checks.orDefault(n, DEFAULT_N).intValue(), Checks.orDefault(size, DEFAULT_SIZE).intValue(),
                Checks.orDefault(seed, DEFAULT_SEED).longValue());
    }
}
