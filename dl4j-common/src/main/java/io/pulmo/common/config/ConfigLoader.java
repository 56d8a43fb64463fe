package io.pulmo.common.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads an experiment from YAML: checks every key against the config records (an unknown key fails with its
 * file and line and the keys known at that level), applies the variant and {@code --set} overrides, and binds
 * each run to a complete {@link ExperimentConfig} before anything runs.
 *
 * <p>A top-level {@code variants: {NAME: {dotted.key: value, ...}}} makes an ablation: each variant is the base
 * config plus its own overrides, then the command-line overrides. A top-level {@code sweep: {dotted.key: [v1, v2],
 * ...}} is a grid: every combination of the listed values (in key order) becomes a variant named after its values,
 * e.g. {@code lr-0.001_gamma-1.5}; with {@code variants} too, every variant is crossed with every point
 * ({@code baseline_lr-0.001}). All of them are resolved and checked before anything runs. {@code name} defaults to
 * the file's stem.
 */
public final class ConfigLoader {

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    private static final String VARIANTS = "variants";
    private static final String SWEEP = "sweep";
    /** Characters a sweep value may not bring into a variant (directory) name. */
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");
    private static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** Numbers YAML 1.1 reads as text but a command line means as numbers: {@code 1e-4}, {@code .5}, {@code 2E3}. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    /**
     * A loaded config file.
     *
     * @param name     the experiment name (the base config's {@code name}, after {@code --set})
     * @param source   the file it came from
     * @param variants the runs, in file order: one unnamed variant for a plain config, one per ablation variant
     * @param ablation true when the file has a {@code variants} block
     */
    public record Experiment(String name, Path source, List<Variant> variants, boolean ablation) {
        public Experiment {
            Objects.requireNonNull(name, "name");
            variants = List.copyOf(variants);
        }
    }

    /**
     * One run of an experiment.
     *
     * @param name   the ablation variant's name (a safe directory name), null for a single run
     * @param config the complete config of the run
     */
    public record Variant(String name, ExperimentConfig config) {
        public Variant {
            Objects.requireNonNull(config, "config");
        }
    }

    private ConfigLoader() {
    }

    /** {@link #load(Path, List)} without overrides. */
    public static Experiment load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads {@code file} and applies {@code overrides} to every variant after the variant's own overrides.
     *
     * @param file      the YAML config
     * @param overrides {@code --set} arguments, each {@code dotted.key=value}; the value is read as a YAML scalar
     *                  ({@code 1} an integer, {@code 1e-4} a number, {@code true} a boolean, {@code [1,2]} a list)
     * @throws ConfigException one line naming the key, file and line of the first problem
     */
    public static Experiment load(Path file, List<String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("", "config file not found: " + file, file, 0, null);
        }
        Map<String, Integer> lines = new HashMap<>();
        ObjectNode base = parse(file, lines);
        JsonNode variantsNode = base.remove(VARIANTS);
        JsonNode sweepNode = base.remove(SWEEP);
        Map<String, Origin> fileOrigins = new HashMap<>();
        lines.forEach((key, line) -> fileOrigins.put(key, Origin.file(file, line)));
        List<String> topKeys = new ArrayList<>(ConfigSchema.keys(ExperimentConfig.class).keySet());
        topKeys.add(VARIANTS);
        topKeys.add(SWEEP);
        checkKeys(base, ExperimentConfig.class, "", topKeys, key -> lookup(fileOrigins, key, file));
        if (base.path("name").isMissingNode() || base.path("name").isNull()) {
            base.put("name", stem(file));
        }
        List<Override> sets = new ArrayList<>();
        for (String s : overrides) {
            sets.add(parseSet(s));
        }

