package io.pulmo.ct3d.classify;

import io.pulmo.common.PulmoException;
import io.pulmo.ct3d.load.CandidateInfo;
import io.pulmo.ct3d.load.CtCache;
import io.pulmo.ct3d.load.CtChunk;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.IrcIndex;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.phantom.LunaPhantom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The nodule classifier's data on a tiny LUNA phantom (6 series of 64 × 64 pixels). */
class NoduleChunksTest {

    static final int VOXELS = NoduleChunkIterator.SHAPE.size();

    @TempDir
    static Path tmp;
    static Path root;
    static List<CandidateInfo> all;
    static NoduleChunks split;

    @BeforeAll
    static void phantom() throws IOException {
        root = tmp.resolve("luna");
        LunaPhantom.write(root, 6, 64, 5);
        all = NoduleChunks.read(root);
        split = NoduleChunks.splitBySeries(all, NoduleChunks.DEFAULT_RATIOS, 42);
    }

    static CtCache cache() {
        return CtCache.onLunaRoot(root, 64L << 20, 64L << 20);
    }

    @Test
    void theSplitIsBySeriesWithoutOverlapAndCoversEverySeries() {
        Set<String> train = new HashSet<>(NoduleChunks.seriesOf(split.train()));
        Set<String> val = new HashSet<>(NoduleChunks.seriesOf(split.val()));
        Set<String> test = new HashSet<>(NoduleChunks.seriesOf(split.test()));
        assertThat(train).hasSize(4).doesNotContainAnyElementsOf(val).doesNotContainAnyElementsOf(test);
        assertThat(val).hasSize(1).doesNotContainAnyElementsOf(test);
        assertThat(test).hasSize(1);
        Set<String> union = new HashSet<>(train);
        union.addAll(val);
        union.addAll(test);
        assertThat(union).isEqualTo(LunaVolumes.index(root).keySet());
        assertThat(split.train().size() + split.val().size() + split.test().size()).isEqualTo(all.size());
        // deterministic for the seed and independent of the samples' order; another seed differs
        List<CandidateInfo> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        NoduleChunks again = NoduleChunks.splitBySeries(reversed, NoduleChunks.DEFAULT_RATIOS, 42);
        assertThat(new HashSet<>(NoduleChunks.seriesOf(again.val()))).isEqualTo(val);
        assertThat(new HashSet<>(NoduleChunks.seriesOf(again.test()))).isEqualTo(test);
        assertThat(List.of(1L, 2L, 3L, 4L, 5L)).anySatisfy(seed -> assertThat(new HashSet<>(NoduleChunks.seriesOf(
                NoduleChunks.splitBySeries(all, NoduleChunks.DEFAULT_RATIOS, seed).train()))).isNotEqualTo(train));
        // each part keeps the book's order
        assertThat(split.val()).isSortedAccordingTo(CandidateInfo.BOOK_ORDER);
    }

