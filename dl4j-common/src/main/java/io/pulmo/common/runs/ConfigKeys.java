package io.pulmo.common.runs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configs as flat {@code dotted.key → value} maps, and the keys in which several configs differ: used for stored runs
 * ({@link Comparison}) and for an ablation's variants before they run ({@code pulmo run --dry-run}).
 */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    /** Scalars under their dotted key (numbers, booleans, text, null); a list as {@code [a, b]}, in document order. */
    public static Map<String, Object> flatten(JsonNode config) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", config, out);
        return out;
    }

    /**
     * The keys whose values differ between {@code configs}, a key missing from some of them included, in first-seen
     * order; {@code name} is left out (it names the run, it is no setting).
     */
    public static List<String> differing(List<Map<String, Object>> configs) {
        Set<String> keys = new LinkedHashSet<>();
        configs.forEach(c -> keys.addAll(c.keySet()));
        keys.remove("name");
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            String first = show(configs.get(0), k);
            if (configs.stream().anyMatch(c -> !Objects.equals(first, show(c, k)))) {
                out.add(k);
            }
        }
        return out;
    }

    /** A value as a table shows it; {@code –} for a missing key or null. */
    public static String text(Object value) {
        return value == null ? "–" : value.toString();
    }

    private static String show(Map<String, Object> config, String key) {
        return config.containsKey(key) ? String.valueOf(config.get(key)) : "\u0000missing";
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    e.getValue(), out));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.isValueNode() ? n.asText() : n.toString()));
            out.put(prefix, "[" + String.join(", ", items) + "]");
        } else if (node.isNull()) {
            out.put(prefix, null);
        } else if (node.isNumber()) {
            out.put(prefix, node.numberValue());
        } else if (node.isBoolean()) {
            out.put(prefix, node.asBoolean());
        } else {
            out.put(prefix, node.asText());
        }
    }
}
