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

/** {@code pulmo compare} on hand-made run directories ({@code pulmo runs}: {@link RunsCommandTest}). */
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

        Fixtures.Cli one = Fixtures.pulmo("compare", cls.toString());
        assertThat(one.status()).isEqualTo(2);
        assertThat(one.err()).contains("compare needs at least two run directories").hasLineCount(1);

        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Fixtures.Cli notRun = Fixtures.pulmo("compare", cls.toString(), plain.toString());
        assertThat(notRun.status()).isEqualTo(2);
        assertThat(notRun.err()).contains("no run.json", tmp.resolve("plain").toString()).hasLineCount(1);
    }

    @Test
    void runsOfTheSameNameAreNamedBelowTheirCommonParentAndTheFilesListedLast() throws Exception {
        Path a = RunFixtures.classification(tmp.resolve("study/a/quick"), "0.001", 0.9, 0.75);
        Path b = RunFixtures.classification(tmp.resolve("study/b/quick"), "0.003", 0.8, 0.875);

        Fixtures.Cli cli = Fixtures.pulmo("compare", a.toString(), b.toString());

        assertThat(cli.status()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("| a/quick | finished |", "| b/quick | finished |");
        List<String> lines = cli.out().strip().lines().toList();
        Path study = tmp.resolve("study").toAbsolutePath();
        assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly(
                "compare.csv: " + study.resolve("compare.csv"), "compare.html: " + study.resolve("compare.html"));
        String html = Files.readString(study.resolve("compare.html"));
        assertThat(html).contains("<tr data-run=\"a/quick\">", "<polyline data-run=\"b/quick\"")
                .doesNotContainPattern("(src|href)\\s*=\\s*\"?(https?:)?//");
    }
}
