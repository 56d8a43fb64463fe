package io.pulmo.common.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.PulmoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path tmp;

    private static RunInfo running() {
        return new RunInfo("pneumonia", null, "classification", RunInfo.RUNNING, null, "abc123", 42L,
                "0123456789abcdef", "1.0.0-M2.1", "CPU", "CPU, 2 threads", "17.0.9", "host1",
                4242L, "2024-05-01T10:00:00Z", null, null, null);
    }

    @Test
    void allocateAddsASuffixToExistingNames() {
        Path out = tmp.resolve("runs");

        RunDirectory first = RunDirectory.allocate(out, "exp", false);
        RunDirectory second = RunDirectory.allocate(out, "exp", false);
        RunDirectory third = RunDirectory.allocate(out, "exp", false);

        assertThat(first.dir()).isEqualTo(out.resolve("exp")).isDirectory();
        assertThat(second.dir()).isEqualTo(out.resolve("exp-2")).isDirectory();
        assertThat(third.dir()).isEqualTo(out.resolve("exp-3")).isDirectory();
    }

    @Test
    void resumeRequiresRunJson() {
        Path out = tmp.resolve("runs");
        RunDirectory.allocate(out, "exp", false);

        assertThatThrownBy(() -> RunDirectory.allocate(out, "exp", true))
                .isInstanceOf(PulmoException.class)
                .hasMessage("--resume: no run to resume at " + out.resolve("exp") + " (no run.json)");
        assertThatThrownBy(() -> RunDirectory.allocate(out, "never", true))
                .isInstanceOf(PulmoException.class)
                .hasMessageContaining("no run.json");
        assertThat(out.resolve("never")).doesNotExist();
    }

    @Test
    void resumeReusesTheDirectory() {
        Path out = tmp.resolve("runs");
        RunDirectory.allocate(out, "exp", false).writeInfo(running());

        RunDirectory resumed = RunDirectory.allocate(out, "exp", true);

        assertThat(resumed.dir()).isEqualTo(out.resolve("exp"));
        assertThat(out.resolve("exp-2")).doesNotExist();
    }

    @Test
    void aRegularFileInTheOutputPathIsNamed() throws IOException {
        Path file = Files.writeString(tmp.resolve("notadir"), "x");
        Path out = file.resolve("runs");

        assertThatThrownBy(() -> RunDirectory.checkParent(out))
                .isInstanceOf(PulmoException.class)
                .hasMessage("output path is not a directory: " + file + " (--out " + out + ")");
        assertThatThrownBy(() -> RunDirectory.allocate(out, "exp", false))
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("output path is not a directory: " + file);
    }

    @Test
    void writeInfoThenReadInfoRoundTrips() throws IOException {
        RunDirectory run = RunDirectory.allocate(tmp, "exp", false);
        RunInfo info = running();

        run.writeInfo(info);

        assertThat(run.readInfo()).isEqualTo(info);
        String json = Files.readString(run.runJson());
        assertThat(json).contains("\"status\" : \"running\"", "\"config_hash\" : \"abc123\"", "\"seed\" : 42")
                .doesNotContain("\"error\"", "\"end_time\"");
    }

    @Test
    void statusChangesAreRewritten() {
        RunDirectory run = RunDirectory.allocate(tmp, "exp", false);
        RunInfo info = running();
        run.writeInfo(info);

        run.writeInfo(info.withEpochs(3, 5).withStatus(RunInfo.FAILED, "training diverged", "2024-05-01T11:00:00Z"));

        RunInfo back = run.readInfo();
        assertThat(back.status()).isEqualTo("failed");
        assertThat(back.error()).isEqualTo("training diverged");
        assertThat(back.endTime()).isEqualTo("2024-05-01T11:00:00Z");
        assertThat(back.bestEpoch()).isEqualTo(3);
        assertThat(back.epochsTrained()).isEqualTo(5);
        assertThat(back.startTime()).isEqualTo(info.startTime());

        run.writeInfo(back.withStatus(RunInfo.FINISHED, null, "2024-05-01T12:00:00Z"));
        assertThat(run.readInfo().status()).isEqualTo("finished");
        assertThat(run.readInfo().error()).isNull();
    }

    @Test
    void unreadableRunJsonIsNamed() throws IOException {
        RunDirectory run = RunDirectory.allocate(tmp, "exp", false);
        Files.writeString(run.runJson(), "{ not json");

        assertThatThrownBy(run::readInfo)
                .isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("unreadable run record " + run.runJson());
    }

    @Test
    void fileNamesFollowTheRunDirectoryTable() {
        RunDirectory run = new RunDirectory(tmp);

        assertThat(Map.of("run.json", run.runJson(), "config.yaml", run.configYaml(), "history.csv", run.history(),
                "metrics.json", run.metrics(), "predictions.csv", run.predictions(), "checkpoints", run.checkpoints(),
                "stats.bin", run.stats(), "curves.png", run.curves(), "confusion.png", run.confusion(),
                "run.log", run.log())).allSatisfy((name, path) -> assertThat(path).isEqualTo(tmp.resolve(name)));
    }
}