    @Test
    void seriesCountsRoundByLargestRemainderAndFillEveryAskedPart() {
        assertThat(NoduleChunks.seriesCounts(6, NoduleChunks.DEFAULT_RATIOS)).containsExactly(4, 1, 1);
        assertThat(NoduleChunks.seriesCounts(10, NoduleChunks.DEFAULT_RATIOS)).containsExactly(8, 1, 1);
        assertThat(NoduleChunks.seriesCounts(888, NoduleChunks.DEFAULT_RATIOS)).containsExactly(710, 89, 89);
        assertThat(NoduleChunks.seriesCounts(2, NoduleChunks.DEFAULT_RATIOS)).containsExactly(1, 1, 0);
        assertThat(NoduleChunks.seriesCounts(5, List.of(1.0, 0.0, 1.0))).containsExactly(3, 0, 2);
        assertThatThrownBy(() -> NoduleChunks.seriesCounts(5, List.of(0.8, -0.1, 0.3)))
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> NoduleChunks.seriesCounts(5, List.of(0.8, 0.2)))
                .hasMessageContaining("three numbers");
    }

    @Test
    void aTrainingEpochAlternatesNodulesAndNonNodules() {
        List<CandidateInfo> train = split.train();
        long negatives = train.size() - NoduleChunks.nodules(train);
        try (NoduleChunkIterator capped = NoduleChunkIterator.training(train, cache(), 4, 7,
                ChunkAugmentation.Options.BOOK, 41, 1);
             NoduleChunkIterator full = NoduleChunkIterator.training(train, cache(), 4, 7,
                     ChunkAugmentation.Options.BOOK, NoduleChunkIterator.BOOK_EPOCH_SAMPLES, 1)) {
            int[] order = capped.order();
            assertThat(order).hasSize(41);
            assertThat(countNodules(train, order)).isCloseTo(20, org.assertj.core.api.Assertions.within(1L));
            for (int k = 0; k < order.length; k++) {
                assertThat(train.get(order[k]).nodule()).isEqualTo(k % 2 == 0);
            }
            int[] whole = full.order();
            assertThat(whole).hasSize((int) (2 * negatives));
            assertThat(countNodules(train, whole)).isEqualTo(negatives);
            // every non-nodule exactly once, the nodules repeated
            assertThat(java.util.Arrays.stream(whole).filter(k -> !train.get(k).nodule()).distinct().count())
                    .isEqualTo(negatives);
            assertThat(java.util.Arrays.stream(whole).filter(k -> train.get(k).nodule()).distinct().count())
                    .isEqualTo(NoduleChunks.nodules(train));
            // shuffled per epoch, reproducibly
            full.setEpoch(2);
            assertThat(full.order()).isNotEqualTo(whole);
            full.setEpoch(1);
            assertThat(full.order()).isEqualTo(whole);
        }
        assertThatThrownBy(() -> NoduleChunkIterator.training(train.stream().filter(c -> !c.nodule()).toList(),
                cache(), 4, 7, ChunkAugmentation.Options.BOOK, 100, 1)).isInstanceOf(PulmoException.class)
                .hasMessageContaining("0 nodule samples among");
    }

    static long countNodules(List<CandidateInfo> items, int[] order) {
        return java.util.Arrays.stream(order).filter(k -> items.get(k).nodule()).count();
    }

    @Test
    void aChunkAroundAnAnnotatedNoduleIsNoduleInLung() {
        CtCache cache = cache();
        List<CandidateInfo> nodules = all.stream().filter(CandidateInfo::nodule).toList();
        assertThat(nodules).hasSizeGreaterThan(5);
        try (NoduleChunkIterator it = NoduleChunkIterator.evaluation(nodules, cache, 1, 1)) {
            for (CandidateInfo nodule : nodules) {
                float[] x = it.next().getFeatures().data().asFloat();
                CtChunk chunk = cache.chunk(nodule.seriesuid(), nodule.centre(), NoduleChunkIterator.SHAPE);
                IrcIndex c = chunk.centre();
                int ci = c.index() - chunk.start().index();
                int cr = c.row() - chunk.start().row();
                int cc = c.col() - chunk.start().col();
                assertThat(x[(ci * 48 + cr) * 48 + cc]).as("centre of %s", nodule).isBetween(-150f, 150f);
                // a ring just outside the nodule in its slice: lung (−860 HU), partly chest wall where it touches
                double radius = nodule.diameterMm() / 2
                        / cache.volume(nodule.seriesuid()).geometry().spacing().x();
                int ring = 0;
                int lung = 0;
                for (int r = 0; r < 48; r++) {
                    for (int col = 0; col < 48; col++) {
                        double d = Math.hypot(r - cr, col - cc);
                        if (d >= radius + 2 && d < radius + 5) {
                            ring++;
                            float v = x[(ci * 48 + r) * 48 + col];
                            lung += v > -960 && v < -650 ? 1 : 0;
                        }
                    }
                }
                assertThat(lung).as("lung voxels of %d around %s", ring, nodule).isGreaterThan(ring / 4);
                for (float v : x) {
                    assertThat(v).isBetween(-1000f, 1000f);
                }
            }
        }
    }

    @Test
    void validationKeepsTheCandidateOrderEveryEpoch() {
        List<CandidateInfo> val = split.val();
        try (NoduleChunkIterator a = NoduleChunkIterator.evaluation(val, cache(), 5, 2);
             NoduleChunkIterator b = NoduleChunkIterator.evaluation(val, cache(), 5, 1)) {
            int[] identity = java.util.stream.IntStream.range(0, val.size()).toArray();
            assertThat(a.order()).containsExactly(identity);
            a.setEpoch(3);
            assertThat(a.order()).containsExactly(identity);
            DataSet first = a.next();
            DataSet other = b.next();
            assertThat(first.getFeatures()).isEqualTo(other.getFeatures());
            for (int k = 0; k < 5; k++) {
                assertThat(first.getLabels().getFloat(k, 1)).isEqualTo(val.get(k).nodule() ? 1f : 0f);
            }
            assertThat(a.batchesPerEpoch()).isEqualTo((val.size() + 4) / 5);
        }
    }

    @Test
    void batchesHaveTheModelsShapesAndAugmentationIsReproducible() {
        List<CandidateInfo> train = split.train();
        try (NoduleChunkIterator it = NoduleChunkIterator.training(train, cache(), 4, 9,
                ChunkAugmentation.Options.BOOK, 10, 2);
             NoduleChunkIterator oneThread = NoduleChunkIterator.training(train, cache(), 4, 9,
                     ChunkAugmentation.Options.BOOK, 10, 1);
             NoduleChunkIterator plain = NoduleChunkIterator.training(train, cache(), 4, 9,
                     ChunkAugmentation.Options.NONE, 10, 1)) {
            it.prefetch();
            assertThat(it.batchesPerEpoch()).isEqualTo(3);
            DataSet batch = it.next();
            assertThat(batch.getFeatures().shape()).containsExactly(4, 1, 32, 48, 48);
            assertThat(batch.getLabels().shape()).containsExactly(4, 2);
            assertThat(batch.getLabels().sum(1).toFloatVector()).containsOnly(1f);
            assertThat(batch.getLabels().sum(0).toFloatVector()).containsExactly(2f, 2f);
            assertThat(oneThread.next().getFeatures()).isEqualTo(batch.getFeatures());
            float[] raw = plain.next().getFeatures().data().asFloat();
            float[] augmented = batch.getFeatures().data().asFloat();
            assertThat(raw).hasSize(4 * VOXELS).isNotEqualTo(augmented);
            it.next();
            DataSet last = it.next();
            assertThat(last.getFeatures().shape()).containsExactly(2, 1, 32, 48, 48);
            assertThat(it.hasNext()).isFalse();
            assertThat(it.getLabels()).containsExactly("non-nodule", "nodule");
        }
    }
}
