package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The config key tree, read off the records themselves (record components and their {@code @JsonProperty}
 * names), so the records stay the single source of truth for which keys exist.
 */
final class ConfigSchema {

    private ConfigSchema() {
    }

    /** The YAML keys of a config record in declaration order, each with its Java type. */
    static Map<String, Type> keys(Class<?> recordType) {
        Map<String, Type> keys = new LinkedHashMap<>();
        for (RecordComponent rc : recordType.getRecordComponents()) {
            JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
            String name = p != null && !p.value().isEmpty() ? p.value() : rc.getName();
            keys.put(name, rc.getGenericType());
        }
        return Collections.unmodifiableMap(keys);
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    /** True for a nested config record (a section with a fixed set of keys). */
    static boolean isSection(Type type) {
        return raw(type).isRecord();
    }

    /** True for a free-form mapping such as {@code class_map}: any key, values of {@link #valueType}. */
    static boolean isMap(Type type) {
        return Map.class.isAssignableFrom(raw(type));
    }

    /** The element type of a list or the value type of a map. */
    static Type valueType(Type type) {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return args[args.length - 1];
        }
        return Object.class;
    }

    /** The type at a path of keys and list indices from {@code root}, empty when the path leaves the schema. */
    static Optional<Type> typeAt(Class<?> root, List<String> path) {
        Type t = root;
        for (String seg : path) {
            if (isSection(t)) {
                t = keys(raw(t)).get(seg);
                if (t == null) {
                    return Optional.empty();
                }
            } else if (isMap(t) || List.class.isAssignableFrom(raw(t))) {
                t = valueType(t);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(t);
    }

    /** What a value of this type looks like, for "expected ..." messages. */
    static String describe(Type type) {
        Class<?> c = raw(type);
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return "an integer";
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return "a number";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "true or false";
        }
        if (c == String.class) {
            return "a string";
        }
        if (c == Path.class) {
            return "a path";
        }
        if (c.isEnum()) {
            return "one of " + Arrays.stream(c.getEnumConstants())
                    .map(e -> e instanceof Task t ? t.id() : e.toString()).collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(c)) {
            return "a list of " + plural(describe(valueType(type)));
        }
        if (isMap(type) || isSection(type)) {
            return "a mapping";
        }
        return c.getSimpleName();
    }

    private static String plural(String description) {
        return switch (description) {
            case "an integer" -> "integers";
            case "a number" -> "numbers";
            case "a string" -> "strings";
            default -> "values";
        };
    }
}
