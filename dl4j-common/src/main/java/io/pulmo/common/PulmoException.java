package io.pulmo.common;

/**
 * A user-facing failure: bad input, a missing or unreadable file, a diverged training. Its message is one
 * line that names the file or key at fault; the command line prints it and exits with status 2.
 */
public class PulmoException extends RuntimeException {
    public PulmoException(String message) {
        super(message);
    }

    public PulmoException(String message, Throwable cause) {
        super(message, cause);
    }
}
