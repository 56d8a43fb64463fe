package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.experiments.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pulmo bench}: one JSON line per workload with the PyTorch peer's fields (no timing is asserted). */
class BenchCommandTest {

    @TempDir
    Path tmp;

    @Test
    void quickSuiteWritesOneLinePerWorkloadWithThePeersFields() throws Exception {
        Path out = tmp.resolve("bench.jsonl");
        Fixtures.Cli cli = Fixtures.pulmo("bench", "--suite", "quick", "--model", "cnn3d", "--iters", "2",
                "--warmup", "1", "--out", out.toString());

        assertThat(cli.status()).as(cli.err()).isZero();
        List<String> lines = cli.out().lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).hasSize(2).isEqualTo(Files.readAllLines(out));
        ObjectMapper json = new ObjectMapper();
        JsonNode train = json.readTree(lines.get(0));
        JsonNode infer = json.readTree(lines.get(1));
        assertThat(train.get("model").asText()).isEqualTo("cnn3d");
        assertThat(train.get("mode").asText()).isEqualTo("train");
        assertThat(infer.get("mode").asText()).isEqualTo("infer");
        for (JsonNode r : List.of(train, infer)) {
            assertThat(r.get("batch").asInt()).isEqualTo(2);
            assertThat(r.get("iters").asInt()).isEqualTo(2);
            assertThat(r.get("sec_per_iter_median").asDouble()).isPositive();
            assertThat(r.get("sec_per_iter_min").asDouble()).isLessThanOrEqualTo(r.get("sec_per_iter_max").asDouble());
            assertThat(r.get("items_per_sec").asDouble())
                    .isCloseTo(2 / r.get("sec_per_iter").asDouble(), org.assertj.core.data.Percentage.withPercentage(0.1));
            // the book's LunaModel: 222,220 trainable parameters + BatchNorm's 2 running statistics
            assertThat(r.get("params").asLong()).isEqualTo(222_222L);
            assertThat(r.get("input_shape").toString()).isEqualTo("[2,1,32,48,48]");
        }
    }
}
