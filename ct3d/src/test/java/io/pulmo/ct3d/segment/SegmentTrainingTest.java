package io.pulmo.ct3d.segment;

import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.run.HistoryCsv;
import io.pulmo.common.run.HistoryRow;
import io.pulmo.common.run.RunDirectory;
import io.pulmo.common.train.Training;
import io.pulmo.ct3d.Ct3dModels;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.LunaCsv;
import io.pulmo.ct3d.load.LunaNodule;
import io.pulmo.ct3d.phantom.LunaPhantom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static io.pulmo.ct3d.segment.SegmentFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The segment stage's training on a tiny LUNA phantom, and its validation loss and metrics. */
class SegmentTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void aTinyPhantomRunWritesHistoryWithValidationRecall() throws Exception {
        Path root = tmp.resolve("luna");
        LunaPhantom.write(root, 3, 64, 1);
        List<LunaNodule> annotations = LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS));
        List<String> withNodules = List.copyOf(new TreeSet<>(annotations.stream().map(LunaNodule::seriesuid).toList()));
        assertThat(withNodules).hasSizeGreaterThanOrEqualTo(2);
        List<String> train = withNodules.subList(0, withNodules.size() - 1);
        List<String> val = withNodules.subList(withNodules.size() - 1, withNodules.size());
        ExperimentConfig config = SegmentFixtures.config(tmp, 4, 4, 2, 3e-3);
        RunDirectory run = RunDirectory.allocate(tmp, "seg", false);

        Training.Outcome outcome = SegmentTraining.train(config, root, train, val, 12, run, false, null, List.of());

        assertThat(outcome.monitor()).isEqualTo("val_recall");
        List<HistoryRow> history = HistoryCsv.read(run.history());
        assertThat(history).hasSize(2);
        assertThat(Files.readAllLines(run.history()).get(0)).contains("val_loss", "val_recall", "val_precision",
                "val_dice");
        for (HistoryRow row : history) {
            assertThat(row.metrics().keySet()).containsExactly("recall", "precision", "dice");
            assertThat(row.trainLoss()).isFinite().isPositive();
            assertThat(row.valLoss()).isFinite().isPositive();
            for (double v : row.metrics().values()) {
                assertThat(v).isBetween(0.0, 1.0);
            }
        }
        assertThat(run.checkpoints().resolve("best.zip")).exists();
        assertThat(outcome.best()).isNotNull();

        // evaluate: the totals cover exactly the nodule voxels of the validation series
        Map<String, Object> m = SegmentTraining.evaluate(config, outcome.best(), root, val);
        NoduleMask mask = SeriesVolumes.onLunaRoot(root, annotations).mask(val.get(0));
        assertThat(m).containsEntry("task", "ct3d").containsEntry("stage", "segment").containsEntry("series", 1)
                .containsEntry("slices", mask.positiveSlices().length);
        assertThat((long) m.get("tp") + (long) m.get("fn")).isEqualTo(mask.count());
        assertThat((double) m.get("recall")).isBetween(0.0, 1.0);
        assertThat((double) m.get("loss")).isFinite();
    }

    @Test
    void withoutValidationSeriesTheBestEpochIsByTrainingLoss() throws Exception {
        Path root = tmp.resolve("luna");
        LunaPhantom.write(root, 2, 64, 1);
        List<String> series = LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS)).stream()
                .map(LunaNodule::seriesuid).distinct().toList();
        ExperimentConfig config = SegmentFixtures.config(tmp, 4, 4, 1, 3e-3);
        Training.Outcome outcome = SegmentTraining.train(config, root, series, List.of(), 8,
                RunDirectory.allocate(tmp, "seg", false), false, null, List.of());
        assertThat(outcome.monitor()).isEqualTo("train_loss");
        assertThat(outcome.history()).hasSize(1);
        assertThat(outcome.history().get(0).valLoss()).isNaN();
    }

    /**
     * {@code val_loss} is the book's loss for whole slices: per slice dice(p, g) + 8 dice(p·g, g) with ε = 1 over
     * all its pixels, averaged over slices — recomputed here from the model's probabilities.
     */
    @Test
    void validationLossIsTheBooksLossOverWholeSlices() throws Exception {
        CtVolume a = SegmentFixtures.noisyWithCubes("a", 8, 48, 40, 5, new int[] {4, 20, 20});
        SeriesVolumes volumes = SeriesVolumes.of(List.of(a), List.of(new LunaNodule("a", at(4, 20, 20), 5)));
        ExperimentConfig config = SegmentFixtures.config(tmp, 4, 2, 1, 1e-3);
        ComputationGraph model = Ct3dModels.build(config);
        try (SegmentBatchIterator it = SegmentBatchIterator.validation(volumes, List.of("a"), 7, 2, 1)) {
            SegmentTraining.Scores scores = SegmentTraining.score(config, model, it);
            assertThat(scores.slices()).isEqualTo(5);
            double lossSum = 0;
            PixelTotals totals = PixelTotals.ZERO;
            int plane = 48 * 40;
            it.setEpoch(1);
            while (it.hasNext()) {
                DataSet ds = it.next();
                float[] p = model.output(false, ds.getFeatures())[0].dup('c').data().asFloat();
                float[] g = ds.getLabels().dup('c').data().asFloat();
                for (int k = 0; k < ds.numExamples(); k++) {
                    double sp = 0;
                    double sg = 0;
                    double spg = 0;
                    for (int i = k * plane; i < (k + 1) * plane; i++) {
                        sp += p[i];
                        sg += g[i];
                        spg += p[i] * g[i];
                    }
                    lossSum += 1 - (2 * spg + 1) / (sp + sg + 1) + 8 * (1 - (2 * spg + 1) / (spg + sg + 1));
                    totals = totals.plus(PixelTotals.count(p, g, k * plane, plane, 0.5));
                }
            }
            assertThat(scores.loss()).isCloseTo(lossSum / 5, within(1e-4));
            assertThat(scores.totals()).isEqualTo(totals);
            assertThat(totals.tp() + totals.fn()).isEqualTo(125);
        }
    }

    @Test
    void validationBatchesHoldTheCropsPixelsOfATrainingBatch() {
        assertThat(SegmentTraining.fullSliceBatch(16, 64, 512, 512)).isEqualTo(1);
        assertThat(SegmentTraining.fullSliceBatch(16, 64, 128, 128)).isEqualTo(4);
        assertThat(SegmentTraining.fullSliceBatch(4, 64, 64, 64)).isEqualTo(4);
        assertThat(SegmentTraining.fullSliceBatch(2, 64, 32, 32)).isEqualTo(2);
        assertThat(SegmentTraining.fullSliceBatch(1, 32, 512, 512)).isEqualTo(1);
    }
}
