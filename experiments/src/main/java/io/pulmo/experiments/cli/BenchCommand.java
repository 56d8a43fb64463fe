package io.pulmo.experiments.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Throughput benchmarks (not available yet).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--suite", defaultValue = "quick")
    String suite;
    @Option(names = "--out", paramLabel = "FILE")
    Path out;

    @Override
    public Integer call() {
        throw NotAvailable.command("bench");
    }
}
