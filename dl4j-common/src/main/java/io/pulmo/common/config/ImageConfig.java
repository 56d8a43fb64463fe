package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Input image geometry ({@code data.image}).
 *
 * @param size     side length in pixels every image is resized to; default 224, must be positive
 * @param channels 1 (grey) or 3 (RGB); default 1
 */
public record ImageConfig(int size, int channels) {

    public static final int DEFAULT_SIZE = 224;
    public static final int DEFAULT_CHANNELS = 1;

    public ImageConfig {
        Checks.positive("data.image.size", size);
        if (channels != 1 && channels != 3) {
            throw new ConfigException("data.image.channels", "data.image.channels must be 1 or 3, got " + channels);
        }
    }

    /** All defaults: 224×224, one channel. */
    public ImageConfig() {
        this(DEFAULT_SIZE, DEFAULT_CHANNELS);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static ImageConfig bind(@JsonProperty("size") Integer size, @JsonProperty("channels") Integer channels) {
        return new ImageConfig(Checks.orDefault(size, DEFAULT_SIZE).intValue(), Checks.orDefault(channels, DEFAULT_CHANNELS).intValue());
    }
}
