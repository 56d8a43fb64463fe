package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The live training dashboard ({@code ui}).
 *
 * @param enabled serve the dashboard while training; default true ({@code --no-ui} sets false)
 * @param port    preferred port (a busy one moves to the next free port); default 9000, in 1..65535
 */
public record UiConfig(boolean enabled, int port) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final int DEFAULT_PORT = 9000;

    public UiConfig {
        Checks.inRange("ui.port", port, 1, 65535);
    }

    /** All defaults: enabled on port 9000. */
    public UiConfig() {
        this(DEFAULT_ENABLED, DEFAULT_PORT);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static UiConfig bind(@JsonProperty("enabled") Boolean enabled, @JsonProperty("port") Integer port) {
        return new UiConfig(Checks.orDefault(enabled, DEFAULT_ENABLED).booleanValue(), Checks.orDefault(port, DEFAULT_PORT).intValue());
    }
}
