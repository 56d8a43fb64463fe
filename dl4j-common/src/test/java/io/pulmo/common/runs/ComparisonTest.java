package io.pulmo.common.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.PulmoException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComparisonTest {

    private static Path segmentation(Path dir, String metricsJson) throws Exception {
        RunFixtures.run(dir, "segmentation", "finished", "name: " + dir.getFileName() + "\ntask: segmentation\n");
        Files.writeString(dir.resolve("metrics.json"), metricsJson);
        return dir;
    }

    @TempDir
    Path tmp;

    private Comparison twoRuns() throws Exception {
        Path runs = tmp.resolve("runs");
        RunFixtures.classification(runs.resolve("a"), "0.001", 0.912345678, 0.75);
        RunFixtures.classification(runs.resolve("b"), "0.003", 0.8, 0.875);
        Files.writeString(runs.resolve("b/config.yaml"), Files.readString(runs.resolve("b/config.yaml"))
                + "loss:\n  gamma: 2.0\n");
        return Comparison.of(RunStore.list(List.of(runs)));
    }

    @Test
    void differingKeysMetricsAndBest() throws Exception {
        Comparison c = twoRuns();

        assertThat(c.differingKeys()).containsExactly("optimizer.lr", "loss.gamma");
        assertThat(c.metrics()).containsExactly("accuracy", "auc", "val_loss_min");
        assertThat(c.best("auc")).hasValue(0);
        assertThat(c.best("accuracy")).hasValue(1);
        assertThat(c.lowerIsBetter("val_loss_min")).isTrue();
        assertThat(c.best("val_loss_min")).as("equal values: no best").isEmpty();
        assertThat(c.curveColumns()).containsExactly("val_loss", "val_accuracy", "val_auc", "train_loss");
    }

    @Test
    void markdownRoundsToFourDecimalsAndMarksTheBest() throws Exception {
        String md = twoRuns().markdown();

        assertThat(md.lines().findFirst().orElseThrow())
                .isEqualTo("| run | status | optimizer.lr | loss.gamma | accuracy | auc | val_loss_min |");
        assertThat(md).contains("| a | finished | 0.001 | – | 0.7500 [0.5000, 1.0000] | **0.9123 [0.6123, 0.9900]** | 0.2500 |")
                .contains("| b | finished | 0.003 | 2.0 | **0.8750 [0.5000, 1.0000]** | 0.8000 [0.6123, 0.9900] | 0.2500 |");
    }

    @Test
    void csvHoldsExactlyTheValuesOfEachMetricsJson() throws Exception {
        Comparison c = twoRuns();
        String[] lines = c.csv().split("\n");
        List<String> header = List.of(lines[0].split(","));
        ObjectMapper json = new ObjectMapper();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            JsonNode metrics = json.readTree(tmp.resolve("runs").resolve(cells[0]).resolve("metrics.json").toFile());
            for (String m : c.metrics()) {
                assertThat(Double.parseDouble(cells[header.indexOf(m)])).isEqualTo(metrics.get(m).asDouble());
            }
            assertThat(Double.parseDouble(cells[header.indexOf("auc_ci_lo")])).isEqualTo(0.61234567);
        }
    }

    @Test
    void lowerIsBetterForLossesAndABestNeedsTwoRuns() throws Exception {
        RunRecord s1 = RunStore.load(segmentation(tmp.resolve("s1"), "{\"dice\": 0.7, \"loss\": 0.2, \"only\": 1}"));
        RunRecord s2 = RunStore.load(segmentation(tmp.resolve("s2"), "{\"dice\": 0.8, \"loss\": 0.3, \"n\": 5}"));
        Comparison c = Comparison.of(List.of(s1, s2));

        assertThat(c.lowerIsBetter("loss")).isTrue();
        assertThat(c.lowerIsBetter("false_positives")).isTrue();
        assertThat(c.lowerIsBetter("error_rate")).isTrue();
        assertThat(c.lowerIsBetter("dice")).isFalse();
        assertThat(c.best("loss")).hasValue(0);
        assertThat(c.best("dice")).hasValue(1);
        assertThat(c.best("only")).as("one run has it").isEmpty();
        assertThat(c.metrics()).containsExactly("dice", "loss", "only");
        assertThat(c.markdown()).contains("| s1 | finished | 0.7000 | **0.2000** | 1.0000 |")
                .contains("| s2 | finished | **0.8000** | 0.3000 | – |");
    }

    @Test
    void csvIsQuotedAndLeavesMissingValuesEmpty() throws Exception {
        Path a = RunFixtures.run(tmp.resolve("a"), "segmentation", "finished", "ratios: [0.8, 0.1, 0.1]\nnote: null\n");
        Path b = RunFixtures.run(tmp.resolve("b"), "segmentation", "running", "ratios: [0.7, 0.2, 0.1]\nnote: \"say \\\"hi\\\"\"\n");
        Files.writeString(a.resolve("metrics.json"), "{\"dice\": 0.1}");

        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(Comparison.of(List.of(RunStore.load(a), RunStore.load(b))).csv())).getRecords();

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).toMap()).containsEntry("ratios", "[0.8, 0.1, 0.1]").containsEntry("note", "")
                .containsEntry("dice", "0.1").containsEntry("dice_ci_lo", "");
        assertThat(rows.get(1).toMap()).containsEntry("note", "say \"hi\"").containsEntry("status", "running")
                .containsEntry("dice", "");
    }

    @Test
    void noRunsIsRefused() {
        assertThatThrownBy(() -> Comparison.of(List.of())).isInstanceOf(PulmoException.class);
    }

    @Test
    void runsOfDifferentTasksAreRefused() throws Exception {
        RunRecord cls = RunStore.load(RunFixtures.classification(tmp.resolve("cls"), "0.1", 0.5, 0.5));
        RunRecord seg = RunStore.load(RunFixtures.segmentation(tmp.resolve("seg"), 0.7));
        assertThatThrownBy(() -> Comparison.of(List.of(cls, seg))).isInstanceOf(PulmoException.class)
                .hasMessage("cannot compare runs of different tasks: cls (classification), seg (segmentation)");
    }

    @Test
    void htmlIsSelfContainedWithOneLinePerRunPerChartAndRocForBinaryClassifiers() throws Exception {
        String html = CompareHtml.page(twoRuns(), "t");

        assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*\"?(https?:)?//").doesNotContain("<script", "<link");
        Matcher charts = Pattern.compile("<svg class=\"curve\" data-column=\"([^\"]+)\"(.*?)</svg>", Pattern.DOTALL).matcher(html);
        int n = 0;
        while (charts.find()) {
            n++;
            assertThat(charts.group(2)).contains("polyline data-run=\"a\"", "polyline data-run=\"b\"");
        }
        assertThat(n).isEqualTo(4);
        assertThat(html).contains("<svg class=\"roc\"", "a (AUC 0.7500)");
        assertThat(html).contains("<tr data-run=\"a\">", "<td class=\"best\">0.9123 [0.6123, 0.9900]</td>");

        RunRecord s1 = RunStore.load(RunFixtures.segmentation(tmp.resolve("s1"), 0.7));
        RunRecord s2 = RunStore.load(RunFixtures.segmentation(tmp.resolve("s2"), 0.8));
        assertThat(CompareHtml.page(Comparison.of(List.of(s1, s2)), "seg")).doesNotContain("class=\"roc\"");
    }

    @Test
    void unreadablePredictionsCostOnlyThatRunsRocCurve() throws Exception {
        Comparison c = twoRuns();
        Files.writeString(tmp.resolve("runs/b/predictions.csv"), "id,label,score,pred\nx,PNEUMONIA,oops,NORMAL\n");

        String html = CompareHtml.page(c, "t");

        Matcher roc = Pattern.compile("<svg class=\"roc\"(.*?)</svg>", Pattern.DOTALL).matcher(html);
        assertThat(roc.find()).isTrue();
        assertThat(roc.group(1)).contains("polyline data-run=\"a\"").doesNotContain("data-run=\"b\"");
    }

    @Test
    void everythingUserDerivedIsEscaped() throws Exception {
        String evil = "<script>alert(1)</script>";
        Path runs = tmp.resolve("runs");
        RunFixtures.classification(runs.resolve("x" + evil.replace("/", "")), "0.001", 0.9, 0.75);
        Path b = RunFixtures.classification(runs.resolve("b"), "0.003", 0.8, 0.875);
        Files.writeString(b.resolve("config.yaml"), "name: b\nnote: \"" + evil + "\"\n\"<b>key</b>\": 1\n");
        Files.writeString(b.resolve("metrics.json"), "{\"<img src=x onerror=alert(2)>\": 0.5, \"auc\": 0.8}");

        Comparison c = Comparison.of(RunStore.list(List.of(runs)));
        String html = CompareHtml.page(c, evil);

        assertThat(html).doesNotContain("<script", "<img", "<b>key").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("x&lt;script&gt;alert(1)&lt;script&gt;", "&lt;b&gt;key&lt;/b&gt;",
                        "&lt;img src=x onerror=alert(2)&gt;", "data-run=\"x&lt;script&gt;alert(1)&lt;script&gt;\"");
        assertThat(CompareHtml.fragment(c)).doesNotContain("<script", "<html", "<head")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
}
