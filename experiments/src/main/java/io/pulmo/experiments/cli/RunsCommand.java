package io.pulmo.experiments.cli;

import io.pulmo.common.runs.RunRecord;
import io.pulmo.common.runs.RunStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the runs under the directories: id, status, task, headline metric, end time.")
final class RunsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "runs directories (default: runs)")
    List<Path> roots = new ArrayList<>();

    @Override
    public Integer call() {
        List<Path> dirs = roots.isEmpty() ? List.of(Path.of("runs")) : roots;
        List<RunRecord> runs = RunStore.list(dirs);
        PrintWriter out = spec.commandLine().getOut();
        if (runs.isEmpty()) {
            out.println("no runs under " + String.join(", ", dirs.stream().map(Path::toString).toList()));
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"RUN", "STATUS", "TASK", "HEADLINE", "END"});
        for (RunRecord r : runs) {
            String headline = r.headline().isPresent()
                    ? r.headlineMetric() + "=" + String.format(Locale.ROOT, "%.4f", r.headline().getAsDouble()) : "-";
            String end = r.info().endTime() == null ? "-" : r.info().endTime();
            rows.add(new String[]{r.id(), r.status(), String.valueOf(r.task()), headline, end});
        }
        int[] width = new int[5];
        rows.forEach(row -> {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        });
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == row.length - 1 ? row[c] : String.format("%-" + (width[c] + 2) + "s", row[c]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
        return 0;
    }
}
