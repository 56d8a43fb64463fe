package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pulmo.experiments.Run;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Re-evaluate a stored run into RUN_DIR/eval/<checkpoint>-<split>/ and print its metrics.json.")
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR")
    Path runDir;

    @Option(names = "--checkpoint", defaultValue = "best", description = "best, last, epoch-N or a file (default: ${DEFAULT-VALUE})")
    String checkpoint;

    @Option(names = "--split", defaultValue = "test", description = "train, val or test (default: ${DEFAULT-VALUE})")
    String split;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> metrics = Run.load(runDir).evaluate(checkpoint, split);
        spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(metrics));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
