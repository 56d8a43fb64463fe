package io.pulmo.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.train.CheckpointListener;
import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.run.HistoryCsv;
import io.pulmo.common.run.HistoryRow;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.run.RunInfo;
import io.pulmo.common.train.TrainListener;
import io.pulmo.common.train.TrainingContext;
import io.pulmo.common.PulmoException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExperimentRunnerTest {
    @TempDir
    static Path tmp;
    static Path root;

    @BeforeAll
    static void phantom() throws Exception {
        root = Fixtures.xray(tmp.resolve("xray"), 80, 32, 5);
    }

    @Test
    void sameSeedAndThreadsGiveTheSameMetrics() throws Exception {
        Path config = Fixtures.config(tmp, "det", root, 32, 2, null);
        Path a = Fixtures.pulmo("run", config.toString(), "--out", tmp.resolve("det-a").toString()).lastRun();
        Path b = Fixtures.pulmo("run", config.toString(), "--out", tmp.resolve("det-b").toString()).lastRun();
        ObjectMapper json = new ObjectMapper();
        Map<?, ?> ma = json.readValue(a.resolve("metrics.json").toFile(), Map.class);
        Map<?, ?> mb = json.readValue(b.resolve("metrics.json").toFile(), Map.class);
        for (String k : List.of("accuracy", "precision", "recall", "specificity", "f1", "auc")) {
            assertThat(((Number) ma.get(k)).doubleValue()).as(k).isCloseTo(((Number) mb.get(k)).doubleValue(), within(1e-6));
        }
        List<HistoryRow> ha = HistoryCsv.read(a.resolve("history.csv"));
        List<HistoryRow> hb = HistoryCsv.read(b.resolve("history.csv"));
        for (int i = 0; i < ha.size(); i++) {
            assertThat(ha.get(i).trainLoss()).isCloseTo(hb.get(i).trainLoss(), within(1e-6));
            assertThat(ha.get(i).valLoss()).isCloseTo(hb.get(i).valLoss(), within(1e-6));
        }
        assertThat(Files.readAllLines(a.resolve("predictions.csv"))).isEqualTo(Files.readAllLines(b.resolve("predictions.csv")));
    }

    @Test
    void aRunKilledBetweenEpochsResumesWithContiguousHistoryAndItsUpdaterState() throws Exception {
        ExperimentConfig config = ConfigLoader.load(Fixtures.config(tmp, "resume", root, 32, 3, null), List.of())
                .variants().get(0).config();
        RunDirectory dir = ExperimentRunner.allocate(tmp.resolve("runs"), "resume", null, false);
        INDArray[] savedUpdater = new INDArray[1];
        TrainListener killAfterFirstEpoch = new TrainListener() {
            @Override
            public void onEpochEnd(TrainingContext ctx, HistoryRow row) {
                savedUpdater[0] = ctx.model().getUpdater().getStateViewArray().dup();
                throw new PulmoException("simulated kill after epoch " + row.epoch());
            }
        };
        assertThatThrownBy(() -> ExperimentRunner.run(config, dir, null, false, null, List.of(killAfterFirstEpoch)))
                .hasMessageContaining("simulated kill after epoch 1");
        assertThat(dir.readInfo().status()).isEqualTo(RunInfo.FAILED);
        assertThat(dir.metrics()).doesNotExist();
        assertThat(HistoryCsv.read(dir.history())).hasSize(1);

        ComputationGraph reloaded = CheckpointListener.restore(dir.checkpoints().resolve("last.zip"), true);
        assertThat(reloaded.getUpdater().getStateViewArray()).isEqualTo(savedUpdater[0]);
        assertThat(savedUpdater[0].sumNumber().doubleValue()).isNotZero();

        RunDirectory again = ExperimentRunner.allocate(tmp.resolve("runs"), "resume", null, true);
        assertThat(again.dir()).isEqualTo(dir.dir());
        RunResult result = ExperimentRunner.run(config, again, null, true, null);
        assertThat(result.info().status()).isEqualTo(RunInfo.FINISHED);
        assertThat(HistoryCsv.read(dir.history())).extracting(HistoryRow::epoch).containsExactly(1, 2, 3);
        assertThat(dir.metrics()).isNotEmptyFile();
    }

    @Test
    void resumeRefusesAChangedConfig() throws Exception {
        Path file = Fixtures.config(tmp, "changed", root, 32, 1, null);
        Path run = Fixtures.pulmo("run", file.toString(), "--out", tmp.resolve("ch").toString()).lastRun();
        Fixtures.Cli r = Fixtures.pulmo("run", file.toString(), "--out", tmp.resolve("ch").toString(), "--resume",
                "--set", "optimizer.lr=0.01");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--resume").contains("config differs");
        assertThat(run).exists();
    }

    @Test
    void anAblationRunsEveryVariantIntoItsOwnDirectory() throws Exception {
        Path file = Fixtures.config(tmp, "abl", root, 32, 1, """
                variants:
                  small-lr: {optimizer.lr: 0.0005}
                  large-lr: {optimizer.lr: 0.002}
                """);
        Fixtures.Cli r = Fixtures.pulmo("run", file.toString(), "--out", tmp.resolve("ab").toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("run: "))).hasSize(2);
        for (String v : List.of("small-lr", "large-lr")) {
            Path dir = tmp.resolve("ab/abl").resolve(v);
            assertThat(new RunDirectory(dir).readInfo().status()).isEqualTo(RunInfo.FINISHED);
            assertThat(new RunDirectory(dir).readInfo().variant()).isEqualTo(v);
            assertThat(dir.resolve("metrics.json")).isNotEmptyFile();
        }
        assertThat(Files.readString(tmp.resolve("ab/abl/small-lr/config.yaml"))).contains("5.0E-4");
        assertThat(Files.readString(tmp.resolve("ab/abl/large-lr/config.yaml"))).contains("0.002");
        // an existing directory is never reused: the second run of the same ablation gets -2
        Fixtures.Cli second = Fixtures.pulmo("run", file.toString(), "--out", tmp.resolve("ab").toString(),
                "--set", "train.epochs=1");
        assertThat(second.lastRun().getParent().getFileName().toString()).isEqualTo("abl-2");
    }
}
