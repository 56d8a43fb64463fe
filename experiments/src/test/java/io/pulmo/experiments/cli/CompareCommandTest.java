package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.runs.RunFixtures;
import io.pulmo.experiments.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pulmo compare} and {@code pulmo runs} on hand-made run directories. */
class CompareCommandTest {

    @TempDir
    Path tmp;

    @Test
    void comparePrintsMarkdownAndWritesCsvAndHtml() throws Exception {
        Path ablation = tmp.resolve("runs/ablation");
        RunFixtures.classification(ablation.resolve("baseline"), "0.001", 0.9, 0.75);
        RunFixtures.classification(ablation.resolve("faster"), "0.003", 0.8, 0.875);

        Fixtures.Cli cli = Fixtures.pulmo("compare", ablation.resolve("baseline").toString(),
                ablation.resolve("faster").toString());

        assertThat(cli.status()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("| run | status | optimizer.lr | accuracy | auc | val_loss_min |",
                "| baseline | finished | 0.001 |", "**0.9000 [0.6123, 0.9900]**",
                "compare.csv: " + ablation.resolve("compare.csv").toAbsolutePath());
        List<String> csv = Files.readAllLines(ablation.resolve("compare.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        ObjectMapper json = new ObjectMapper();
        for (String line : csv.subList(1, csv.size())) {
            String[] cells = line.split(",", -1);
            JsonNode metrics = json.readTree(ablation.resolve(cells[0]).resolve("metrics.json").toFile());
            for (String m : List.of("accuracy", "auc", "val_loss_min")) {
                assertThat(Double.parseDouble(cells[header.indexOf(m)])).isEqualTo(metrics.get(m).asDouble());
            }
        }
        String html = Files.readString(ablation.resolve("compare.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<table class=\"compare\"", "<svg class=\"roc\"")
                .doesNotContain("<script");

        Path out = tmp.resolve("elsewhere");
        assertThat(Fixtures.pulmo("compare", ablation.resolve("baseline").toString(),
                ablation.resolve("faster").toString(), "--out", out.toString()).status()).isZero();
        assertThat(out.resolve("compare.html")).isRegularFile();
    }

    @Test
    void badInputIsAOneLineErrorWithStatus2() throws Exception {
        Path cls = RunFixtures.classification(tmp.resolve("cls"), "0.1", 0.5, 0.5);
        Path seg = RunFixtures.segmentation(tmp.resolve("seg"), 0.7);

        Fixtures.Cli mixed = Fixtures.pulmo("compare", cls.toString(), seg.toString());
        assertThat(mixed.status()).isEqualTo(2);
        assertThat(mixed.err().strip()).isEqualTo(
                "error: cannot compare runs of different tasks: cls (classification), seg (segmentation)");

        Fixtures.Cli missing = Fixtures.pulmo("compare", cls.toString(), tmp.resolve("nope").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("nope").hasLineCount(1);

        assertThat(Fixtures.pulmo("compare", cls.toString()).err()).contains("at least two run directories");
    }

    @Test
    void runsListsEveryRunWithStatusAndHeadline() throws Exception {
        Path runs = tmp.resolve("runs");
        RunFixtures.classification(runs.resolve("ablation/baseline"), "0.001", 0.9, 0.75);
        RunFixtures.run(runs.resolve("live"), "segmentation", "failed", "name: live\n");

        Fixtures.Cli cli = Fixtures.pulmo("runs", runs.toString());

        assertThat(cli.status()).isZero();
        List<String> lines = cli.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("RUN").contains("STATUS", "TASK", "HEADLINE");
        assertThat(lines.get(1)).matches("ablation/baseline\\s+finished\\s+classification\\s+auc=0\\.9000\\s+2026-11-22T10:05:00Z");
        assertThat(lines.get(2)).matches("live\\s+failed\\s+segmentation\\s+-\\s+2026-11-22T10:05:00Z");
        assertThat(Fixtures.pulmo("runs", Files.createDirectories(tmp.resolve("none")).toString()).out())
                .startsWith("no runs under");
    }
}
