package io.pulmo.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentConfigTest {

    @Test
    void defaultsAreFilledEverywhere() {
        ExperimentConfig c = new ExperimentConfig(null, null, (Long) null, null, null, null, null, null, null, null, null);

        assertThat(c.name()).isEqualTo("experiment");
        assertThat(c.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(c.seed()).isEqualTo(42L);
        assertThat(c.data().root()).isNull();
        assertThat(c.data().layout()).isEqualTo("kaggle-xray");
        assertThat(c.data().image()).isEqualTo(new ImageConfig(224, 1));
        assertThat(c.data().batch()).isEqualTo(16);
        assertThat(c.data().classMap()).isEmpty();
        assertThat(c.data().split()).isEqualTo(new SplitConfig("folders", List.of(0.8, 0.1, 0.1), null, "patient"));
        assertThat(c.data().phantom()).isNull();
        assertThat(c.model()).isEqualTo(new ModelConfig("keras-cnn", 16, 2, "linear", 0.0, "none"));
        assertThat(c.loss()).isEqualTo(new LossConfig("ce", null, null, 2.0, 1.0, 1.0));
        assertThat(c.optimizer()).isEqualTo(new OptimizerConfig("adam", 1e-3, 0.9, 0.0));
        assertThat(c.schedule()).isEqualTo(new ScheduleConfig("none", null, 0.1, 3, 10));
        assertThat(c.train()).isEqualTo(new TrainConfig(10, null, "val_loss", "local", null));
        assertThat(c.eval()).isEqualTo(new EvalConfig(0.5, List.of()));
        assertThat(c.ui()).isEqualTo(new UiConfig(true, 9000));
        assertThat(new PhantomConfig()).isEqualTo(new PhantomConfig("xray", 400, 64, 7L));
        assertThat(new EarlyStoppingConfig()).isEqualTo(new EarlyStoppingConfig("val_loss", 5));
        assertThat(new ParallelConfig()).isEqualTo(new ParallelConfig(2, 1));
        assertThat(c).isEqualTo(new ExperimentConfig());
    }

    @Test
    void validationNamesKeyValueAndExpectation() {
        assertThatThrownBy(() -> new ImageConfig(-3, 1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("data.image.size must be positive, got -3")
                .extracting(e -> ((ConfigException) e).key()).isEqualTo("data.image.size");
        assertThatThrownBy(() -> new ImageConfig(64, 2)).hasMessageContaining("data.image.channels must be 1, 3 or an odd number of CT context slices up to 31, got 2");
        assertThatThrownBy(() -> new SplitConfig("ratios", List.of(0.5, 0.1, 0.1), null, null))
                .hasMessageContaining("data.split.ratios must sum to 1");
        assertThatThrownBy(() -> new OptimizerConfig("adagrad", 1e-3, 0.9, 0))
                .hasMessage("optimizer.type must be one of sgd, adam, adamw, got 'adagrad'");
        assertThatThrownBy(() -> new EvalConfig(1.0, List.of())).hasMessageContaining("eval.threshold must be in (0.0, 1.0)");
        assertThatThrownBy(() -> new UiConfig(true, 70000)).hasMessage("ui.port must be in 1..65535, got 70000");
        assertThatThrownBy(() -> new ModelConfig("keras-cnn", 16, 1, "linear", 0, "none"))
                .hasMessage("model.classes must be at least 2, got 1");
        assertThatThrownBy(() -> Task.of("detection")).hasMessage("task must be one of classification, segmentation, ct3d, got 'detection'");
    }

    @Test
    void classMapKeepsItsOrderAndIsImmutable() {
        Map<String, String> in = new java.util.LinkedHashMap<>();
        in.put("PNEUMONIA", "pneumonia");
        in.put("NORMAL", "normal");
        DataConfig d = new DataConfig(null, null, null, 16, in, null, null);
        assertThat(d.classMap().keySet()).containsExactly("PNEUMONIA", "NORMAL");
        assertThatThrownBy(() -> d.classMap().put("X", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void hashIsStableAndChangesWithAnyValue() {
        ExperimentConfig a = new ExperimentConfig();
        ExperimentConfig b = new ExperimentConfig();
        ExperimentConfig other = new ExperimentConfig(null, null, 43L, null, null, null, null, null, null, null, null);

        assertThat(a.hash()).matches("[0-9a-f]{64}").isEqualTo(b.hash()).isEqualTo(a.hash());
        assertThat(other.hash()).isNotEqualTo(a.hash());
        assertThat(a.withName("renamed").hash()).isNotEqualTo(a.hash());
        assertThat(ConfigWriter.toJson(a)).startsWith("{\"checkpoints\":{\"keep_improved\":5},\"data\":{\"augment\":{").doesNotContain("null").doesNotContain("\n");
    }

    @Test
    void withNameReplacesOnlyTheName() {
        ExperimentConfig c = new ExperimentConfig().withName("pneumonia");
        assertThat(c.name()).isEqualTo("pneumonia");
        assertThat(c.withName("experiment")).isEqualTo(new ExperimentConfig());
        assertThatThrownBy(() -> c.withName("a/b")).isInstanceOf(ConfigException.class).hasMessageContaining("name");
    }

    @Test
    void everyYamlKeyIsSnakeCase() {
        for (Class<?> record : List.of(ExperimentConfig.class, DataConfig.class, ImageConfig.class, SplitConfig.class,
                PhantomConfig.class, ModelConfig.class, LossConfig.class, OptimizerConfig.class, ScheduleConfig.class,
                TrainConfig.class, EarlyStoppingConfig.class, ParallelConfig.class, EvalConfig.class, UiConfig.class)) {
            var components = record.getRecordComponents();
            var keys = List.copyOf(ConfigSchema.keys(record).keySet());
            for (int i = 0; i < components.length; i++) {
                String snake = components[i].getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
                assertThat(keys.get(i)).as(record.getSimpleName() + "." + components[i].getName()).isEqualTo(snake);
            }
        }
    }
}
