package io.pulmo.experiments.cli;

import io.pulmo.experiments.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class CommandsTest {
    @TempDir
    Path tmp;

    @Test
    void helpListsEveryCommandOfTheContract() {
        Fixtures.Cli r = Fixtures.pulmo("--help");
        assertThat(r.status()).isZero();
        for (String c : new String[]{"run", "eval", "predict", "compare", "ui", "model", "phantom", "ct3d", "bench"}) {
            assertThat(r.out()).contains(c);
        }
        assertThat(Fixtures.pulmo("run", "--help").out()).contains("--set").contains("--no-ui").contains("--resume");
    }

    @Test
    void unknownCommandOrOptionIsAUsageErrorWithStatus2() {
        assertThat(Fixtures.pulmo("frobnicate").status()).isEqualTo(2);
        assertThat(Fixtures.pulmo("run", "x.yaml", "--bogus").status()).isEqualTo(2);
    }

    @Test
    void benchRefusesUnknownSuitesAndModelsWithStatus2() {
        for (String[] args : new String[][]{{"bench", "--suite", "huge"}, {"bench", "--model", "vgg16"}}) {
            Fixtures.Cli r = Fixtures.pulmo(args);
            assertThat(r.status()).as(Arrays.toString(args)).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("error: --").contains("known:").doesNotContain("\n");
        }
    }

    @Test
    void modelPrintsLayersAndParameterCounts() throws Exception {
        Path config = Fixtures.config(tmp, "m", tmp, 64, 1, null);
        Fixtures.Cli r = Fixtures.pulmo("model", config.toString());
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\\R");
        String last = lines[lines.length - 1];
        assertThat(last).matches("params: trainable=\\d+ total=\\d+");
        long trainable = Long.parseLong(last.replaceAll(".*trainable=(\\d+).*", "$1"));
        long total = Long.parseLong(last.replaceAll(".*total=(\\d+)", "$1"));
        // BatchNorm running mean + variance: blocks 2-5 (16, 32, 64, 128 channels) and dense blocks (256, 64, 32)
        long running = 2L * (16 + 32 + 64 + 128 + 256 + 64 + 32);
        assertThat(total - trainable).isEqualTo(running);
        assertThat(r.out()).contains("conv1_1").contains("block5_pool").contains("output");

        Fixtures.Cli bad = Fixtures.pulmo("model", config.toString(), "--set", "model.arch=resnet5");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("model.arch").contains("resnet5").contains("keras-cnn");
    }

    @Test
    void phantomWritesTheKaggleLayout() throws Exception {
        Path out = tmp.resolve("ph");
        Fixtures.Cli r = Fixtures.pulmo("phantom", "xray", "--out", out.toString(), "--n", "40", "--size", "32");
        assertThat(r.status()).as(r.err()).isZero();
        for (String split : new String[]{"train", "val", "test"}) {
            for (String c : new String[]{"NORMAL", "PNEUMONIA"}) {
                try (var files = Files.list(out.resolve(split).resolve(c))) {
                    assertThat(files.filter(f -> f.toString().endsWith(".jpeg")).count()).as(split + "/" + c).isPositive();
                }
            }
        }
        assertThat(Fixtures.pulmo("phantom", "xray", "--out", out.toString(), "--n", "5").status()).isEqualTo(2);
        assertThat(Fixtures.pulmo("phantom", "mri", "--out", tmp.resolve("m").toString()).err()).contains("unknown phantom kind");
    }
}
