package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.ui.DashboardServer;
import io.pulmo.ui.LiveDashboard;
import io.pulmo.ui.RunsWatcher;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serve the dashboard over stored and running runs until Ctrl-C: DL4J's training pages for every "
                + "run (stats.bin; live curves of runs started later in these directories) and the comparison page.",
                "Runs appearing under the directories are attached without a restart."})
final class UiCommand implements Callable<Integer> {
    /** How often the runs directories are scanned for new runs. */
    static final long SCAN_MILLIS = 2000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "RUNS_DIR", description = "directories searched for runs (default: runs)")
    List<Path> roots;

    @Option(names = "--port", defaultValue = "9000", description = "port (default: ${DEFAULT-VALUE}; a busy port moves to the next free one)")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "interface to listen on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Override
    public Integer call() throws Exception {
        List<Path> dirs = new ArrayList<>();
        if (roots == null || roots.isEmpty()) {
            Path runs = Path.of("runs");
            Files.createDirectories(runs);
            dirs.add(runs);
        } else {
            for (Path d : roots) {
                if (!Files.isDirectory(d)) {
                    throw new PulmoException("runs directory not found: " + d);
                }
                dirs.add(d);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            spec.commandLine().getErr().println("warning: the dashboard listens on " + host + ": anyone who can reach "
                    + "this machine there can read the runs and post training statistics to it");
        }
        DashboardServer server = DashboardServer.start(port, host);
        server.serveRuns(dirs);
        InMemoryStatsStorage live = new InMemoryStatsStorage();
        server.enableRemoteReceiver(live);
        for (Path d : dirs) {
            LiveDashboard.writeBeacon(d, server);
        }
        RunsWatcher watcher = new RunsWatcher(server, dirs, live);
        int attached = watcher.scan();
        watcher.start(SCAN_MILLIS);
        out.println("Dashboard: " + server.overviewUrl());
        out.println("Compare runs: " + server.comparisonUrl());
        out.println(attached + " run(s) attached; watching " + dirs + " for new runs; Ctrl-C to stop");
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watcher.close();
            server.close();
        }, "pulmo-ui-stop"));
        new CountDownLatch(1).await();
        return 0;
    }
}
