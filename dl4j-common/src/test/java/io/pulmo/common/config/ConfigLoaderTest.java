package io.pulmo.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path write(String fileName, String yaml) throws Exception {
        Path file = dir.resolve(fileName);
        Files.writeString(file, yaml);
        return file;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
    }

    private static ExperimentConfig single(ConfigLoader.Experiment e) {
        assertThat(e.ablation()).isFalse();
        assertThat(e.variants()).hasSize(1);
        assertThat(e.variants().get(0).name()).isNull();
        return e.variants().get(0).config();
    }

    @Test
    void loadsFileFillsDefaultsAndNamesItAfterTheStem() throws Exception {
        ConfigLoader.Experiment e = ConfigLoader.load(resource("quickstart.yaml"));
        ExperimentConfig c = single(e);

        assertThat(e.name()).isEqualTo("quickstart");
        assertThat(c.name()).isEqualTo("quickstart");
        assertThat(c.data().image()).isEqualTo(new ImageConfig(64, 1));
        assertThat(c.data().batch()).isEqualTo(8);
        assertThat(c.data().phantom()).isEqualTo(new PhantomConfig("xray", 40, 64, 7L));
        assertThat(c.optimizer().lr()).isEqualTo(1e-4);
        assertThat(c.optimizer().type()).isEqualTo("adam");
        assertThat(c.train().earlyStopping()).isEqualTo(new EarlyStoppingConfig("val_loss", 2));
        assertThat(c.seed()).isEqualTo(42L);
        assertThat(c.ui()).isEqualTo(new UiConfig());
    }

    @Test
    void storedNameWinsOverTheStem() throws Exception {
        Path file = write("config.yaml", "name: pneumonia-resnet\ntask: ct3d\n");
        ExperimentConfig c = single(ConfigLoader.load(file));
        assertThat(c.name()).isEqualTo("pneumonia-resnet");
        assertThat(c.task()).isEqualTo(Task.CT3D);
    }

    @Test
    void emptyFileIsAllDefaults() throws Exception {
        assertThat(single(ConfigLoader.load(write("empty.yaml", "# nothing\n")))).isEqualTo(new ExperimentConfig().withName("empty"));
    }

    @Test
    void overrideValuesAreTyped() {
        assertThat(ConfigLoader.scalar("1").isInt()).isTrue();
        assertThat(ConfigLoader.scalar("1e-4").doubleValue()).isEqualTo(1e-4);
        assertThat(ConfigLoader.scalar("0.001").isDouble()).isTrue();
        assertThat(ConfigLoader.scalar("true").isBoolean()).isTrue();
        assertThat(ConfigLoader.scalar("resnet34").textValue()).isEqualTo("resnet34");
        assertThat(ConfigLoader.scalar("[1,2]").isArray()).isTrue();
        assertThat(ConfigLoader.scalar("").isNull()).isTrue();
    }

    @Test
    void overridesApplyWithTheirTypesAndCreateAbsentSections() throws Exception {
        Path file = write("x.yaml", "train:\n  epochs: 20\n");
        ExperimentConfig c = single(ConfigLoader.load(file, List.of(
                "train.epochs=1", "optimizer.lr=1e-4", "ui.enabled=false", "data.phantom.n=50",
                "eval.tta=[hflip, vflip]", "data.split.ratios=[0.6,0.2,0.2]", "data.class_map.NORMAL=0")));

        assertThat(c.train().epochs()).isEqualTo(1);
        assertThat(c.optimizer().lr()).isEqualTo(1e-4);
        assertThat(c.ui().enabled()).isFalse();
        assertThat(c.data().phantom()).isEqualTo(new PhantomConfig("xray", 50, 64, 7L));
        assertThat(c.eval().tta()).containsExactly("hflip", "vflip");
        assertThat(c.data().split().ratios()).containsExactly(0.6, 0.2, 0.2);
        assertThat(c.data().classMap()).containsEntry("NORMAL", "0");
    }

    @Test
    void unknownFileKeyNamesKeyFileLineAndKnownKeys() throws Exception {
        Path file = write("quickstart.yaml", """
                name: q
                task: classification
                data:
                  layout: kaggle-xray
                  image:
                    size: 64
                  imgae:
                    channels: 1
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown config key 'data.imgae' at ")
                .hasMessageContaining("quickstart.yaml:7;")
                .hasMessageEndingWith("known under data: root, layout, image, batch, class_map, split, phantom, augment, sampler")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.key()).isEqualTo("data.imgae");
                    assertThat(ce.file()).contains(file);
                    assertThat(ce.line()).hasValue(7);
                });
    }

    @Test
    void unknownSetKeyListsTheKeysAtThatLevel() throws Exception {
        Path file = write("x.yaml", "name: x\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("train.epoch=3")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown config key 'train.epoch' (--set); "
                        + "known under train: epochs, early_stopping, checkpoint_metric, engine, parallel");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("trian.epochs=3")))
                .hasMessageStartingWith("unknown config key 'trian' (--set); known at top level: name, task, seed, data,");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("train.epochs.max=3")))
                .hasMessageContaining("'train.epochs.max'").hasMessageContaining("train.epochs takes a single value");
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("train.epochs")))
                .hasMessage("--set expects key=value, got 'train.epochs'");
    }

    @Test
    void badValuesNameKeyValueFileAndLine() throws Exception {
        Path negative = write("pneumonia.yaml", "data:\n  image:\n    size: -3\n");
        assertThatThrownBy(() -> ConfigLoader.load(negative))
                .isInstanceOf(ConfigException.class)
                .hasMessage("data.image.size must be positive, got -3 (" + negative + ":3)")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("data.image.size"));

        Path typo = write("x.yaml", "name: x\n\ntrain:\n  epochs: ten\n");
        assertThatThrownBy(() -> ConfigLoader.load(typo))
                .hasMessage("train.epochs: expected an integer, got 'ten' at " + typo + ":4");
        assertThatThrownBy(() -> ConfigLoader.load(typo, List.of("train.epochs=1.5")))
                .hasMessage("train.epochs: expected an integer, got '1.5' (--set)");
        assertThatThrownBy(() -> ConfigLoader.load(typo, List.of("train.epochs=2", "data.image.size=-3")))
                .hasMessage("data.image.size must be positive, got -3 (--set)");
        assertThatThrownBy(() -> ConfigLoader.load(typo, List.of("train.epochs=2", "task=detection")))
                .hasMessage("task must be one of classification, segmentation, ct3d, got 'detection' (--set)");
    }

    @Test
    void missingAndMalformedFilesAreOneLine() throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing)).hasMessage("config file not found: " + missing);

        Path broken = write("broken.yaml", "name: x\ndata:\n  image: [64\n  batch: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(broken))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("malformed YAML at " + broken + ":")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void ablationAppliesEachVariantThenTheCommandLine() throws Exception {
        ConfigLoader.Experiment e = ConfigLoader.load(resource("ablation.yaml"), List.of("train.epochs=1", "seed=5"));

        assertThat(e.ablation()).isTrue();
        assertThat(e.name()).isEqualTo("lr-sweep");
        assertThat(e.variants()).extracting(ConfigLoader.Variant::name).containsExactly("slow", "fast");
        ExperimentConfig slow = e.variants().get(0).config();
        ExperimentConfig fast = e.variants().get(1).config();
        assertThat(slow.optimizer().lr()).isEqualTo(1e-4);
        assertThat(fast.optimizer().lr()).isEqualTo(0.01);
        assertThat(slow.train().epochs()).as("--set wins over the variant's own train.epochs: 5").isEqualTo(1);
        assertThat(fast.train().epochs()).isEqualTo(1);
        assertThat(List.of(slow.seed(), fast.seed())).containsOnly(5L);
        assertThat(List.of(slow.name(), fast.name())).containsOnly("lr-sweep");
        assertThat(slow.data().phantom()).isEqualTo(new PhantomConfig("xray", 40, 32, 7L));
        assertThat(ConfigWriter.toYaml(slow)).doesNotContain("variants");
    }

    @Test
    void variantErrorsNameTheVariant() throws Exception {
        Path badName = write("abl.yaml", "variants:\n  ok: {train.epochs: 2}\n  \"bad/name\": {train.epochs: 3}\n");
        assertThatThrownBy(() -> ConfigLoader.load(badName))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("variant name 'bad/name' at " + badName + ":3")
                .hasMessageContaining("safe directory name");

        Path badKey = write("abl2.yaml", "variants:\n  a:\n    train.epochs: 2\n    train.epoch: 3\n");
        assertThatThrownBy(() -> ConfigLoader.load(badKey))
                .hasMessageStartingWith("unknown config key 'train.epoch' in variant 'a' at " + badKey + ":4; known under train:");
    }
}
