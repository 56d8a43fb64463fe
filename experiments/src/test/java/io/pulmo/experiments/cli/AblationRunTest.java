package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulmo.common.run.HistoryCsv;
import io.pulmo.common.run.HistoryRow;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.experiments.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Sweeps, {@code --dry-run}, and {@code --resume} of ablations: finished variants skipped, interrupted ones continued. */
class AblationRunTest {

    @TempDir
    Path tmp;

    private Path sweepConfig(int epochs) throws Exception {
        Path data = Fixtures.xray(tmp.resolve("xray"), 120, 32, 5);
        return Fixtures.config(tmp, "grid", data, 32, epochs, "sweep:\n  optimizer.lr: [0.001, 0.003]\n");
    }

    @Test
    void dryRunPrintsEveryRunWithItsDifferingKeysAndTrainsNothing() throws Exception {
        Path config = sweepConfig(2);
        Path runs = tmp.resolve("runs");

        Fixtures.Cli cli = Fixtures.pulmo("run", config.toString(), "--dry-run", "--out", runs.toString(),
                "--set", "train.epochs=3");

        assertThat(cli.status()).as(cli.err()).isZero();
        assertThat(cli.out().lines().toList()).containsExactly(
                "lr-0.001  optimizer.lr=0.001",
                "lr-0.003  optimizer.lr=0.003",
                "2 runs of grid, differing in optimizer.lr; nothing trained (--dry-run)");
        assertThat(runs).doesNotExist();
    }

    @Test
    void dryRunDiffersOnResolvedValuesAcrossVariantsCrossedWithASweep() throws Exception {
        Path config = Fixtures.config(tmp, "cross", tmp.resolve("no-data-needed"), 32, 2, """
                variants:
                  same: {optimizer.lr: 0.001}
                  wide: {model.base: 16, optimizer.weight_decay: 1e-4}
                sweep:
                  train.epochs: [1, 3]
                """);

        Fixtures.Cli cli = Fixtures.pulmo("run", config.toString(), "--dry-run", "--set", "data.batch=4");

        assertThat(cli.status()).as(cli.err()).isZero();
        assertThat(cli.out().lines().toList()).as("'same' sets the base's optimizer.lr; numbers in plain decimals")
                .containsExactly(
                        "same_epochs-1  model.base=8   optimizer.weight_decay=0.0     train.epochs=1",
                        "same_epochs-3  model.base=8   optimizer.weight_decay=0.0     train.epochs=3",
                        "wide_epochs-1  model.base=16  optimizer.weight_decay=0.0001  train.epochs=1",
                        "wide_epochs-3  model.base=16  optimizer.weight_decay=0.0001  train.epochs=3",
                        "4 runs of cross, differing in model.base, optimizer.weight_decay, train.epochs; "
                                + "nothing trained (--dry-run)");

        Fixtures.Cli some = Fixtures.pulmo("run", config.toString(), "--dry-run", "--variant", "wide_epochs-3",
                "--variant", "same_epochs-3", "--set", "optimizer.weight_decay=0.01");
        assertThat(some.out().lines().toList()).as("--variant keeps the config's order; --set comes last")
                .containsExactly(
                        "same_epochs-3  model.base=8",
                        "wide_epochs-3  model.base=16",
                        "2 runs of cross, differing in model.base; nothing trained (--dry-run)");
    }

    @Test
    void dryRunOfAPlainConfigIsOneLine() throws Exception {
        Path config = Fixtures.config(tmp, "single", tmp.resolve("no-data-needed"), 32, 2, null);
        Path runs = tmp.resolve("runs");

        Fixtures.Cli cli = Fixtures.pulmo("run", config.toString(), "--dry-run", "--out", runs.toString());

        assertThat(cli.status()).as(cli.err()).isZero();
        assertThat(cli.out().lines().toList()).containsExactly("single", "1 run of single; nothing trained (--dry-run)");
        assertThat(runs).doesNotExist();
    }

    @Test
    void resumeRefusesARunWhoseProcessIsAliveBeforeTrainingAnything() throws Exception {
        Path config = sweepConfig(2);
        Path runs = tmp.resolve("runs");
        Path live = Files.createDirectories(runs.resolve("grid/lr-0.003"));
        ObjectNode info = new ObjectMapper().createObjectNode().put("name", "grid").put("status", "running")
                .put("config_hash", "whatever").put("seed", 42).put("host", InetAddress.getLocalHost().getHostName())
                .put("pid", ProcessHandle.current().pid());
        Files.writeString(live.resolve("run.json"), info.toString());

        Fixtures.Cli cli = Fixtures.pulmo("run", config.toString(), "--out", runs.toString(), "--no-ui", "--resume");

        assertThat(cli.status()).isEqualTo(2);
        assertThat(cli.err().strip()).isEqualTo("error: --resume: " + live + " is still running (process "
                + ProcessHandle.current().pid() + " on " + InetAddress.getLocalHost().getHostName()
                + "); stop it first, or resume once it has ended");
        assertThat(runs.resolve("grid/lr-0.001")).as("the variant before it did not start").doesNotExist();
    }

