package io.pulmo.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {

    @TempDir
    Path dir;

    @Test
    void writeThenLoadGivesAnEqualConfig() throws Exception {
        Map<String, String> classMap = new LinkedHashMap<>();
        classMap.put("PNEUMONIA", "1");
        classMap.put("NORMAL", "0");
        ExperimentConfig config = new ExperimentConfig("round-trip", Task.SEGMENTATION, 7L,
                new DataConfig(Path.of("data/xray"), "image-folder", new ImageConfig(128, 3), 4, classMap,
                        new SplitConfig("ratios", List.of(0.7, 0.2, 0.1), 11L, "none"), new PhantomConfig("luna", 5, 32, 3L)),
                new ModelConfig("unet", 64, 2, "linear", 0.25, "none"),
                new LossConfig("focal", 3.0, 0.25, 2.0, 1.0, 1e-5),
                new OptimizerConfig("adamw", 1e-4, 0.9, 1e-2),
                new ScheduleConfig("cosine", 20, 0.5, 2, 5),
                new TrainConfig(3, new EarlyStoppingConfig("val_auc", 2), "val_auc", "local", new ParallelConfig(4, 2)),
                new EvalConfig(0.4, List.of("hflip")),
                new UiConfig(false, 9100));
        Path file = dir.resolve("run/config.yaml");

        ConfigWriter.write(config, file);
        ConfigLoader.Experiment back = ConfigLoader.load(file);

        assertThat(back.variants()).singleElement().satisfies(v -> {
            assertThat(v.name()).isNull();
            assertThat(v.config()).isEqualTo(config);
            assertThat(v.config().data().classMap().keySet()).containsExactly("PNEUMONIA", "NORMAL");
            assertThat(v.config().hash()).isEqualTo(config.hash());
        });
        assertThat(back.name()).isEqualTo("round-trip");
        String yaml = Files.readString(file);
        assertThat(yaml).contains("name: round-trip", "task: segmentation", "root: data/xray", "class_map:",
                "pos_weight: 3.0", "weight_decay: 0.01", "t_max: 20", "early_stopping:", "averaging_frequency: 2");
    }

    @Test
    void yamlKeysFollowTheRecordsDeclarationOrder() throws Exception {
        ExperimentConfig config = new ExperimentConfig(null, null, 1L,
                new DataConfig(Path.of("d"), null, null, 2, Map.of("a", "b"), new SplitConfig(null, null, 3L, null),
                        new PhantomConfig(), new AugmentConfig(10, 0.5, 5, 0.1, List.of(0.8, 1.0), 0.2, 0.2,
                        List.of(0.1, 2.0), 0.1), "weighted"),
                new ModelConfig("keras-cnn", 8, 2, "linear", 0.5, "none", List.of(0.1, 0.2, 0.3), 0),
                new LossConfig("ce", 2.0, 0.5, 2, 1, 1, "balanced", List.of(1.0, 2.0)), null, new ScheduleConfig("cosine", 5, 0.1, 3, 10),
                new TrainConfig(1, new EarlyStoppingConfig(), "val_loss", "local", new ParallelConfig()), null, null);
        config = config.with(config.data(), config.model(), new Ct3dConfig("segment", 100, null, 0.5, 0.5, null));
        assertKeyOrder(ConfigMappers.YAML.readTree(ConfigWriter.toYaml(config)), ExperimentConfig.class);
    }

    private static void assertKeyOrder(JsonNode node, Class<?> record) {
        List<String> written = new ArrayList<>();
        node.fieldNames().forEachRemaining(written::add);
        assertThat(written).as(record.getSimpleName()).containsExactlyElementsOf(ConfigSchema.keys(record).keySet());
        ConfigSchema.keys(record).forEach((key, type) -> {
            if (ConfigSchema.isSection(type)) {
                assertKeyOrder(node.get(key), ConfigSchema.raw(type));
            }
        });
    }

    @Test
    void defaultsAreWrittenOutAndNullsOmitted() {
        String yaml = ConfigWriter.toYaml(new ExperimentConfig());
        assertThat(yaml).contains("name: experiment", "seed: 42", "layout: kaggle-xray", "size: 224", "batch: 16",
                "lr: 0.001", "epochs: 10", "checkpoint_metric: val_loss", "port: 9000");
        assertThat(yaml).doesNotContain("null", "phantom", "pos_weight", "variants", "early_stopping", "root");
        assertThat(yaml.indexOf("name:")).isLessThan(yaml.indexOf("task:"));
    }
}
