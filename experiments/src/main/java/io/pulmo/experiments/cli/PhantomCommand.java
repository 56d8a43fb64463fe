package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.siim.Siim;
import io.pulmo.common.phantom.PhantomSummary;
import io.pulmo.common.phantom.Phantoms;
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

    @Option(names = "--n", defaultValue = "400",
            description = "total images (CT series for luna), split 80/10/10 (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--size", defaultValue = "64", description = "image size in pixels (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--format", defaultValue = "png", paramLabel = "FORMAT",
            description = "pneumothorax only: png (seed 004's layout, default) or siim (also SIIM-ACR's DICOM files "
                    + "and train-rle.csv, ImageId = the PNG's file stem)")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!"png".equals(format) && !"siim".equals(format)) {
            throw new PulmoException("unknown --format '" + format + "'; known: png, siim");
        }
        if ("siim".equals(format) && !"pneumothorax".equals(kind)) {
            throw new PulmoException("--format siim is for the pneumothorax phantom, not " + kind);
        }
        PhantomSummary s = Phantoms.write(kind, out, n, size, seed);
        if ("siim".equals(format)) {
            Siim.export(out, out);
        }
        spec.commandLine().getOut().println("phantom " + kind + ": " + s.counts() + " (" + s.patients()
                + " patients) in " + s.root());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
