package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.ui.DashboardServer;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Serve the DL4J training dashboard over the stored runs (their stats.bin) until Ctrl-C.")
final class UiCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "RUNS_DIR", description = "directories searched for runs (default: runs)")
    List<Path> roots;

    @Option(names = "--port", defaultValue = "9000")
    int port;

    @Override
    public Integer call() throws Exception {
        List<Path> dirs = roots == null || roots.isEmpty() ? List.of(Path.of("runs")) : roots;
        List<Path> stats = new java.util.ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new PulmoException("runs directory not found: " + d);
            }
            try (Stream<Path> s = Files.walk(d, 4)) {
                s.filter(p -> p.getFileName().toString().equals("stats.bin")).sorted().forEach(stats::add);
            } catch (IOException e) {
                throw new PulmoException("cannot search " + d + ": " + e.getMessage(), e);
            }
        }
        if (stats.isEmpty()) {
            throw new PulmoException("no runs with stats.bin under " + dirs);
        }
        DashboardServer server = DashboardServer.start(port);
        for (Path p : stats) {
            server.attach(new FileStatsStorage(p.toFile()));
        }
        spec.commandLine().getOut().println("Dashboard: " + server.overviewUrl());
        spec.commandLine().getOut().println(stats.size() + " run(s) attached; Ctrl-C to stop");
        spec.commandLine().getOut().flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
