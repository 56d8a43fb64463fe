package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.experiments.ExperimentRunner;
import io.pulmo.experiments.RunResult;
import io.pulmo.experiments.Summary;
import io.pulmo.ui.DashboardServer;
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

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Train and evaluate an experiment (every variant of an ablation), each into its own run directory.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment config (YAML)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (dotted path), typed")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "runs directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--no-ui", description = "do not serve the live dashboard")
    boolean noUi;

    @Option(names = "--port", paramLabel = "N", description = "dashboard port (default: ui.port, 9000)")
    Integer port;

    @Option(names = "--resume", description = "continue an interrupted run from its last checkpoint")
    boolean resume;

    @Option(names = "--variant", paramLabel = "NAME",
            description = "run only these variants of an ablation (repeatable; default: all)")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        ConfigLoader.Experiment experiment = ConfigLoader.load(config, overrides);
        RunDirectory.checkParent(out);
        Backend.init();
        var first = experiment.variants().get(0).config();
        boolean ui = !noUi && first.ui().enabled();
        Path parent = out;
        String experimentName = experiment.name();
        List<ConfigLoader.Variant> variants = selected(experiment);
        if (experiment.ablation()) {
            parent = ablationDir(out, experimentName, resume, only.isEmpty() ? null : variants);
        }
        List<String> failures = new ArrayList<>();
        try (DashboardServer dashboard = ui ? DashboardServer.start(port != null ? port : first.ui().port()) : null) {
            if (dashboard != null) {
                stdout.println("Dashboard: " + dashboard.overviewUrl());
                stdout.flush();
            }
            for (ConfigLoader.Variant v : variants) {
                String runName = v.name() != null ? v.name() : v.config().name();
                RunDirectory dir = RunDirectory.allocate(parent, runName, resume);
                try {
                    RunResult result = ExperimentRunner.run(v.config(), dir, v.name(), resume, dashboard);
                    Summary.print(stdout, result, ui);
                } catch (PulmoException e) {
                    if (!experiment.ablation()) {
                        throw e;
                    }
                    failures.add(runName + ": " + e.getMessage());
                    spec.commandLine().getErr().println("error: variant " + runName + " failed: " + e.getMessage());
                }
                stdout.println("run: " + dir.dir());
                stdout.flush();
            }
        }
        if (!failures.isEmpty()) {
            throw new PulmoException(failures.size() + " of " + variants.size() + " variants failed: "
                    + String.join("; ", failures));
        }
        return 0;
    }

    /** The variants {@code --variant} names, in the config's order; all without the option. */
    private List<ConfigLoader.Variant> selected(ConfigLoader.Experiment experiment) {
        if (only.isEmpty()) {
            return experiment.variants();
        }
        List<String> known = experiment.variants().stream().map(ConfigLoader.Variant::name)
                .filter(java.util.Objects::nonNull).toList();
        for (String name : only) {
            if (!known.contains(name)) {
                throw new PulmoException("--variant: no variant '" + name + "' in " + config
                        + (known.isEmpty() ? " (it has no variants)" : "; known: " + String.join(", ", known)));
            }
        }
        return experiment.variants().stream().filter(v -> only.contains(v.name())).toList();
    }

    /**
     * The ablation's directory: {@code OUT/<name>/}, or {@code <name>-2}, … when it exists. Selected variants
     * ({@code --variant}) join an existing directory that does not hold them yet, so variants run one at a time
     * end up side by side.
     */
    private static Path ablationDir(Path out, String name, boolean resume, List<ConfigLoader.Variant> selected) {
        Path dir = out.resolve(name);
        if (selected != null && !resume && Files.isDirectory(dir)
                && selected.stream().noneMatch(v -> Files.exists(out.resolve(name).resolve(v.name())))) {
            return dir;
        }
        if (resume) {
            if (!Files.isDirectory(dir)) {
                throw new PulmoException("--resume: no ablation to resume at " + dir);
            }
            return dir;
        }
        for (int i = 2; Files.exists(dir); i++) {
            dir = out.resolve(name + "-" + i);
        }
        return dir;
    }
}
