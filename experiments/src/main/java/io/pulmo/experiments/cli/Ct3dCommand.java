package io.pulmo.experiments.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "ct3d", mixinStandardHelpOptions = true,
        description = "The LUNA16 pipeline: info, segment, group, classify, diagnose, evaluate (not available yet).")
final class Ct3dCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ARGS")
    List<String> args;

    @picocli.CommandLine.Unmatched
    List<String> unmatched;

    @Override
    public Integer call() {
        throw NotAvailable.command("ct3d" + (args == null || args.isEmpty() ? "" : " " + args.get(0)));
    }
}
