package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.common.run.AtomicFiles;
import io.pulmo.common.runs.CompareHtml;
import io.pulmo.common.runs.Comparison;
import io.pulmo.common.runs.RunRecord;
import io.pulmo.common.runs.RunStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Runs side by side: the config keys that differ and every metric with its 95% interval, the best "
                + "value per metric marked.", "Markdown on stdout; compare.csv (exact values) and a self-contained "
                + "compare.html (table, overlaid validation curves, ROC curves) in --out."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "RUN_DIR", description = "run directories (at least two; of one task)")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "where compare.csv and compare.html go (default: the runs' common parent)")
    Path out;

    @Override
    public Integer call() {
        if (runs.size() < 2) {
            throw new PulmoException("compare needs at least two run directories, got " + runs.size());
        }
        List<Path> dirs = runs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        Path parent = commonParent(dirs);
        List<RunRecord> records = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            if (!Files.isDirectory(dirs.get(i))) {
                throw new PulmoException("run directory not found: " + runs.get(i));
            }
            records.add(RunStore.load(dirs.get(i), id(dirs, i, parent)));
        }
        Comparison comparison = Comparison.of(records);
        Path target = out != null ? out : parent;
        Path csv = target.resolve("compare.csv");
        Path html = target.resolve("compare.html");
        try {
            Files.createDirectories(target);
            AtomicFiles.write(csv, comparison.csv().getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(html, CompareHtml.page(comparison, "Pulmo: " + records.size() + " runs compared")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PulmoException("cannot write the comparison into " + target + ": " + e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(comparison.markdown());
        stdout.println();
        stdout.println("compare.csv: " + csv);
        stdout.println("compare.html: " + html);
        stdout.flush();
        return 0;
    }

    /** The directory name, or, when two runs share a name, the path below the runs' common parent. */
    private static String id(List<Path> dirs, int i, Path parent) {
        Set<String> names = new HashSet<>();
        boolean clash = dirs.stream().map(d -> String.valueOf(d.getFileName())).anyMatch(n -> !names.add(n));
        Path dir = dirs.get(i);
        return clash && parent != null ? parent.relativize(dir).toString().replace('\\', '/') : String.valueOf(dir.getFileName());
    }

    private static Path commonParent(List<Path> dirs) {
        Path common = dirs.get(0).getParent();
        while (common != null) {
            Path c = common;
            if (dirs.stream().allMatch(d -> d.startsWith(c) && !d.equals(c))) {
                return common;
            }
            common = common.getParent();
        }
        return Path.of("").toAbsolutePath();
    }
}
