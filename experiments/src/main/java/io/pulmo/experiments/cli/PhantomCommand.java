package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.common.phantom.CtSlicePhantom;
import io.pulmo.common.phantom.PhantomSummary;
import io.pulmo.common.phantom.XrayPhantom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "phantom", mixinStandardHelpOptions = true,
        description = "Write a synthetic dataset in the real dataset's on-disk format (KIND: xray, ctslice, pneumothorax, luna).")
final class PhantomCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND")
    String kind;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--n", defaultValue = "400", description = "total images, split 80/10/10 (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--size", defaultValue = "64", description = "image size in pixels (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Override
    public Integer call() throws Exception {
        PhantomSummary s = switch (kind) {
            case "xray" -> {
                try {
                    yield XrayPhantom.write(out, n, size, seed);
                } catch (IllegalArgumentException e) {
                    throw new PulmoException(e.getMessage(), e);
                }
            }
            case "ctslice" -> {
                try {
                    yield CtSlicePhantom.write(out, n, size, seed);
                } catch (IllegalArgumentException e) {
                    throw new PulmoException(e.getMessage(), e);
                }
            }
            case "pneumothorax", "luna" -> throw new PulmoException("phantom kind '" + kind
                    + "' is not available yet; available: xray, ctslice");
            default -> throw new PulmoException("unknown phantom kind '" + kind + "'; known: xray, ctslice, pneumothorax, luna");
        };
        spec.commandLine().getOut().println("phantom " + kind + ": " + s.counts() + " (" + s.patients()
                + " patients) in " + s.root());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
