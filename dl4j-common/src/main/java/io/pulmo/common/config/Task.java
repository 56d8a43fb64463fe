package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an experiment trains; written lower-case in YAML ({@code task: segmentation}). */
public enum Task {
    /** Image-level labels (chest X-ray, CT slices). */
    CLASSIFICATION,
    /** Pixel masks (pneumothorax). */
    SEGMENTATION,
    /** The LUNA16 CT pipeline: segment, group, classify, diagnose. */
    CT3D;

    /** The YAML spelling: {@code classification}, {@code segmentation} or {@code ct3d}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The task with the given YAML spelling (case-insensitive).
     *
     * @throws ConfigException naming {@code task} and the known ids
     */
    @JsonCreator
    public static Task of(String id) {
        for (Task t : values()) {
            if (t.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return t;
            }
        }
        throw new ConfigException("task", "task must be one of "
                + Arrays.stream(values()).map(Task::id).collect(Collectors.joining(", ")) + ", got '" + id + "'");
    }
}
