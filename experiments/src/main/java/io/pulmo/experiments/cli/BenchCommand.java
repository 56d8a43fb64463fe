package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.experiments.bench.Bench;
import io.pulmo.experiments.bench.ModelWorkload;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Throughput benchmarks: one JSON line per workload with the PyTorch peer's fields "
                + "(model, mode, batch, size, threads, sec_per_iter, sec_per_iter_median, items_per_sec, ...).",
                "Random data from a fixed seed; warm-up iterations, then timed ones. Suites: quick, models, all. "
                        + "bench/compare.sh runs the peer side by side and writes docs/PERFORMANCE.md."})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suite", defaultValue = "quick", description = "quick | models | all (default: ${DEFAULT-VALUE})")
    String suite;

    @Option(names = "--out", paramLabel = "FILE", description = "also append the JSON lines to FILE")
    Path out;

    @Option(names = "--model", paramLabel = "NAME", description = "only this model (repeatable): "
            + "resnet50, resnet34, densenet121, efficientnet_b4, unet-seed, cnn3d")
    List<String> models = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", description = "only train or only infer")
    String mode;

    @Option(names = "--iters", defaultValue = "5", description = "timed iterations (default: ${DEFAULT-VALUE})")
    int iters;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed warm-up iterations (default: ${DEFAULT-VALUE})")
    int warmup;

    @Override
    public Integer call() {
        if (iters < 1 || warmup < 0) {
            throw new PulmoException("--iters must be >= 1 and --warmup >= 0");
        }
        if (mode != null && !mode.equals("train") && !mode.equals("infer")) {
            throw new PulmoException("--mode: expected train or infer, got '" + mode + "'");
        }
        List<ModelWorkload> workloads = new ArrayList<>(Bench.workloads(suite, models));
        if (mode != null) {
            workloads.removeIf(w -> !w.mode().equals(mode));
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (Writer file = out == null ? null : Files.newBufferedWriter(out, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            new Bench(warmup, iters).run(workloads, line -> {
                stdout.println(line);
                stdout.flush();
                if (file != null) {
                    try {
                        file.write(line + "\n");
                        file.flush();
                    } catch (IOException e) {
                        throw new PulmoException("cannot write " + out + ": " + e.getMessage(), e);
                    }
                }
            });
        } catch (IOException e) {
            throw new PulmoException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return 0;
    }
}