        Map<String, List<Override>> named = new LinkedHashMap<>();
        if (variantsNode != null) {
            int line = lines.getOrDefault(VARIANTS, 0);
            if (!variantsNode.isObject() || variantsNode.isEmpty()) {
                throw new ConfigException(VARIANTS, "variants must map variant names to overrides {dotted.key: value}, got "
                        + show(variantsNode) + " at " + where(file, line), file, line, null);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = variantsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> v = it.next();
                named.put(v.getKey(), variantOverrides(v, lines, file));
            }
        }
        if (sweepNode != null) {
            named = crossed(named, sweepPoints(sweepNode, lines, file));
        }
        List<Variant> variants = new ArrayList<>();
        if (named.isEmpty()) {
            variants.add(new Variant(null, resolve(base, fileOrigins, List.of(), sets, file)));
        }
        for (Map.Entry<String, List<Override>> v : named.entrySet()) {
            variants.add(new Variant(v.getKey(), resolve(base, fileOrigins, v.getValue(), sets, file)));
        }
        ObjectNode withSets = base.deepCopy();
        Map<String, Origin> scratch = new HashMap<>();
        sets.forEach(o -> apply(withSets, o, scratch));
        String name = withSets.path("name").asText(stem(file));
        log.debug("loaded {} from {}: {} run(s)", name, file, variants.size());
        return new Experiment(name, file, variants, variantsNode != null || sweepNode != null);
    }

    /** A {@code --set} value as typed YAML: {@code 1} an int, {@code 1e-4} a double, {@code true} a boolean. */
    static JsonNode scalar(String text) {
        if (text.isBlank()) {
            return NullNode.getInstance();
        }
        JsonNode node;
        try {
            node = ConfigMappers.YAML.readTree(text);
        } catch (JsonProcessingException e) {
            node = TextNode.valueOf(text);
        }
        if (node == null || node.isMissingNode()) {
            return NullNode.getInstance();
        }
        if (node.isTextual() && NUMBER.matcher(node.textValue()).matches()) {
            return DoubleNode.valueOf(Double.parseDouble(node.textValue()));
        }
        return node;
    }

    // ---- parsing ------------------------------------------------------------------------------------------

    private static ObjectNode parse(Path file, Map<String, Integer> lines) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = ConfigMappers.YAML.getFactory().createParser(reader)) {
            if (p.nextToken() == null) {
                return JsonNodeFactory.instance.objectNode();
            }
            JsonNode root = readNode(p, "", lines, file);
            if (p.nextToken() != null) {
                int line = p.currentTokenLocation().getLineNr();
                throw new ConfigException("", "expected one YAML document in " + file + ", found another at "
                        + where(file, line), file, line, null);
            }
            if (root.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!root.isObject()) {
                throw new ConfigException("", "expected a mapping of config keys at the top of " + file + ", got "
                        + show(root), file, 1, null);
            }
            return (ObjectNode) root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                    .collect(Collectors.joining(", "));
            throw new ConfigException("", "malformed YAML at " + where(file, line) + ": " + reason, file, line, e);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage(), file, 0, e);
        }
    }

    /** Builds the tree under the current token, recording the line of every key by its dotted path. */
    private static JsonNode readNode(JsonParser p, String path, Map<String, Integer> lines, Path file) throws IOException {
        JsonNodeFactory nf = JsonNodeFactory.instance;
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = nf.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    int line = p.currentTokenLocation().getLineNr();
                    if (object.has(key)) {
                        throw new ConfigException(child, "duplicate config key '" + child + "' at " + where(file, line),
                                file, line, null);
                    }
                    lines.put(child, line);
                    p.nextToken();
                    object.set(key, readNode(p, child, lines, file));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nf.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readNode(p, path + "[" + array.size() + "]", lines, file));
                }
                return array;
            }
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> nf.numberNode(p.getIntValue());
                    case LONG -> nf.numberNode(p.getLongValue());
                    default -> nf.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return nf.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return nf.booleanNode(p.getBooleanValue());
            case VALUE_NULL:
                return nf.nullNode();
            default:
                return nf.textNode(p.getText());
        }
    }

    // ---- key checks and overrides -------------------------------------------------------------------------

    /** Fails on the first key of {@code node} (a mapping bound to {@code type}) that the records do not know. */
    private static void checkKeys(JsonNode node, Type type, String path, List<String> known,
                                  Function<String, Origin> origin) {
        if (!node.isObject()) {
            return; // a scalar where a mapping belongs is a type error, reported when binding
        }
        if (ConfigSchema.isMap(type)) {
            return; // free-form keys (class_map)
        }
        if (!ConfigSchema.isSection(type)) {
            return;
        }
        Map<String, Type> keys = ConfigSchema.keys(ConfigSchema.raw(type));
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            Type child = keys.get(field.getKey());
            if (child == null) {
                throw unknownKey(key, path, known, origin.apply(key));
            }
            checkKeys(field.getValue(), child, key, knownUnder(child), origin);
        }
    }

    private static List<String> knownUnder(Type type) {
        return ConfigSchema.isSection(type) ? List.copyOf(ConfigSchema.keys(ConfigSchema.raw(type)).keySet()) : List.of();
    }

    private static ConfigException unknownKey(String key, String parent, List<String> known, Origin origin) {
        String level = parent.isEmpty() ? "known at top level: " : "known under " + parent + ": ";
        String hint = known.isEmpty() ? "; " + parent + " takes a single value, not sub-keys" : "; " + level + String.join(", ", known);
        return new ConfigException(key, "unknown config key '" + key + "' " + origin.at() + hint,
                origin.file(), origin.line(), null);
    }

    /** One override: a dotted key, its typed value and where it came from. */
    private record Override(String key, JsonNode value, Origin origin) {
    }

    private static Override parseSet(String set) {
        int eq = set.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("", "--set expects key=value, got '" + set + "'");
        }
        return new Override(set.substring(0, eq).strip(), scalar(set.substring(eq + 1).strip()), Origin.set());
    }

    private static List<Override> variantOverrides(Map.Entry<String, JsonNode> variant, Map<String, Integer> lines, Path file) {
        String name = variant.getKey();
        String path = VARIANTS + "." + name;
        int line = lines.getOrDefault(path, 0);
        if (!VARIANT_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new ConfigException(path, "variant name '" + name + "' at " + where(file, line)
                    + " must be a safe directory name: letters, digits, '.', '_' or '-'", file, line, null);
        }
        JsonNode body = variant.getValue();
        if (body.isNull()) {
            return List.of();
        }
        if (!body.isObject()) {
            throw new ConfigException(path, path + " must map dotted keys to values, got " + show(body) + " at "
                    + where(file, line), file, line, null);
        }
        List<Override> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int keyLine = lines.getOrDefault(path + "." + e.getKey(), line);
            result.add(new Override(e.getKey(), e.getValue(), Origin.variant(name, file, keyLine)));
        }
        return result;
    }

    /**
     * The grid of a {@code sweep} block: every combination of the listed values, in key order (the last key varies
     * fastest), named {@code <key>-<value>_...} after the last segment of each key (the whole key where two keys share
     * a last segment).
     */
    private static Map<String, List<Override>> sweepPoints(JsonNode sweep, Map<String, Integer> lines, Path file) {
        int line = lines.getOrDefault(SWEEP, 0);
        if (!sweep.isObject() || sweep.isEmpty()) {
            throw new ConfigException(SWEEP, "sweep must map dotted keys to lists of values {optimizer.lr: [1e-3, 1e-4]}, "
                    + "got " + show(sweep) + " at " + where(file, line), file, line, null);
        }
        List<String> keys = new ArrayList<>();
        sweep.fieldNames().forEachRemaining(keys::add);
        Map<String, Long> lastSegments = keys.stream().collect(Collectors.groupingBy(ConfigLoader::lastSegment,
                Collectors.counting()));
        Map<String, List<Override>> points = new LinkedHashMap<>();
        points.put("", List.of());
        for (String key : keys) {
            JsonNode values = sweep.get(key);
            int keyLine = lines.getOrDefault(SWEEP + "." + key, line);
            if (!values.isArray() || values.isEmpty()) {
                throw new ConfigException(SWEEP + "." + key, "sweep." + key + " must be a non-empty list of values, got "
                        + show(values) + " at " + where(file, keyLine), file, keyLine, null);
            }
            String label = lastSegments.get(lastSegment(key)) > 1 ? key : lastSegment(key);
            Map<String, List<Override>> next = new LinkedHashMap<>();
            for (Map.Entry<String, List<Override>> point : points.entrySet()) {
                for (JsonNode value : values) {
                    String part = label + "-" + valueLabel(value);
                    String name = unique(next, point.getKey().isEmpty() ? part : point.getKey() + "_" + part);
                    List<Override> overrides = new ArrayList<>(point.getValue());
                    overrides.add(new Override(key, value, Origin.sweep(name, file, keyLine)));
                    next.put(name, overrides);
                }
            }
            points = next;
        }
        return points;
    }

    /** Every variant with every sweep point ({@code variant_point}); the points alone when there are no variants. */
    private static Map<String, List<Override>> crossed(Map<String, List<Override>> variants,
                                                       Map<String, List<Override>> points) {
        if (variants.isEmpty()) {
            return points;
        }
        Map<String, List<Override>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Override>> v : variants.entrySet()) {
            for (Map.Entry<String, List<Override>> p : points.entrySet()) {
                List<Override> overrides = new ArrayList<>(v.getValue());
                overrides.addAll(p.getValue());
                out.put(unique(out, v.getKey() + "_" + p.getKey()), overrides);
            }
        }
        return out;
    }

    /**
     * A sweep value as it appears in a variant name: numbers as {@link #plain(double)}, anything else as text, with
     * every run of characters unsafe in a directory name replaced by {@code _}.
     */
    static String valueLabel(JsonNode value) {
        String text = value.isFloatingPointNumber() ? plain(value.doubleValue())
                : value.isValueNode() ? value.asText() : value.toString();
        return UNSAFE.matcher(text).replaceAll("_");
    }

    /**
     * A number as sweep names and {@code run --dry-run} show it: {@link Double#toString} ({@code 0.001}, {@code 2.0}),
     * but in plain decimals where that would use an exponent ({@code 1e-4} → {@code 0.0001}).
     */
    public static String plain(double value) {
        String text = Double.toString(value);
        return text.contains("E") ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() : text;
    }

    private static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String unique(Map<String, ?> taken, String name) {
        String candidate = name;
        for (int i = 2; taken.containsKey(candidate); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }

    /** Sets {@code o.value} at its dotted key, creating absent sections, after checking the key against the records. */
    private static void apply(ObjectNode root, Override o, Map<String, Origin> origins) {
        List<String> segments = Arrays.asList(o.key().split("\\.", -1));
        if (o.key().isEmpty() || segments.contains("")) {
            throw new ConfigException(o.key(), "invalid config key '" + o.key() + "' " + o.origin().at()
                    + "; expected dotted names such as train.epochs", o.origin().file(), o.origin().line(), null);
        }
        Type type = ExperimentConfig.class;
        ObjectNode node = root;
        String parent = "";
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            String key = parent.isEmpty() ? seg : parent + "." + seg;
            Type child;
            if (ConfigSchema.isSection(type)) {
                child = ConfigSchema.keys(ConfigSchema.raw(type)).get(seg);
                if (child == null) {
                    throw unknownKey(key, parent, knownUnder(type), o.origin());
                }
            } else if (ConfigSchema.isMap(type)) {
                child = ConfigSchema.valueType(type);
            } else {
                throw unknownKey(key, parent, List.of(), o.origin());
            }
            if (i == segments.size() - 1) {
                checkKeys(o.value(), child, key, knownUnder(child), k -> o.origin());
                node.set(seg, o.value().deepCopy());
                origins.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + ".") || k.startsWith(key + "["));
                origins.put(key, o.origin());
            } else {
                if (!(node.get(seg) instanceof ObjectNode)) {
                    node.putObject(seg);
                }
                node = (ObjectNode) node.get(seg);
            }
            type = child;
            parent = key;
        }
    }

    // ---- binding ------------------------------------------------------------------------------------------

    private static ExperimentConfig resolve(ObjectNode base, Map<String, Origin> fileOrigins, List<Override> own,
                                            List<Override> sets, Path file) {
        ObjectNode tree = base.deepCopy();
        Map<String, Origin> origins = new HashMap<>(fileOrigins);
        own.forEach(o -> apply(tree, o, origins));
        sets.forEach(o -> apply(tree, o, origins));
        try {
            return ConfigMappers.YAML.treeToValue(tree, ExperimentConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw translate(e, tree, origins, file);
        }
    }

    /** Turns a binding failure into one line naming key, value, expectation, file and line. */
    private static ConfigException translate(Exception e, JsonNode tree, Map<String, Origin> origins, Path file) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException ce) {
                Origin origin = lookup(origins, ce.key(), file);
                return new ConfigException(ce.key(), ce.getMessage() + " " + origin.paren(), origin.file(), origin.line(), ce);
            }
        }
        if (!(e instanceof JsonMappingException jme)) {
            return new ConfigException("", "invalid config " + file + ": " + e.getMessage(), file, 0, e);
        }
        List<String> segments = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        JsonNode value = tree;
        for (JsonMappingException.Reference ref : jme.getPath()) {
            if (ref.getFieldName() != null) {
                segments.add(ref.getFieldName());
                key.append(key.length() == 0 ? "" : ".").append(ref.getFieldName());
                value = value.path(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                segments.add(Integer.toString(ref.getIndex()));
                key.append('[').append(ref.getIndex()).append(']');
                value = value.path(ref.getIndex());
            }
        }
        String expected = ConfigSchema.typeAt(ExperimentConfig.class, segments).map(ConfigSchema::describe)
                .orElse("a valid value");
        Origin origin = lookup(origins, key.toString(), file);
        String k = key.length() == 0 ? "config" : key.toString();
        return new ConfigException(k, k + ": expected " + expected + ", got " + show(value) + " " + origin.at(),
                origin.file(), origin.line(), e);
    }

    // ---- origins and messages -----------------------------------------------------------------------------

    /** Where a value came from: a file line, a variant's override (also a file line) or {@code --set}. */
    private record Origin(Path file, int line, String via) {
        static Origin file(Path file, int line) {
            return new Origin(file, line, null);
        }

        static Origin variant(String name, Path file, int line) {
            return new Origin(file, line, "variant '" + name + "'");
        }

        static Origin sweep(String point, Path file, int line) {
            return new Origin(file, line, "sweep point '" + point + "'");
        }

        static Origin set() {
            return new Origin(null, 0, "--set");
        }

        /** For "unknown key ... at x.yaml:7" style messages. */
        String at() {
            if (file == null) {
                return "(" + via + ")";
            }
            return (via == null ? "" : "in " + via + " ") + "at " + where(file, line);
        }

        /** For "... got -3 (x.yaml:7)" style messages. */
        String paren() {
            if (file == null) {
                return "(" + via + ")";
            }
            return "(" + (via == null ? "" : via + ", ") + where(file, line) + ")";
        }
    }

    /** The origin of a key or of its nearest ancestor that has one; the file itself when none has. */
    private static Origin lookup(Map<String, Origin> origins, String key, Path file) {
        String k = INDEX.matcher(key).replaceAll("");
        while (!k.isEmpty()) {
            Origin o = origins.get(k);
            if (o != null) {
                return o;
            }
            int dot = k.lastIndexOf('.');
            k = dot < 0 ? "" : k.substring(0, dot);
        }
        return Origin.file(file, 0);
    }

    private static String where(Path file, int line) {
        return line > 0 ? file + ":" + line : file.toString();
    }

    private static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list " + node;
        }
        return "'" + node.asText() + "'";
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
