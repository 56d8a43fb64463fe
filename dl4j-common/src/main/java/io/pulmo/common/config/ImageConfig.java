package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Input image geometry ({@code data.image}).
 *
 * @param size     side length in pixels every image is resized to; default 224, must be positive
 * @param channels 1 (grey), 3 (RGB), or an odd number of CT slices (the slice with (c − 1)/2 neighbours on each side
 *                 as context, 7 for {@code unet-luna}); default 1
 */
public record ImageConfig(int size, int channels) {

    public static final int DEFAULT_SIZE = 224;
    public static final int DEFAULT_CHANNELS = 1;
    /** The most CT context slices a model may take. */
    public static final int MAX_CHANNELS = 31;

    public ImageConfig {
        Checks.positive("data.image.size", size);
        if (channels < 1 || channels % 2 == 0 || channels > MAX_CHANNELS) {
            throw new ConfigException("data.image.channels", "data.image.channels must be 1, 3 or an odd number of CT "
                    + "context slices up to " + MAX_CHANNELS + ", got " + channels);
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
