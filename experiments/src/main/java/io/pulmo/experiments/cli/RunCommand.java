package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ConfigWriter;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.run.RunInfo;
import io.pulmo.common.runs.ConfigKeys;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Train and evaluate an experiment, each run into its own run directory.",
                "An ablation (a config with variants: and/or a sweep: grid) runs every variant, one after another, "
                        + "into OUT/<name>/<variant>/; a variant that fails is recorded failed and the others still run "
                        + "(exit status 2 at the end)."})
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

    @Option(names = "--resume", description = "go on where a run stopped: finished runs are skipped, interrupted or "
            + "failed ones continue from their last checkpoint, variants not started yet start; a run whose process "
            + "is still alive is refused")
    boolean resume;

    @Option(names = "--dry-run", description = "print the runs the config expands to (variants, sweep points), one "
            + "line each with the keys in which they differ as key=value, then a count; train nothing, create nothing")
    boolean dryRun;

    @Option(names = "--variant", paramLabel = "NAME",
            description = "run only these variants of an ablation (repeatable; default: all)")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        ConfigLoader.Experiment experiment = ConfigLoader.load(config, overrides);
        if (dryRun) {
            printPlan(stdout, experiment, selected(experiment));
            return 0;
        }
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
        Map<String, String> states = new HashMap<>();
        if (resume) { // every variant is checked before any of them trains
            for (ConfigLoader.Variant v : variants) {
                String runName = runName(v);
                states.put(runName, resumeState(parent.resolve(runName), v.config()));
            }
        }
        List<String> failures = new ArrayList<>();
        try (DashboardServer dashboard = ui ? DashboardServer.start(port != null ? port : first.ui().port()) : null) {
            if (dashboard != null) {
                Files.createDirectories(parent);
                dashboard.serveRuns(List.of(parent));
                stdout.println("Dashboard: " + dashboard.overviewUrl());
                stdout.println("Compare runs: " + dashboard.comparisonUrl());
                stdout.flush();
            }
            for (ConfigLoader.Variant v : variants) {
                String runName = runName(v);
                Path existing = parent.resolve(runName);
                String state = states.get(runName);
                if (RunInfo.FINISHED.equals(state)) {
                    stdout.println("skip " + runName + ": finished");
                    stdout.println("run: " + existing);
                    stdout.flush();
                    continue;
                }
                boolean resumeThis = state != null || (resume && !experiment.ablation()); // a single run must exist
                RunDirectory dir = resume && !resumeThis && Files.isDirectory(existing)
                        ? new RunDirectory(existing) // a variant's directory left without run.json: start it there
                        : RunDirectory.allocate(parent, runName, resumeThis);
                try {
                    RunResult result = ExperimentRunner.run(v.config(), dir, v.name(), resumeThis, dashboard);
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

    private static String runName(ConfigLoader.Variant v) {
        return v.name() != null ? v.name() : v.config().name();
    }

    /**
     * What {@code --resume} finds at {@code dir}: null when there is no run yet (it starts fresh), else the run's
     * status — {@code finished} runs are skipped, {@code interrupted} and {@code failed} ones go on from their last
     * checkpoint (from the start when they have none), and a stale {@code running} (its process killed) counts as
     * interrupted.
     *
     * @throws PulmoException when the run is still being trained by a live process, or was started with another
     *                        config
     */
    private static String resumeState(Path dir, ExperimentConfig config) {
        if (!Files.isRegularFile(dir.resolve("run.json"))) {
            return null;
        }
        RunDirectory run = new RunDirectory(dir);
        RunInfo info = run.readInfo();
        String state = info.liveStatus();
        if (RunInfo.RUNNING.equals(state)) {
            String process = info.pid() == null ? "its process" : "process " + info.pid();
            throw new PulmoException("--resume: " + dir + " is still running (" + process + " on " + info.host()
                    + "); stop it first, or resume once it has ended");
        }
        ExperimentRunner.checkSameConfig(info, config, run);
        return state;
    }

    /**
     * {@code --dry-run}: one line per run — its name, then {@code key=value} for every key in which the resolved
     * configs differ, in columns — then a count.
     */
    private static void printPlan(PrintWriter out, ConfigLoader.Experiment experiment, List<ConfigLoader.Variant> variants) {
        List<Map<String, Object>> flat = new ArrayList<>();
        for (ConfigLoader.Variant v : variants) {
            flat.add(ConfigKeys.flatten(ConfigWriter.toTree(v.config())));
        }
        List<String> keys = ConfigKeys.differing(flat);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            List<String> cells = new ArrayList<>();
            cells.add(variants.get(i).name() == null ? experiment.name() : variants.get(i).name());
            for (String k : keys) {
                Object value = flat.get(i).get(k); // null: unset in this run's config
                cells.add(k + "=" + (value instanceof Double d ? ConfigLoader.plain(d) : String.valueOf(value)));
            }
            rows.add(cells);
        }
        int[] widths = new int[keys.size() + 1];
        rows.forEach(cells -> {
            for (int c = 0; c < cells.size(); c++) {
                widths[c] = Math.max(widths[c], cells.get(c).length());
            }
        });
        for (List<String> cells : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cells.size(); c++) {
                line.append(c == 0 ? "" : "  ").append(String.format("%-" + widths[c] + "s", cells.get(c)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(variants.size() + (variants.size() == 1 ? " run" : " runs") + " of " + experiment.name()
                + (keys.isEmpty() ? "" : ", differing in " + String.join(", ", keys)) + "; nothing trained (--dry-run)");
        out.flush();
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