    @Test
    void aFailedVariantIsRecordedAndResumeSkipsFinishedOnesAndContinuesAnInterruptedOne() throws Exception {
        Path data = Fixtures.xray(tmp.resolve("xray"), 120, 32, 5);
        Path config = Fixtures.config(tmp, "abl", data, 32, 2, """
                variants:
                  slow: {optimizer.lr: 0.001}
                  broken: {model.pretrained: %s}
                  fast: {optimizer.lr: 0.003}
                """.formatted(tmp.resolve("no-such-run")));
        Path runs = tmp.resolve("runs");
        Fixtures.Cli first = Fixtures.pulmo("run", config.toString(), "--out", runs.toString(), "--no-ui");

        assertThat(first.status()).isEqualTo(2);
        assertThat(first.err()).contains("variant broken failed").contains("no-such-run")
                .contains("1 of 3 variants failed");
        Path done = runs.resolve("abl/slow");
        Path cut = runs.resolve("abl/fast");
        Path broken = runs.resolve("abl/broken");
        assertThat(new RunDirectory(broken).readInfo().status()).isEqualTo("failed");
        assertThat(new RunDirectory(broken).readInfo().error()).contains("no-such-run");
        assertThat(new RunDirectory(done).readInfo().status()).isEqualTo("finished");
        assertThat(new RunDirectory(cut).readInfo().status()).as("the variant after the failed one still ran")
                .isEqualTo("finished");
        FileTime doneAt = Files.getLastModifiedTime(done.resolve("metrics.json"));

        // As if killed (SIGKILL) after its last epoch: still "running", its process gone, no metrics yet.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ObjectNode info = (ObjectNode) new ObjectMapper().readTree(cut.resolve("run.json").toFile());
        info.put("status", "running").put("pid", gone.pid()).remove("end_time");
        Files.writeString(cut.resolve("run.json"), info.toString());
        Files.delete(cut.resolve("metrics.json"));
        assertThat(new RunDirectory(cut).readInfo().liveStatus()).isEqualTo("interrupted");
        List<HistoryRow> trained = HistoryCsv.read(cut.resolve("history.csv"));

        Fixtures.Cli resumed = Fixtures.pulmo("run", config.toString(), "--out", runs.toString(), "--no-ui", "--resume");

        assertThat(resumed.status()).isEqualTo(2);
        assertThat(resumed.err()).contains("1 of 3 variants failed");
        assertThat(resumed.out()).contains("skip slow: finished", "run: " + cut);
        assertThat(Files.getLastModifiedTime(done.resolve("metrics.json"))).isEqualTo(doneAt);
        assertThat(new RunDirectory(cut).readInfo().status()).isEqualTo("finished");
        assertThat(cut.resolve("metrics.json")).isRegularFile();
        assertThat(HistoryCsv.read(cut.resolve("history.csv"))).as("continued from its checkpoint, not retrained")
                .isEqualTo(trained);
        assertThat(new RunDirectory(cut).readInfo().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(runs.resolve("abl")).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith("-2"));
    }

    @Test
    void sigtermMarksTheRunInterruptedAndResumeContinuesFromItsCheckpoint() throws Exception {
        Path data = Fixtures.xray(tmp.resolve("xray"), 160, 32, 5);
        Path config = Fixtures.config(tmp, "long", data, 32, 8, null);
        Path runs = tmp.resolve("runs");
        Path run = runs.resolve("long");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.pulmo.experiments.cli.PulmoCli",
                "run", config.toString(), "--out", runs.toString(), "--no-ui"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "2");
        Process child = pb.start();
        try {
            long deadline = System.currentTimeMillis() + 180_000;
            while (!(Files.isRegularFile(run.resolve("history.csv"))
                    && Files.isRegularFile(run.resolve("checkpoints/state.json")))) {
                assertThat(child.isAlive()).as("the child ended early: " + Files.readString(tmp.resolve("child.log"))).isTrue();
                assertThat(System.currentTimeMillis()).as("no epoch within 3 minutes").isLessThan(deadline);
                Thread.sleep(100);
            }
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
            child.onExit().get(60, TimeUnit.SECONDS); // never two trainings at once
        }
        assertThat(new RunDirectory(run).readInfo().status()).isEqualTo("interrupted");
        assertThat(run.resolve("metrics.json")).doesNotExist();
        List<HistoryRow> before = HistoryCsv.read(run.resolve("history.csv"));
        assertThat(before).hasSizeBetween(1, 7);

        Fixtures.Cli resumed = Fixtures.pulmo("run", config.toString(), "--out", runs.toString(), "--no-ui", "--resume");

        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(new RunDirectory(run).readInfo().status()).isEqualTo("finished");
        List<HistoryRow> after = HistoryCsv.read(run.resolve("history.csv"));
        assertThat(after).extracting(HistoryRow::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(after.subList(0, before.size())).as("epochs before the signal are kept, not retrained")
                .isEqualTo(before);
    }
}
