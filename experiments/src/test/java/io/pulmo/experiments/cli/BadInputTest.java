package io.pulmo.experiments.cli;

import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.run.RunInfo;
import io.pulmo.experiments.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gives one line naming the file or key, exit status 2, a failed run.json and no metrics.json. */
class BadInputTest {
    @TempDir
    Path tmp;

    private Path phantom() throws IOException {
        return Fixtures.xray(tmp.resolve("xray"), 40, 32, 3);
    }

    private Fixtures.Cli run(Path config) {
        return Fixtures.pulmo("run", config.toString(), "--out", tmp.resolve("runs").toString());
    }

    private static void assertOneLineError(Fixtures.Cli r, String... fragments) {
        assertThat(r.status()).isEqualTo(PulmoCli.EXIT_ERROR);
        String err = r.err().strip();
        assertThat(err).doesNotContain("\n").startsWith("error: ").doesNotContain("Exception:");
        for (String f : fragments) {
            assertThat(err).contains(f);
        }
    }

    private void assertFailedRun(String name, String fragment) {
        Path dir = tmp.resolve("runs").resolve(name);
        RunInfo info = new RunDirectory(dir).readInfo();
        assertThat(info.status()).isEqualTo(RunInfo.FAILED);
        assertThat(info.error()).contains(fragment);
        assertThat(dir.resolve("metrics.json")).doesNotExist();
    }

    @Test
    void missingDatasetRoot() throws IOException {
        Path missing = tmp.resolve("no-such-dataset");
        Fixtures.Cli r = run(Fixtures.config(tmp, "missing", missing, 32, 1, null));
        assertOneLineError(r, missing.toString(), "data.root");
        assertFailedRun("missing", "dataset root not found");
    }

    @Test
    void emptyClassFolder() throws IOException {
        Path root = phantom();
        Path normal = root.resolve("test/NORMAL");
        try (Stream<Path> files = Files.list(normal)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Fixtures.Cli r = run(Fixtures.config(tmp, "empty", root, 32, 1, null));
        assertOneLineError(r, "empty class folder", normal.toString());
        assertFailedRun("empty", "empty class folder");
    }

    @Test
    void truncatedImage() throws IOException {
        Path root = phantom();
        Path victim;
        try (Stream<Path> files = Files.list(root.resolve("train/PNEUMONIA"))) {
            victim = files.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Fixtures.Cli r = run(Fixtures.config(tmp, "truncated", root, 32, 1, null));
        assertOneLineError(r, "truncated or corrupt JPEG", victim.getFileName().toString());
        assertFailedRun("truncated", victim.getFileName().toString());
    }

    @Test
    void corruptImage() throws IOException {
        Path root = phantom();
        Path victim = root.resolve("val/NORMAL/IM-9999-0001.jpeg");
        Files.writeString(victim, "this is not a picture");
        Fixtures.Cli r = run(Fixtures.config(tmp, "corrupt", root, 32, 1, null));
        assertOneLineError(r, "unreadable image", victim.toString());
        assertFailedRun("corrupt", "IM-9999-0001.jpeg");
    }

    @Test
    void unknownConfigKeyNamesKeyFileAndLine() throws IOException {
        Path config = Fixtures.config(tmp, "typo", tmp, 32, 1, "trian: {epochs: 2}");
        Fixtures.Cli r = run(config);
        assertOneLineError(r, "unknown config key 'trian'", "typo.yaml:");
        assertThat(tmp.resolve("runs/typo")).doesNotExist();

        Fixtures.Cli set = Fixtures.pulmo("run", Fixtures.config(tmp, "ok", tmp, 32, 1, null).toString(),
                "--set", "train.epoch=3", "--out", tmp.resolve("runs").toString());
        assertOneLineError(set, "train.epoch");
    }

    @Test
    void missingPretrainedWeightsNameTheFile() throws IOException {
        Path config = Fixtures.config(tmp, "zoo", tmp, 64, 1, null);
        Path missing = tmp.resolve("runs/none/checkpoints/best.zip");
        Fixtures.Cli r = Fixtures.pulmo("model", config.toString(), "--set", "model.pretrained=" + missing);
        assertOneLineError(r, "checkpoint not found: " + missing);

        Fixtures.Cli zoo = Fixtures.pulmo("model", config.toString(), "--set", "model.arch=resnet50",
                "--set", "model.pretrained=imagenet");
        assertOneLineError(zoo, "imagenet weights exist here only for model.arch resnet50-zoo");

        Fixtures.Cli freeze = Fixtures.pulmo("model", config.toString(), "--set", "model.freeze=2");
        assertOneLineError(freeze, "model.freeze: 2 freezes random weights");
    }

    @Test
    void negativeImageSize() throws IOException {
        Fixtures.Cli r = run(Fixtures.config(tmp, "negative", tmp, -3, 1, null));
        assertOneLineError(r, "data.image.size must be positive, got -3", "negative.yaml");
    }

    @Test
    void outputPathUnderARegularFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        Fixtures.Cli r = Fixtures.pulmo("run", Fixtures.config(tmp, "out", phantom(), 32, 1, null).toString(),
                "--out", file.resolve("runs").toString());
        assertOneLineError(r, "output path is not a directory", file.toString());
    }

    @Test
    void missingConfigFile() {
        Fixtures.Cli r = run(tmp.resolve("nope.yaml"));
        assertOneLineError(r, "nope.yaml");
    }
}
