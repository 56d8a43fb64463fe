package io.pulmo.experiments.cli;

import io.pulmo.classification.model.Models;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.Ct3dConfig;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.config.ModelConfig;
import io.pulmo.common.config.Task;
import io.pulmo.experiments.Ct3dExperiment;
import io.pulmo.ct3d.Ct3dModels;
import io.pulmo.experiments.ModelSummary;
import io.pulmo.segmentation.model.SegmentationModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Build the model of a config without training; print one line per layer and the parameter counts.")
final class ModelCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() {
        ExperimentConfig c = ConfigLoader.load(config, overrides).variants().get(0).config();
        Backend.init();
        PrintWriter out = spec.commandLine().getOut();
        if (c.task() == Task.CT3D && Ct3dConfig.END_TO_END.equals(c.ct3dOrDefault().stage())) {
            // the pipeline's three networks, as `pulmo run` would train them into runs/<name>/
            Ct3dConfig.StagesConfig stages = c.ct3dOrDefault().stages();
            Path run = Path.of("runs", c.name());
            for (var s : List.of(List.of(Ct3dConfig.SEGMENT, stages.segment()), List.of(Ct3dConfig.NODULE,
                    stages.nodule()), List.of(Ct3dConfig.MALIGNANCY, stages.malignancy()))) {
                out.println("== stage " + s.get(0) + " (" + s.get(1) + ")");
                print(out, Ct3dExperiment.stageConfig(c, (Path) s.get(1), (String) s.get(0), run));
            }
        } else {
            print(out, c);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, ExperimentConfig c) {
        ModelConfig m = c.model();
        String pretrained = m.pretrained();
        if (c.task() == Task.CT3D && !ModelConfig.DEFAULT_PRETRAINED.equals(pretrained)
                && !Files.exists(Path.of(pretrained))) {
            // the malignancy stage starts from a nodule run that may not be trained yet: its architecture is the same
            out.println("pretrained: " + pretrained + " is not trained yet; shown with fresh weights and nothing frozen");
            c = c.with(c.data(), new ModelConfig(m.arch(), m.base(), m.classes(), m.head(), m.dropout(),
                    ModelConfig.DEFAULT_PRETRAINED, m.denseDropout(), 0), c.ct3d());
        }
        ModelSummary.print(out, switch (c.task()) {
            case SEGMENTATION -> SegmentationModels.build(c);
            case CT3D -> Ct3dModels.build(c);
            default -> Models.build(c);
        });
    }
}
