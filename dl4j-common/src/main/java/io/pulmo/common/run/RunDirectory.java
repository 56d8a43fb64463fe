package io.pulmo.common.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pulmo.common.PulmoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's directory and the names of its files (see the run-directory table of {@code docs/CLI.md}). The
 * directory has its final name from the start; {@code run.json} is rewritten atomically at every change of state.
 */
public record RunDirectory(Path dir) {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Picks the directory {@code out/name}; an existing one gets {@code -2}, {@code -3}, … unless {@code resume},
     * which requires it to exist.
     */
    public static RunDirectory allocate(Path out, String name, boolean resume) {
        checkParent(out);
        Path base = out.resolve(name);
        if (resume) {
            if (!Files.isRegularFile(base.resolve("run.json"))) {
                throw new PulmoException("--resume: no run to resume at " + base + " (no run.json)");
            }
            return new RunDirectory(base);
        }
        Path dir = base;
        for (int i = 2; Files.exists(dir); i++) {
            dir = out.resolve(name + "-" + i);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new PulmoException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir);
    }

    /** Fails with a one-line message when {@code out} or one of its parents is a regular file. */
    public static void checkParent(Path out) {
        for (Path p = out.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new PulmoException("output path is not a directory: " + p + " (--out " + out + ")");
            }
        }
    }

    public Path runJson() {
        return dir.resolve("run.json");
    }

    public Path configYaml() {
        return dir.resolve("config.yaml");
    }

    public Path history() {
        return dir.resolve("history.csv");
    }

    public Path metrics() {
        return dir.resolve("metrics.json");
    }

    public Path predictions() {
        return dir.resolve("predictions.csv");
    }

    public Path checkpoints() {
        return dir.resolve("checkpoints");
    }

    public Path stats() {
        return dir.resolve("stats.bin");
    }

    public Path curves() {
        return dir.resolve("curves.png");
    }

    public Path confusion() {
        return dir.resolve("confusion.png");
    }

    public Path log() {
        return dir.resolve("run.log");
    }

    public void writeInfo(RunInfo info) {
        try {
            AtomicFiles.write(runJson(), JSON.writeValueAsBytes(info));
        } catch (IOException e) {
            throw new PulmoException("cannot write " + runJson() + ": " + e.getMessage(), e);
        }
    }

    public RunInfo readInfo() {
        try {
            return JSON.readValue(runJson().toFile(), RunInfo.class);
        } catch (IOException e) {
            throw new PulmoException("unreadable run record " + runJson() + ": " + e.getMessage(), e);
        }
    }

    /** Writes a JSON document atomically (for {@code metrics.json}, written last). */
    public static void writeJson(Path file, Object value) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new PulmoException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
