package io.pulmo.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a resolved {@link ExperimentConfig}: every default filled in, snake_case keys, nulls omitted, no
 * {@code variants}. {@link ConfigLoader} reads the YAML back into an equal config, so a run directory's
 * {@code config.yaml} reproduces the run.
 */
public final class ConfigWriter {

    private ConfigWriter() {
    }

    /** The config as YAML, keys in declaration order. */
    public static String toYaml(ExperimentConfig config) {
        try {
            return ConfigMappers.YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config '" + config.name() + "' as YAML", e);
        }
    }

    /** The config as the tree {@link #toYaml} writes (keys in declaration order, nulls left out). */
    public static com.fasterxml.jackson.databind.JsonNode toTree(ExperimentConfig config) {
        return ConfigMappers.YAML.valueToTree(config);
    }

    /**
     * Writes {@link #toYaml} to {@code file} atomically (through a sibling temporary file), creating parent
     * directories.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(ExperimentConfig config, Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, toYaml(config), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write config to " + file, e);
        }
    }

    /**
     * Canonical JSON of the config, the input of {@link ExperimentConfig#hash()}: one line, keys sorted by name at
     * every level, nulls omitted, {@code class_map} entries in their (meaningful) order.
     */
    public static String toJson(ExperimentConfig config) {
        try {
            return ConfigMappers.CANONICAL_JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config '" + config.name() + "' as JSON", e);
        }
    }
}
