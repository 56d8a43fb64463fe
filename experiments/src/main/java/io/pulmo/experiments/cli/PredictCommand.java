package io.pulmo.experiments.cli;

import io.pulmo.common.PulmoException;
import io.pulmo.segmentation.Overlays;
import io.pulmo.experiments.Run;
import io.pulmo.experiments.LabelledImages;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Score images with a run's best checkpoint: CSV rows input,pred,score[,p_<class>...] and labelled "
                + "images (classification) or overlays of the predicted mask (segmentation).")
final class PredictCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", description = "where labelled images go (default: RUN_DIR/predict/)")
    Path out;

    @Override
    public Integer call() {
        Run run = Run.load(runDir);
        for (Path p : inputs) {
            if (!java.nio.file.Files.isRegularFile(p)) {
                throw new PulmoException("input not found: " + p);
            }
        }
        List<Run.Prediction> predictions = run.predict(inputs);
        List<String> classes = run.classes();
        PrintWriter o = spec.commandLine().getOut();
        StringBuilder header = new StringBuilder("input,pred,score");
        classes.forEach(c -> header.append(",p_").append(c));
        o.println(header);
        Path dir = out != null ? out : runDir.resolve("predict");
        List<String> overlayNames = Overlays.fileNames(inputs);
        for (int i = 0; i < predictions.size(); i++) {
            Run.Prediction p = predictions.get(i);
            StringBuilder row = new StringBuilder(csv(p.input().toString())).append(',').append(csv(p.pred()))
                    .append(',').append(String.format(Locale.ROOT, "%.6f", p.score()));
            p.probabilities().values().forEach(v -> row.append(',').append(String.format(Locale.ROOT, "%.6f", v)));
            o.println(row);
            if (p.mask() != null) {
                Overlays.write(p.mask().image(), p.mask().mask(), null, p.mask().size(),
                        dir.resolve(overlayNames.get(i)));
            } else {
                LabelledImages.write(p, dir);
            }
        }
        o.flush();
        return 0;
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
