package io.pulmo.experiments.cli;

import io.pulmo.classification.model.Models;
import io.pulmo.common.backend.Backend;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.ct3d.Ct3dModels;
import io.pulmo.experiments.ModelSummary;
import io.pulmo.segmentation.model.SegmentationModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
        ModelSummary.print(spec.commandLine().getOut(), switch (c.task()) {
            case SEGMENTATION -> SegmentationModels.build(c);
            case CT3D -> Ct3dModels.build(c);
            default -> Models.build(c);
        });
        spec.commandLine().getOut().flush();
        return 0;
    }
}
