package io.pulmo.common.run;

import io.pulmo.common.backend.Backend;
import io.pulmo.common.backend.BackendInfo;
import io.pulmo.common.config.ExperimentConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Where a run came from: git commit, versions, backend, host, time. */
public final class Provenance {
    /** The DL4J release Pulmo is built on, when the jar's manifest does not say. */
    public static final String DL4J_VERSION = "1.0.0-M2.1";

    private Provenance() {
    }

    /** A fresh {@code running} record for a run of {@code config}. */
    public static RunInfo start(ExperimentConfig config, String name, String variant) {
        BackendInfo b = Backend.info();
        return new RunInfo(name, variant, config.task().name().toLowerCase(java.util.Locale.ROOT), RunInfo.RUNNING, null,
                config.hash(), config.seed(), gitCommit(Path.of("").toAbsolutePath()), dl4jVersion(), b.backend(),
                b.describe(), System.getProperty("java.version"), host(), ProcessHandle.current().pid(), now(), null, null,
                null);
    }

    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    public static String dl4jVersion() {
        String v = ComputationGraph.class.getPackage().getImplementationVersion();
        return v != null ? v : DL4J_VERSION;
    }

    /** The commit checked out in the git work tree containing {@code dir}, or {@code unknown}. Reads .git directly. */
    public static String gitCommit(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isDirectory(git)) {
                try {
                    String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
                    if (!head.startsWith("ref: ")) {
                        return head;
                    }
                    String ref = head.substring(5);
                    Path refFile = git.resolve(ref);
                    if (Files.exists(refFile)) {
                        return Files.readString(refFile).trim();
                    }
                    Path packed = git.resolve("packed-refs");
                    if (Files.exists(packed)) {
                        for (String line : Files.readAllLines(packed)) {
                            if (line.endsWith(" " + ref)) {
                                return line.substring(0, line.indexOf(' '));
                            }
                        }
                    }
                    return "unknown";
                } catch (IOException e) {
                    return "unknown";
                }
            }
        }
        return "unknown";
    }

    /** This machine's host name, or {@code unknown} (looked up once). */
    static String host() {
        return Host.NAME;
    }

    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
