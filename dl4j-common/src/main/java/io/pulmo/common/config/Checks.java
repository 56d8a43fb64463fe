package io.pulmo.common.config;

import java.util.List;

/** Validation helpers for the config records' compact constructors; each failure names key, value and expectation. */
final class Checks {

    private Checks() {
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static int positive(String key, int value) {
        if (value <= 0) {
            throw new ConfigException(key, key + " must be positive, got " + value);
        }
        return value;
    }

    static int atLeast(String key, int value, int min) {
        if (value < min) {
            throw new ConfigException(key, key + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    static int inRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, key + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    static double finite(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new ConfigException(key, key + " must be a finite number, got " + value);
        }
        return value;
    }

    static double positive(String key, double value) {
        if (!(finite(key, value) > 0)) {
            throw new ConfigException(key, key + " must be positive, got " + value);
        }
        return value;
    }

    static double nonNegative(String key, double value) {
        if (!(finite(key, value) >= 0)) {
            throw new ConfigException(key, key + " must be >= 0, got " + value);
        }
        return value;
    }

    /** Checks {@code lo <= value < hi} (or {@code <= hi} when {@code hiInclusive}). */
    static double within(String key, double value, double lo, boolean loInclusive, double hi, boolean hiInclusive) {
        finite(key, value);
        boolean ok = (loInclusive ? value >= lo : value > lo) && (hiInclusive ? value <= hi : value < hi);
        if (!ok) {
            throw new ConfigException(key, key + " must be in " + (loInclusive ? "[" : "(") + lo + ", " + hi
                    + (hiInclusive ? "]" : ")") + ", got " + value);
        }
        return value;
    }

    static String oneOf(String key, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new ConfigException(key, key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
        return value;
    }

    static String notBlank(String key, String value) {
        if (value.isBlank()) {
            throw new ConfigException(key, key + " must not be empty");
        }
        return value;
    }
}
