package io.pulmo.common.runs;

import io.pulmo.common.PulmoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class RunStoreTest {

    @TempDir
    Path tmp;

    @Test
    void listsNestedRunsByIdAndReadsTheirFiles() throws Exception {
        Path runs = tmp.resolve("runs");
        RunFixtures.classification(runs.resolve("ablation/baseline"), "0.001", 0.9, 0.75);
        RunFixtures.classification(runs.resolve("quick"), "1e-4", 0.8, 0.5);
        // a checkpoint folder that happens to hold a run.json is no run
        RunFixtures.run(runs.resolve("quick/checkpoints/x"), "classification", "finished", "name: x\n");
        Files.createDirectories(runs.resolve("empty"));

        List<RunRecord> list = RunStore.list(List.of(runs));

        assertThat(list).extracting(RunRecord::id).containsExactly("ablation/baseline", "quick");
        RunRecord r = list.get(0);
        assertThat(r.task()).isEqualTo("classification");
        assertThat(r.config()).containsEntry("optimizer.lr", 0.001).containsEntry("data.split.ratios", "[0.8, 0.1, 0.1]")
                .containsEntry("data.batch", 16);
        assertThat(r.metrics()).containsEntry("auc", 0.9).containsEntry("n", 4.0).doesNotContainKeys("task", "ci95");
        assertThat(r.ci95().get("auc")).containsExactly(0.61234567, 0.99);
        assertThat(r.positiveClass()).isEqualTo("PNEUMONIA");
        assertThat(r.history()).hasSize(2);
        assertThat(r.predictions()).hasSize(4);
        assertThat(r.headlineMetric()).isEqualTo("auc");
        assertThat(r.headline()).hasValue(0.9);
        assertThat(r.status()).isEqualTo("finished");
    }

    @Test
    void aRunningRunWithoutMetricsIsListedAndABrokenOneSkipped() throws Exception {
        Path runs = tmp.resolve("runs");
        RunFixtures.run(runs.resolve("live"), "segmentation", "running", "name: live\n");
        Files.createDirectories(runs.resolve("broken"));
        Files.writeString(runs.resolve("broken/run.json"), "{not json");

        List<RunRecord> list = RunStore.list(List.of(runs));

        assertThat(list).extracting(RunRecord::id).containsExactly("live");
        assertThat(list.get(0).metrics()).isEmpty();
        assertThat(list.get(0).headline()).isEmpty();
        assertThat(list.get(0).headlineMetric()).isEqualTo("dice");
    }

    @Test
    void badRootsAndDirectoriesAreOneLineErrorsNamingThem() throws Exception {
        assertThatThrownBy(() -> RunStore.list(List.of(tmp.resolve("nope"))))
                .isInstanceOf(PulmoException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> RunStore.load(tmp)).isInstanceOf(PulmoException.class)
                .hasMessageContaining("no run.json").hasMessageContaining(tmp.toString());
        Path run = RunFixtures.classification(tmp.resolve("r"), "0.1", 0.5, 0.5);
        Files.writeString(run.resolve("metrics.json"), "{\"auc\": ");
        assertThatThrownBy(() -> RunStore.load(run)).isInstanceOf(PulmoException.class)
                .hasMessageContaining(run.resolve("metrics.json").toString());
    }

    @Test
    void listingReachesFourLevelsAndSkipsFoldersInsideRuns() throws Exception {
        Path runs = tmp.resolve("runs");
        RunFixtures.classification(runs.resolve("a/b/c/d"), "0.001", 0.9, 0.75);
        RunFixtures.classification(runs.resolve("a/b/c/d/e"), "0.001", 0.9, 0.75);
        for (String inside : List.of("checkpoints", "eval", "predict", "overlays")) {
            RunFixtures.run(runs.resolve("q/" + inside), "classification", "finished", "name: x\n");
            RunFixtures.run(runs.resolve("q/" + inside + "/best-test"), "classification", "finished", "name: x\n");
        }

        assertThat(RunStore.list(List.of(runs))).extracting(RunRecord::id).containsExactly("a/b/c/d");
    }

    @Test
    void aRootThatIsARunIsListedAndResolvedByItsName() throws Exception {
        Path quick = RunFixtures.classification(tmp.resolve("quick"), "0.001", 0.9, 0.75);
        RunFixtures.classification(tmp.resolve("other"), "0.001", 0.9, 0.75);

        assertThat(RunStore.list(List.of(quick))).extracting(RunRecord::id).containsExactly("quick");
        assertThat(RunStore.resolveInside(List.of(quick), "quick")).hasValue(quick.toRealPath());
        assertThat(RunStore.resolveInside(List.of(quick), "other")).isEmpty();
    }

    @Test
    void configIsFlattenedInFileOrderWithNullsAndLists() throws Exception {
        Path run = RunFixtures.run(tmp.resolve("r"), "classification", "finished", """
                name: r
                seed: 7
                data:
                  root: null
                  class_map: ~
                  split:
                    ratios: [0.8, 0.1, 0.1]
                  image:
                    size: 64
                model:
                  arch: resnet34
                  pretrained: false
                """);

        RunRecord r = RunStore.load(run);

        assertThat(r.id()).isEqualTo("r");
        assertThat(r.config()).containsExactly(entry("name", "r"), entry("seed", 7), entry("data.root", null),
                entry("data.class_map", null), entry("data.split.ratios", "[0.8, 0.1, 0.1]"),
                entry("data.image.size", 64), entry("model.arch", "resnet34"), entry("model.pretrained", false));
        assertThat(r.metrics()).isEmpty();
        assertThat(r.ci95()).isEmpty();
        assertThat(r.history()).isEmpty();
        assertThat(r.predictions()).isEmpty();
        assertThat(r.positiveClass()).isNull();
    }

    @Test
    void anUnreadableConfigIsAnErrorNamingTheFile() throws Exception {
        Path run = RunFixtures.run(tmp.resolve("r"), "classification", "finished", "name: [unclosed\n");
        assertThatThrownBy(() -> RunStore.load(run)).isInstanceOf(PulmoException.class)
                .hasMessageContaining(run.resolve("config.yaml").toString()).hasMessageNotContaining("\n");
        assertThatThrownBy(() -> RunStore.load(tmp.resolve("gone"))).isInstanceOf(PulmoException.class)
                .hasMessage("not a run directory (no run.json): " + tmp.resolve("gone"));
    }

    @Test
    void idsResolveOnlyInsideTheRoots() throws Exception {
        Path runs = tmp.resolve("runs");
        RunFixtures.classification(runs.resolve("ablation/baseline"), "0.001", 0.9, 0.75);
        Path secret = RunFixtures.classification(tmp.resolve("secret"), "0.1", 0.99, 0.99);
        Files.createSymbolicLink(runs.resolve("link"), secret);
        List<Path> roots = List.of(runs);

        assertThat(RunStore.resolveInside(roots, "ablation/baseline")).hasValue(runs.resolve("ablation/baseline").toRealPath());
        Files.createSymbolicLink(runs.resolve("ablation/escape"), secret);
        for (String bad : List.of("../secret", "ablation/../../secret", "ablation/../baseline", "./ablation/baseline",
                "ablation/baseline/../../../secret", "ablation/./baseline", secret.toString(), "/ablation/baseline",
                runs.resolve("ablation/baseline").toString(), "..\\secret", "ablation\\baseline", "ablation\0",
                "ablation/baseline\0", "", "..", "link", "ablation/escape", "ablation", "missing", "runs")) {
            assertThat(RunStore.resolveInside(roots, bad)).as(bad).isEmpty();
        }
    }
}
