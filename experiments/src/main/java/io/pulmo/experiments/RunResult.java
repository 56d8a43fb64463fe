package io.pulmo.experiments;

import io.pulmo.common.run.RunInfo;

import java.nio.file.Path;
import java.util.Map;

/**
 * One finished (or failed) run.
 *
 * @param dir     the run directory
 * @param info    its final {@code run.json}
 * @param metrics the content of {@code metrics.json}; empty when the run failed
 */
public record RunResult(Path dir, RunInfo info, Map<String, Object> metrics) {
}
