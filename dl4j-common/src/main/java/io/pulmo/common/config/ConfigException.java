package io.pulmo.common.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A bad experiment configuration: an unknown key, a value of the wrong type or out of range, a missing or
 * malformed file. The message is one line naming the dotted key (e.g. {@code data.image.size}), the bad value
 * and what was expected, plus the file and line where they are known; a command prints it as is and exits 2.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient Path file;
    private final int line;

    /**
     * @param key     dotted config key the problem is about ({@code ""} for the file as a whole)
     * @param message one-line message
     */
    public ConfigException(String key, String message) {
        this(key, message, null, 0, null);
    }

    /**
     * @param key     dotted config key the problem is about ({@code ""} for the file as a whole)
     * @param message one-line message, already naming the file and line
     * @param file    the config file, or null
     * @param line    1-based line in {@code file}, or 0 when unknown
     * @param cause   the underlying exception, or null
     */
    public ConfigException(String key, String message, Path file, int line, Throwable cause) {
        super(oneLine(message), cause);
        this.key = key == null ? "" : key;
        this.file = file;
        this.line = Math.max(line, 0);
    }

    /** The dotted config key the problem is about, {@code ""} when it concerns the whole file. */
    public String key() {
        return key;
    }

    /** The config file the bad value came from, when it came from a file. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The 1-based line in {@link #file()}, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
