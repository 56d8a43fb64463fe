package io.pulmo.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulmo.common.train.CheckpointListener;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.phantom.LunaPhantom;
import io.pulmo.experiments.Fixtures;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 003 end to end through {@code pulmo run}: the real stage configs ({@code configs/luna/*.yaml}) trained briefly on
 * a small LUNA phantom, then the pipeline on the test scans, and the ct3d stage commands on the finished run.
 */
class LunaEndToEndTest {
    private static final Path CONFIGS = Path.of("..", "configs", "luna");

    @TempDir
    Path tmp;

    /**
     * 12 scans of 64 × 64 pixels (6 train, 3 validation, 3 test), every stage reduced in width and trained a few short
     * epochs (about 3 minutes in all): the pipeline writes its files, diagnoses every test patient, and its candidates
     * find test nodules far above chance. Measured here: 3 of 5 test nodules among 41 candidates, CPM 0.11 (a
     * random point in the lungs lies within a nodule's radius about once in a thousand). Issue 5's CPM of 0.5 is not
     * reached at this training length: the heat map merges nodules with vessels it was never shown.
     */
    @Test
    @SuppressWarnings("unchecked")
    void thePipelineRunsEndToEndOnThePhantom() throws Exception {
        Path root = tmp.resolve("luna");
        LunaPhantom.write(root, 12, 64, 11);
        Path config = tmp.resolve("e2e.yaml");
        Files.writeString(config, String.join("\n",
                "name: e2e",
                "task: ct3d",
                "seed: 5",
                "data:",
                "  root: " + root,
                "  layout: luna",
                "  split: {ratios: [0.5, 0.25, 0.25]}",
                "ct3d:",
                "  stage: end-to-end",
                "  group: {erode: 0}",
                "  stages:",
                "    segment: " + CONFIGS.resolve("segment.yaml"),
                "    nodule: " + CONFIGS.resolve("nodule.yaml"),
                "    malignancy: " + CONFIGS.resolve("malignancy.yaml"),
                "    set:",
                "      segment: [train.epochs=10, ct3d.epoch_samples=1024, data.batch=32, data.image.size=32,"
                        + " model.base=4, optimizer.lr=0.01, train.checkpoint_metric=val_dice]",
                "      nodule: [train.epochs=3, ct3d.epoch_samples=512, data.batch=16, model.base=4,"
                        + " optimizer.type=adam, optimizer.lr=0.003, optimizer.momentum=0.9]",
                "      malignancy: [train.epochs=2, ct3d.epoch_samples=64, data.batch=16, model.base=4,"
                        + " optimizer.type=adam, optimizer.lr=0.001, optimizer.momentum=0.9]",
                ""));
        Path runs = tmp.resolve("runs");
        Fixtures.Cli r = Fixtures.pulmo("run", config.toString(), "--no-ui", "--out", runs.toString());
        assertThat(r.status()).as(r.err()).isZero();
        Path run = runs.resolve("e2e");

        @SuppressWarnings("unchecked")
        Map<String, Object> m = new ObjectMapper().readValue(run.resolve("metrics.json").toFile(), Map.class);
        assertThat(m.get("task")).isEqualTo("ct3d");
        assertThat(((Number) m.get("scans")).intValue()).isEqualTo(3);
        int nodules = ((Number) m.get("nodules")).intValue();
        assertThat(nodules).isPositive();
        assertThat(((Number) m.get("detected")).intValue()).as("test nodules hit by a candidate")
                .isGreaterThanOrEqualTo((nodules + 2) / 3);
        assertThat(((Number) m.get("cpm")).doubleValue()).as("CPM over the test scans").isGreaterThan(0.05);
        assertThat(((Map<String, ?>) m.get("froc")).keySet()).containsExactly("0.125", "0.25", "0.5", "1", "2", "4", "8");
        assertThat(((Map<String, ?>) m.get("stages")).keySet()).containsExactly("segment", "nodule", "malignancy");
        for (String stage : List.of("segment", "nodule", "malignancy")) {
            assertThat(run.resolve(stage).resolve("metrics.json")).isRegularFile();
            assertThat(run.resolve(stage).resolve("checkpoints/best.zip")).isRegularFile();
        }
        assertThat(run.resolve("froc.png")).isRegularFile();
        assertThat(run.resolve("confusion.txt")).content().contains("Non-Nodules", "Malignant");
        List<String> detections = Files.readAllLines(run.resolve("detections.csv"));
        assertThat(detections.get(0)).isEqualTo("seriesuid,coordX,coordY,coordZ,probability");
        assertThat(detections).hasSizeGreaterThan(1);
        List<String> patients = Files.readAllLines(run.resolve("predictions.csv"));
        assertThat(patients.get(0)).isEqualTo("id,label,score,pred");
        assertThat(patients).hasSize(4);
        Map<?, ?> diagnosis = (Map<?, ?>) m.get("diagnosis");
        assertThat(((Number) diagnosis.get("n")).intValue()).isEqualTo(3);

        // the malignancy model was fine-tuned from the nodule model: frozen blocks equal, the head retrained
        ComputationGraph nodule = CheckpointListener.restore(run.resolve("nodule/checkpoints/best.zip"), false);
        ComputationGraph malignancy = CheckpointListener.restore(run.resolve("malignancy/checkpoints/best.zip"), false);
        assertThat(malignancy.getLayer("block1_conv1").params()).isEqualTo(nodule.getLayer("block1_conv1").params());
        assertThat(malignancy.getLayer("output").params()).isNotEqualTo(nodule.getLayer("output").params());

        // the stage commands on the finished run
        String uid = patients.get(1).split(",")[0];
        Path volume = LunaVolumes.find(root, uid);
        Fixtures.Cli diagnose = Fixtures.pulmo("ct3d", "diagnose", "--model", run.toString(), volume.toString(),
                "--out", tmp.resolve("dx").toString());
        assertThat(diagnose.status()).as(diagnose.err()).isZero();
        List<String> dx = List.of(diagnose.out().strip().split("\\R"));
        assertThat(dx).hasSize(2);
        assertThat(dx.get(0)).isEqualTo("seriesuid,diagnosis,score,candidates,nodules");
        assertThat(diagnose.out()).contains(uid);
        assertThat(tmp.resolve("dx/detections.csv")).isRegularFile();

        Fixtures.Cli segment = Fixtures.pulmo("ct3d", "segment", "--model", run.toString(), volume.toString(),
                "--out", tmp.resolve("heat").toString());
        assertThat(segment.status()).as(segment.err()).isZero();
        Fixtures.Cli info = Fixtures.pulmo("ct3d", "info", tmp.resolve("heat").resolve(uid + ".mhd").toString());
        Fixtures.Cli ctInfo = Fixtures.pulmo("ct3d", "info", volume.toString());
        assertThat(info.out()).contains("\"element_type\":\"MET_FLOAT\"");
        assertThat(dims(info.out())).isEqualTo(dims(ctInfo.out()));

        Fixtures.Cli classify = Fixtures.pulmo("ct3d", "classify", "--model", run.toString(), "--candidates",
                root.resolve("annotations.csv").toString(), "--data", root.toString());
        assertThat(classify.status()).as(classify.err()).isZero();
        List<String> rows = List.of(classify.out().strip().split("\\R"));
        assertThat(rows.get(0)).isEqualTo("seriesuid,coordX,coordY,coordZ,probability");
        assertThat(rows).hasSize(Files.readAllLines(root.resolve("annotations.csv")).size());
    }

    private static String dims(String infoJson) {
        return infoJson.replaceAll("(?s).*\"dims\":(\\[[^]]*]).*", "$1");
    }
}
