package io.pulmo.common.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulmo.common.PulmoException;
import io.pulmo.common.run.HistoryCsv;
import io.pulmo.common.run.HistoryRow;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.run.RunInfo;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run store: run directories on the file system, read into {@link RunRecord}s. {@code pulmo runs}, {@code pulmo
 * compare} and the dashboard's comparison page all read runs through this class.
 */
public final class RunStore {

    private static final Logger log = LoggerFactory.getLogger(RunStore.class);
    /** How deep below a runs directory runs are looked for ({@code runs/ablation/variant/} is 2). */
    static final int MAX_DEPTH = 4;
    /** Folders inside a run that hold no runs. */
    private static final Set<String> NOT_RUNS = Set.of("checkpoints", "eval", "predict", "overlays", "heatmaps");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    private RunStore() {
    }

    /**
     * Every run (a directory with {@code run.json}) under each root, the root itself included, sorted by id. A run
     * that cannot be read is skipped with a warning.
     *
     * @throws PulmoException when a root is not a directory
     */
    public static List<RunRecord> list(List<Path> roots) {
        List<RunRecord> runs = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new PulmoException("runs directory not found: " + root);
            }
            for (Path dir : runDirectories(root)) {
                try {
                    runs.add(read(dir, id(root, dir)));
                } catch (PulmoException e) {
                    log.warn("skipping {}: {}", dir, e.getMessage());
                }
            }
        }
        runs.sort(Comparator.comparing(RunRecord::id));
        return runs;
    }

    /** One run directory; its id is the directory's name. */
    public static RunRecord load(Path dir) {
        if (!Files.isRegularFile(dir.resolve("run.json"))) {
            throw new PulmoException("not a run directory (no run.json): " + dir);
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return read(dir, name == null ? dir.toString() : name.toString());
    }

    /** As {@link #load(Path)}, with the id given. */
    public static RunRecord load(Path dir, String id) {
        if (!Files.isRegularFile(dir.resolve("run.json"))) {
            throw new PulmoException("not a run directory (no run.json): " + dir);
        }
        return read(dir, id);
    }

    /**
     * The run directory that {@code id} (a path relative to a root, as in {@link RunRecord#id()}) names, only when
     * it lies inside one of the roots (after resolving symbolic links) and holds {@code run.json}. A root that is a run
     * itself is named by its directory name, as {@link #list} names it. Absolute ids, {@code .} and {@code ..}
     * segments, backslashes and NUL characters never resolve.
     */
    public static Optional<Path> resolveInside(List<Path> roots, String id) {
        if (id == null || id.isEmpty() || id.indexOf('\0') >= 0 || id.contains("\\") || id.startsWith("/")
                || id.matches("^[A-Za-z]:.*")) {
            return Optional.empty();
        }
        for (String segment : id.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.empty();
            }
        }
        for (Path root : roots) {
            try {
                Path realRoot = root.toRealPath();
                Path candidate = realRoot.resolve(id).normalize();
                if (Files.isRegularFile(candidate.resolve("run.json"))) {
                    Path real = candidate.toRealPath();
                    if (real.startsWith(realRoot) && !real.equals(realRoot)) {
                        return Optional.of(real);
                    }
                } else if (id.equals(id(root, root)) && Files.isRegularFile(realRoot.resolve("run.json"))) {
                    return Optional.of(realRoot);
                }
            } catch (IOException | RuntimeException e) {
                // not under this root
            }
        }
        return Optional.empty();
    }

    static List<String[]> predictions(Path dir) {
        Path file = dir.resolve("predictions.csv");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (Reader in = Files.newBufferedReader(file)) {
            List<String[]> rows = new ArrayList<>();
            Iterator<CSVRecord> it = CSVFormat.DEFAULT.parse(in).iterator();
            if (it.hasNext()) {
                it.next(); // header
            }
            while (it.hasNext()) {
                rows.add(it.next().values());
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            throw new PulmoException("unreadable predictions " + file + ": " + e.getMessage(), e);
        }
    }

    private static RunRecord read(Path dir, String id) {
        RunInfo info = new RunDirectory(dir).readInfo();
        Path yaml = dir.resolve("config.yaml");
        Map<String, Object> config = Files.isRegularFile(yaml) ? ConfigKeys.flatten(tree(YAML, yaml, "config")) : Map.of();
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, double[]> ci95 = new LinkedHashMap<>();
        String positiveClass = null;
        Path metricsFile = dir.resolve("metrics.json");
        if (Files.isRegularFile(metricsFile)) {
            JsonNode m = tree(JSON, metricsFile, "metrics");
            m.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    metrics.put(e.getKey(), e.getValue().asDouble());
                }
            });
            m.path("ci95").fields().forEachRemaining(e -> {
                if (e.getValue().isArray() && e.getValue().size() == 2) {
                    ci95.put(e.getKey(), new double[]{e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble()});
                }
            });
            positiveClass = m.path("positive_class").isTextual() ? m.get("positive_class").asText() : null;
        }
        Path historyFile = dir.resolve("history.csv");
        List<HistoryRow> history = Files.isRegularFile(historyFile) ? HistoryCsv.read(historyFile) : List.of();
        return new RunRecord(dir, id, info, config, metrics, ci95, positiveClass, history);
    }

    private static JsonNode tree(ObjectMapper mapper, Path file, String what) {
        try {
            JsonNode node = mapper.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new PulmoException("unreadable " + what + " " + file + ": not an object");
            }
            return node;
        } catch (IOException e) {
            throw new PulmoException("unreadable " + what + " " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static List<Path> runDirectories(Path root) {
        List<Path> dirs = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && NOT_RUNS.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    addIfRun(dir);
                    return FileVisitResult.CONTINUE;
                }

                /** Directories at {@link #MAX_DEPTH} arrive here, not in {@code preVisitDirectory}. */
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isDirectory() && !NOT_RUNS.contains(file.getFileName().toString())) {
                        addIfRun(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                private void addIfRun(Path dir) {
                    if (Files.isRegularFile(dir.resolve("run.json"))) {
                        dirs.add(dir);
                    }
                }
            });
        } catch (IOException e) {
            throw new PulmoException("cannot search " + root + ": " + e.getMessage(), e);
        }
        return dirs;
    }

    private static String id(Path root, Path dir) {
        Path rel = root.relativize(dir);
        String id = rel.toString().replace(java.io.File.separatorChar, '/');
        if (id.isEmpty()) {
            Path name = dir.toAbsolutePath().normalize().getFileName();
            return name == null ? dir.toString() : name.toString();
        }
        return id;
    }
}
