package io.pulmo.common.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code run.json}: a run's provenance and state. {@code status} is {@code running}, {@code finished},
 * {@code failed} (with {@code error}) or {@code interrupted}. Times are ISO-8601 UTC. {@code host} and {@code pid} name
 * the process that last ran it ({@code pid} is absent, null, in records written before it was kept), so that a
 * {@code running} record left by a killed process reads as interrupted ({@link #liveStatus()}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "variant", "task", "status", "error", "config_hash", "seed", "git_commit", "dl4j_version",
        "backend", "backend_detail", "java_version", "host", "pid", "start_time", "end_time", "best_epoch", "epochs_trained"})
public record RunInfo(
        String name,
        String variant,
        String task,
        String status,
        String error,
        @JsonProperty("config_hash") String configHash,
        long seed,
        @JsonProperty("git_commit") String gitCommit,
        @JsonProperty("dl4j_version") String dl4jVersion,
        String backend,
        @JsonProperty("backend_detail") String backendDetail,
        @JsonProperty("java_version") String javaVersion,
        String host,
        Long pid,
        @JsonProperty("start_time") String startTime,
        @JsonProperty("end_time") String endTime,
        @JsonProperty("best_epoch") Integer bestEpoch,
        @JsonProperty("epochs_trained") Integer epochsTrained) {

    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";

    public RunInfo withStatus(String newStatus, String newError, String end) {
        return new RunInfo(name, variant, task, newStatus, newError, configHash, seed, gitCommit, dl4jVersion, backend,
                backendDetail, javaVersion, host, pid, startTime, end, bestEpoch, epochsTrained);
    }

    public RunInfo withEpochs(int best, int trained) {
        return new RunInfo(name, variant, task, status, error, configHash, seed, gitCommit, dl4jVersion, backend,
                backendDetail, javaVersion, host, pid, startTime, endTime, best, trained);
    }

    /** The same record, written by process {@code newPid} (a resumed run). */
    public RunInfo withPid(long newPid) {
        return new RunInfo(name, variant, task, status, error, configHash, seed, gitCommit, dl4jVersion, backend,
                backendDetail, javaVersion, host, newPid, startTime, endTime, bestEpoch, epochsTrained);
    }

    /**
     * The status as it is now: a {@code running} record whose process, on this host, is gone (killed without a chance
     * to record it, e.g. by SIGKILL) is {@code interrupted}; otherwise {@link #status()}.
     */
    public String liveStatus() {
        if (!RUNNING.equals(status) || pid == null || host == null || !host.equals(Provenance.host())) {
            return status;
        }
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return alive ? status : INTERRUPTED;
    }
}
