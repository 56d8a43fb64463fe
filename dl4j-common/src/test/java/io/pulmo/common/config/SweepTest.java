package io.pulmo.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep:} grids expanded into variants before anything runs. */
class SweepTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("sweep.yaml");
        Files.writeString(file, "name: grid\ntask: classification\nloss: {type: focal}\n" + yaml);
        return file;
    }

    @Test
    void aGridBecomesOneVariantPerCombinationNamedAfterItsValues() throws Exception {
        ConfigLoader.Experiment e = ConfigLoader.load(write(
                "sweep:\n  optimizer.lr: [1e-3, 1e-4]\n  loss.gamma: [1.5, 2.0]\n"), List.of("train.epochs=1"));

        assertThat(e.ablation()).isTrue();
        assertThat(e.variants()).extracting(ConfigLoader.Variant::name)
                .containsExactly("lr-0.001_gamma-1.5", "lr-0.001_gamma-2.0", "lr-0.0001_gamma-1.5", "lr-0.0001_gamma-2.0");
        assertThat(e.variants()).extracting(v -> v.config().optimizer().lr()).containsExactly(1e-3, 1e-3, 1e-4, 1e-4);
        assertThat(e.variants()).extracting(v -> v.config().loss().gamma()).containsExactly(1.5, 2.0, 1.5, 2.0);
        assertThat(e.variants()).extracting(v -> v.config().train().epochs()).containsOnly(1);
    }

    @Test
    void variantsAreCrossedWithTheGridAndSetComesLast() throws Exception {
        ConfigLoader.Experiment e = ConfigLoader.load(write("""
                variants:
                  plain: {}
                  weighted: {loss.alpha: 0.25}
                sweep:
                  optimizer.lr: [0.01, 0.1]
                """), List.of("optimizer.lr=0.5"));

        assertThat(e.variants()).extracting(ConfigLoader.Variant::name)
                .containsExactly("plain_lr-0.01", "plain_lr-0.1", "weighted_lr-0.01", "weighted_lr-0.1");
        assertThat(e.variants().get(2).config().loss().alpha()).isEqualTo(0.25);
        assertThat(e.variants()).extracting(v -> v.config().optimizer().lr()).as("--set wins").containsOnly(0.5);
    }

    @Test
    void keysSharingALastSegmentKeepTheirWholeName() throws Exception {
        ConfigLoader.Experiment e = ConfigLoader.load(write(
                "sweep:\n  data.image.size: [32]\n  data.phantom.size: [48, 64]\n"));
        assertThat(e.variants()).extracting(ConfigLoader.Variant::name).containsExactly(
                "data.image.size-32_data.phantom.size-48", "data.image.size-32_data.phantom.size-64");
    }

    @Test
    void pointNamesAreSafeUniqueDirectoryNames() throws Exception {
        ConfigLoader.Experiment e = ConfigLoader.load(write("""
                sweep:
                  model.pretrained: [none, ../runs/a b, ../runs/a:b]
                  optimizer.lr: [3e-4, 1e-7, 2.5E-5, 10]
                """));

        List<String> names = e.variants().stream().map(ConfigLoader.Variant::name).toList();
        assertThat(names).hasSize(12).doesNotHaveDuplicates().allMatch(n -> n.matches("[A-Za-z0-9._-]+"));
        assertThat(names).startsWith("pretrained-none_lr-0.0003", "pretrained-none_lr-0.0000001",
                "pretrained-none_lr-0.000025", "pretrained-none_lr-10", "pretrained-.._runs_a_b_lr-0.0003");
        assertThat(names).contains("pretrained-.._runs_a_b-2_lr-0.0003").as("clashing labels get -2");
        assertThat(e.variants().get(4).config().model().pretrained()).isEqualTo("../runs/a b");
        assertThat(e.variants().get(8).config().model().pretrained()).isEqualTo("../runs/a:b");
    }

    @Test
    void numbersAreShownInPlainDecimals() {
        assertThat(List.of(0.001, 2.0, 1e-4, 3e-7, 1.5e-3, 1e7, 2.5e21, -1e-4, Double.NaN))
                .extracting(ConfigLoader::plain)
                .containsExactly("0.001", "2.0", "0.0001", "0.0000003", "0.0015", "10000000", "2500000000000000000000",
                        "-0.0001", "NaN");
    }

    @Test
    void aPlainConfigIsOneUnnamedRunAndNoAblation() throws Exception {
        ConfigLoader.Experiment e = ConfigLoader.load(write(""));
        assertThat(e.ablation()).isFalse();
        assertThat(e.variants()).singleElement().extracting(ConfigLoader.Variant::name).isNull();
    }

    @Test
    void badSweepsAreOneLineErrorsNamingTheKey() throws Exception {
        Path notList = write("sweep:\n  optimizer.lr: 0.1\n");
        assertThatThrownBy(() -> ConfigLoader.load(notList)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sweep.optimizer.lr must be a non-empty list of values, got '0.1' at " + notList + ":5");
        Path empty = write("sweep:\n  optimizer.lr: []\n");
        assertThatThrownBy(() -> ConfigLoader.load(empty)).hasMessageContaining("sweep.optimizer.lr must be a non-empty list");
        Path unknown = write("sweep:\n  optimizer.lr: [1, 2]\n  optimizer.rate: [1, 2]\n");
        assertThatThrownBy(() -> ConfigLoader.load(unknown)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown config key 'optimizer.rate' in sweep point 'lr-1_rate-1' at "
                        + unknown + ":6; known under optimizer: ")
                .hasMessageContaining("lr").hasNoCause();
        Path badValue = write("sweep:\n  train.epochs: [2, many]\n");
        assertThatThrownBy(() -> ConfigLoader.load(badValue)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("train.epochs: expected ")
                .hasMessageContaining("got 'many'")
                .hasMessageEndingWith("in sweep point 'epochs-many' at " + badValue + ":5");
        Path notMapping = write("sweep: [optimizer.lr]\n");
        assertThatThrownBy(() -> ConfigLoader.load(notMapping)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sweep must map dotted keys to lists of values");
        Path crossedBad = write("variants:\n  a: {optimizer.lr: 0.1}\nsweep:\n  optimizer.momentum: [0.9, -1]\n");
        assertThatThrownBy(() -> ConfigLoader.load(crossedBad)).as("every point is checked, not only the first")
                .isInstanceOf(ConfigException.class).hasMessageContaining("optimizer.momentum")
                .hasMessageContaining("-1");
    }
}
