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
                .containsExactly("lr-0.001_gamma-1.5", "lr-0.001_gamma-2.0", "lr-1.0E-4_gamma-1.5", "lr-1.0E-4_gamma-2.0");
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
    void badSweepsAreOneLineErrorsNamingTheKey() throws Exception {
        Path notList = write("sweep:\n  optimizer.lr: 0.1\n");
        assertThatThrownBy(() -> ConfigLoader.load(notList)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("sweep.optimizer.lr must be a non-empty list of values, got '0.1' at " + notList + ":5");
        Path empty = write("sweep:\n  optimizer.lr: []\n");
        assertThatThrownBy(() -> ConfigLoader.load(empty)).hasMessageContaining("sweep.optimizer.lr must be a non-empty list");
        Path unknown = write("sweep:\n  optimizer.rate: [1, 2]\n");
        assertThatThrownBy(() -> ConfigLoader.load(unknown)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown config key 'optimizer.rate'").hasMessageContaining(unknown.toString());
        Path badValue = write("sweep:\n  train.epochs: [2, many]\n");
        assertThatThrownBy(() -> ConfigLoader.load(badValue)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("train.epochs");
    }
}
