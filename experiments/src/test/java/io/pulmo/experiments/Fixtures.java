package io.pulmo.experiments;

import io.pulmo.common.phantom.XrayPhantom;
import io.pulmo.experiments.cli.PulmoCli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Phantom datasets, configs and in-process CLI calls shared by the experiments tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Writes the X-ray phantom (Kaggle layout) into {@code dir}. */
    public static Path xray(Path dir, int n, int size, long seed) throws IOException {
        XrayPhantom.write(dir, n, size, seed);
        return dir;
    }

    /**
     * A classification config on {@code root}: the quickstart's model (keras-cnn-conv, base 8, no dense dropout),
     * dashboard off.
     */
    public static Path config(Path dir, String name, Path root, int size, int epochs, String extra) throws IOException {
        String yaml = """
                name: %s
                task: classification
                seed: 42
                data:
                  root: %s
                  layout: kaggle-xray
                  image: {size: %d, channels: 1}
                  batch: 16
                model:
                  arch: keras-cnn-conv
                  base: 8
                  classes: 2
                  dense_dropout: [0.0, 0.0, 0.0]
                optimizer: {type: adam, lr: 0.001}
                train: {epochs: %d}
                ui: {enabled: false}
                %s
                """.formatted(name, root.toAbsolutePath(), size, epochs, extra == null ? "" : extra);
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The result of an in-process {@code pulmo} call. */
    public record Cli(int status, String out, String err) {
        /** The path of the last {@code run: <path>} line. */
        public Path lastRun() {
            String[] lines = out.strip().split("\\R");
            String last = lines[lines.length - 1];
            if (!last.startsWith("run: ")) {
                throw new AssertionError("last stdout line is not 'run: <path>': " + last + "\nstderr: " + err);
            }
            return Path.of(last.substring(5));
        }
    }

    public static Cli pulmo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = PulmoCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Cli(status, out.toString(), err.toString());
    }
}
