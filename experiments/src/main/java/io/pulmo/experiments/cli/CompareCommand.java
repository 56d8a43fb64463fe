package io.pulmo.experiments.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "Side-by-side table of runs (not available yet).")
final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "RUN_DIR")
    List<Path> runs;
    @Option(names = "--out", paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() {
        throw NotAvailable.command("compare");
    }
}
