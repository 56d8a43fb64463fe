package io.pulmo.experiments.cli;

import io.pulmo.experiments.ExperimentRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code pulmo} command line. Errors become one line on stderr and exit status 2; usage errors exit 2 too.
 * Tests call {@link #execute(String...)} in-process.
 */
@Command(name = "pulmo", mixinStandardHelpOptions = true, versionProvider = PulmoCli.Version.class,
        description = "Deeplearning4j research framework for lung imaging.",
        subcommands = {RunCommand.class, EvalCommand.class, PredictCommand.class, CompareCommand.class, RunsCommand.class, UiCommand.class,
                ModelCommand.class, PhantomCommand.class, Ct3dCommand.class, BenchCommand.class})
public final class PulmoCli implements Runnable {
    /** Exit status for bad input and failed work. */
    public static final int EXIT_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int status;
        try {
            status = execute(args);
        } catch (Error e) {
            // picocli hands only Exceptions to the handler; a JVM-level failure still gets one line
            System.err.println("error: " + ExperimentRunner.oneLine(e));
            status = EXIT_ERROR;
        }
        System.exit(status);
    }

    /** Runs a command line and returns its exit status. */
    public static int execute(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** The configured command line writing to the given streams (for tests). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PulmoCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + ExperimentRunner.oneLine(ex));
            commandLine.getErr().flush();
            return EXIT_ERROR;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage().replaceAll("\\s*\\R\\s*", " "));
            c.getErr().println("see '" + c.getCommandSpec().qualifiedName() + " --help'");
            c.getErr().flush();
            return EXIT_ERROR;
        });
        return cl;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PulmoCli.class.getPackage().getImplementationVersion();
            return new String[]{"pulmo " + (v == null ? "dev" : v) + ", DL4J "
                    + io.pulmo.common.run.Provenance.dl4jVersion()};
        }
    }
}
