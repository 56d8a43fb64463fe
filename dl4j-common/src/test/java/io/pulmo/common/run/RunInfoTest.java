package io.pulmo.common.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run.json}'s process id, and the status a killed process left read as {@code interrupted}. */
class RunInfoTest {

    /** The id of a process that has ended (and, just after, is not reused). */
    private static long deadPid;

    @TempDir
    Path tmp;

    @BeforeAll
    static void endAProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        deadPid = p.pid();
    }

    private static RunInfo record(String status, String host, Long pid) {
        return new RunInfo("exp", null, "classification", status, null, "abc123", 42L, "0123", "1.0.0-M2.1", "CPU",
                "CPU", "17", host, pid, "2024-05-01T10:00:00Z", null, null, null);
    }

    @Test
    void aRunningRecordWhoseProcessIsGoneIsInterrupted() {
        assertThat(record(RunInfo.RUNNING, Provenance.host(), deadPid).liveStatus()).isEqualTo(RunInfo.INTERRUPTED);
    }

    @Test
    void aRunningRecordOfALiveProcessIsRunning() {
        long self = ProcessHandle.current().pid();
        assertThat(record(RunInfo.RUNNING, Provenance.host(), self).liveStatus()).isEqualTo(RunInfo.RUNNING);
    }

    @Test
    void anotherHostsProcessCannotBeCheckedSoTheRecordStands() {
        assertThat(record(RunInfo.RUNNING, Provenance.host() + "-elsewhere", deadPid).liveStatus())
                .isEqualTo(RunInfo.RUNNING);
    }

    @Test
    void endedStatesAreTheirOwnWhateverTheProcess() {
        for (String status : new String[] {RunInfo.FINISHED, RunInfo.FAILED, RunInfo.INTERRUPTED}) {
            assertThat(record(status, Provenance.host(), deadPid).liveStatus()).isEqualTo(status);
        }
    }

    @Test
    void recordsWithoutAPidStillReadAndKeepTheirStatus() throws IOException {
        Path json = tmp.resolve("run.json");
        Files.writeString(json, """
                {"name": "old", "task": "classification", "status": "running", "config_hash": "abc", "seed": 1,
                 "host": "%s", "start_time": "2024-05-01T10:00:00Z"}
                """.formatted(Provenance.host()));

        RunInfo old = new RunDirectory(tmp).readInfo();

        assertThat(old.pid()).isNull();
        assertThat(old.liveStatus()).isEqualTo(RunInfo.RUNNING);
    }

    @Test
    void thePidIsWrittenAsPidAndLeftOutWhenUnknown() throws IOException {
        RunDirectory run = new RunDirectory(tmp);

        run.writeInfo(record(RunInfo.RUNNING, "h", 4242L));
        assertThat(Files.readString(run.runJson())).contains("\"pid\" : 4242");
        assertThat(run.readInfo().withPid(7).pid()).isEqualTo(7L);

        run.writeInfo(record(RunInfo.RUNNING, "h", null));
        assertThat(Files.readString(run.runJson())).doesNotContain("pid");
    }
}
