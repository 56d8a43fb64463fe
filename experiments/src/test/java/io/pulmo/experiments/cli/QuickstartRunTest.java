package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.metrics.ClassificationMetrics;
import io.pulmo.common.metrics.ClassificationReport;
import io.pulmo.common.run.HistoryCsv;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.run.RunInfo;
import io.pulmo.experiments.Fixtures;
import io.pulmo.experiments.Run;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One real training through the CLI entry point (the quickstart's model on a 500-image 64 px phantom, 12 epochs),
 * then every check that needs a trained run: learning bars, the run directory's files, metrics recomputed from
 * predictions, eval, predict, and the Run API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuickstartRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    Path root;
    Path run;
    Fixtures.Cli result;

    @BeforeAll
    void train() throws Exception {
        root = Fixtures.xray(tmp.resolve("chest_xray"), 500, 64, 7);
        Path config = Fixtures.config(tmp, "learn", root, 64, 12, null);
        result = Fixtures.pulmo("run", config.toString(), "--out", tmp.resolve("runs").toString());
        assertThat(result.status()).as(result.err()).isZero();
        run = result.lastRun();
    }

    @Test
    void learnsThePhantomFarAboveTheMajorityClass() throws Exception {
        Map<?, ?> m = JSON.readValue(run.resolve("metrics.json").toFile(), Map.class);
        assertThat(((Number) m.get("accuracy")).doubleValue()).isGreaterThanOrEqualTo(0.90); // majority: 0.75
        assertThat(((Number) m.get("auc")).doubleValue()).isGreaterThanOrEqualTo(0.95);
        assertThat(((Number) m.get("specificity")).doubleValue()).as("NORMAL recall").isGreaterThanOrEqualTo(0.7);
        assertThat(m.get("classes")).isEqualTo(List.of("NORMAL", "PNEUMONIA"));
        assertThat(m.get("positive_class")).isEqualTo("PNEUMONIA");
        Map<?, ?> ci = (Map<?, ?>) m.get("ci95");
        List<?> acc = (List<?>) ci.get("accuracy");
        assertThat(((Number) acc.get(0)).doubleValue()).isLessThanOrEqualTo(((Number) m.get("accuracy")).doubleValue());
        assertThat(((Number) acc.get(1)).doubleValue()).isGreaterThanOrEqualTo(((Number) m.get("accuracy")).doubleValue());
    }

    @Test
    void writesTheRunDirectoryOfTheContract() throws Exception {
        assertThat(run.getFileName().toString()).isEqualTo("learn");
        for (String f : List.of("run.json", "config.yaml", "history.csv", "metrics.json", "predictions.csv",
                "checkpoints/best.zip", "checkpoints/last.zip", "checkpoints/state.json", "stats.bin", "curves.png",
                "confusion.png", "run.log", "classes.png", "samples.png")) {
            assertThat(run.resolve(f)).as(f).isNotEmptyFile();
        }
        RunInfo info = new RunDirectory(run).readInfo();
        assertThat(info.status()).isEqualTo(RunInfo.FINISHED);
        assertThat(info.seed()).isEqualTo(42);
        assertThat(info.dl4jVersion()).isEqualTo("1.0.0-M2.1");
        assertThat(info.backend()).isEqualToIgnoringCase("CPU");
        assertThat(info.startTime()).isNotBlank();
        assertThat(info.endTime()).isNotBlank();
        assertThat(HistoryCsv.read(run.resolve("history.csv"))).extracting(r -> r.epoch())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(Files.readAllLines(run.resolve("history.csv")).get(0))
                .isEqualTo("epoch,lr,train_loss,val_loss,val_accuracy,val_precision,val_recall,val_f1,val_auc");
        assertThat(ImageIO.read(run.resolve("curves.png").toFile()).getWidth()).isGreaterThan(400);
        // the resolved config reproduces the run: same hash, every default filled in
        var reloaded = ConfigLoader.load(run.resolve("config.yaml"), List.of()).variants().get(0).config();
        assertThat(reloaded.hash()).isEqualTo(info.configHash());
        assertThat(Files.readString(run.resolve("config.yaml"))).contains("checkpoint_metric").contains("weight_decay");
        assertThat(result.out()).contains("accuracy").contains("95% CI").contains("run directory");
    }

    @Test
    void metricsJsonEqualsMetricsRecomputedFromPredictions() throws Exception {
        Map<?, ?> m = JSON.readValue(run.resolve("metrics.json").toFile(), Map.class);
        List<String> classes = List.of("NORMAL", "PNEUMONIA");
        List<Integer> labels = new ArrayList<>();
        List<double[]> probs = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(run.resolve("predictions.csv"))) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
                double s = Double.parseDouble(r.get("score"));
                labels.add(classes.indexOf(r.get("label")));
                probs.add(new double[]{1 - s, s});
                assertThat(r.get("pred")).isEqualTo(s >= 0.5 ? "PNEUMONIA" : "NORMAL");
                assertThat(root.resolve(r.get("id"))).exists();
                assertThat(r.get("id")).startsWith("test/");
            }
        }
        ClassificationReport report = ClassificationMetrics.compute(labels.stream().mapToInt(i -> i).toArray(),
                probs.toArray(double[][]::new), classes, 1, 0.5);
        assertThat(((Number) m.get("n")).intValue()).isEqualTo(labels.size());
        for (String k : ClassificationReport.METRICS) {
            assertThat(((Number) m.get(k)).doubleValue()).as(k).isCloseTo(report.metric(k), within(1e-12));
        }
        assertThat(m.get("confusion")).isEqualTo(report.confusion().toLists().stream()
                .map(row -> row.stream().map(Long::intValue).toList()).toList());
    }

    @Test
    void evalReEvaluatesIntoItsOwnFolderAndLeavesTheRunAlone() throws Exception {
        long before = Files.getLastModifiedTime(run.resolve("metrics.json")).toMillis();
        Fixtures.Cli eval = Fixtures.pulmo("eval", run.toString(), "--checkpoint", "best");
        assertThat(eval.status()).as(eval.err()).isZero();
        Map<?, ?> printed = JSON.readValue(eval.out(), Map.class);
        Map<?, ?> stored = JSON.readValue(run.resolve("eval/best-test/metrics.json").toFile(), Map.class);
        Map<?, ?> top = JSON.readValue(run.resolve("metrics.json").toFile(), Map.class);
        assertThat(printed).isEqualTo(stored);
        assertThat(((Number) printed.get("accuracy")).doubleValue())
                .isCloseTo(((Number) top.get("accuracy")).doubleValue(), within(1e-9));
        assertThat(run.resolve("eval/best-test/predictions.csv")).isNotEmptyFile();
        assertThat(Files.getLastModifiedTime(run.resolve("metrics.json")).toMillis()).isEqualTo(before);

        Fixtures.Cli last = Fixtures.pulmo("eval", run.toString(), "--checkpoint", "last", "--split", "val");
        assertThat(last.status()).as(last.err()).isZero();
        assertThat(run.resolve("eval/last-val/metrics.json")).isNotEmptyFile();
    }

    @Test
    void predictScoresImagesLikeTheEvaluationAndWritesLabelledImages() throws Exception {
        Map<String, Double> stored = new java.util.HashMap<>();
        try (Reader in = Files.newBufferedReader(run.resolve("predictions.csv"))) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
                stored.put(r.get("id"), Double.parseDouble(r.get("score")));
            }
        }
        List<String> ids = stored.keySet().stream().sorted().limit(3).toList();
        List<String> args = new ArrayList<>(List.of("predict", run.toString()));
        ids.forEach(id -> args.add(root.resolve(id).toString()));
        args.addAll(List.of("--out", tmp.resolve("labelled").toString()));
        Fixtures.Cli p = Fixtures.pulmo(args.toArray(String[]::new));
        assertThat(p.status()).as(p.err()).isZero();
        String[] lines = p.out().strip().split("\\R");
        assertThat(lines[0]).isEqualTo("input,pred,score,p_NORMAL,p_PNEUMONIA");
        assertThat(lines).hasSize(4);
        for (int i = 0; i < 3; i++) {
            String[] cells = lines[i + 1].split(",");
            assertThat(Double.parseDouble(cells[2])).isCloseTo(stored.get(ids.get(i)), within(1e-5));
            String stem = Path.of(ids.get(i)).getFileName().toString().replace(".jpeg", ".png");
            assertThat(ImageIO.read(tmp.resolve("labelled").resolve(stem).toFile())).isNotNull();
        }
        Run api = Run.load(run);
        assertThat(api.predict(root.resolve(ids.get(0))).score()).isCloseTo(stored.get(ids.get(0)), within(1e-5));
        assertThat(((Number) api.metrics().get("auc")).doubleValue()).isGreaterThanOrEqualTo(0.95);
    }
}
