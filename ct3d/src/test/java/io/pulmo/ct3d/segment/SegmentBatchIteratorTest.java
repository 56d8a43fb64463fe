package io.pulmo.ct3d.segment;

import io.pulmo.common.PulmoException;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.LunaCsv;
import io.pulmo.ct3d.load.LunaNodule;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.phantom.LunaPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.pulmo.ct3d.segment.SegmentFixtures.at;
import static io.pulmo.ct3d.segment.SegmentFixtures.noisyWithCubes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training crops and validation slices: shapes, content, order and reproducibility. */
class SegmentBatchIteratorTest {

    private static final int DEPTH = 12;
    private static final int SIDE = 64;
    private static final int SIZE = 64;

    /** Series "a" with nodules at (2, 10, 50) and (9, 40, 20), series "b" with one at (6, 32, 32). */
    private static SeriesVolumes twoSeries() {
        CtVolume a = noisyWithCubes("a", DEPTH, SIDE, SIDE, 1, new int[] {2, 10, 50}, new int[] {9, 40, 20});
        CtVolume b = noisyWithCubes("b", DEPTH, SIDE, SIDE, 2, new int[] {6, 32, 32});
        return SeriesVolumes.of(List.of(a, b), List.of(new LunaNodule("b", at(6, 32, 32), 5),
                new LunaNodule("a", at(2, 10, 50), 5), new LunaNodule("a", at(9, 40, 20), 5)));
    }

    private static float[] floats(org.nd4j.linalg.api.ndarray.INDArray a) {
        return a.dup('c').data().asFloat();
    }

    @Test
    void trainingCropsHaveTheConfiguredShapeAndHoldTheWholeNoduleSlice() {
        SeriesVolumes volumes = twoSeries();
        try (SegmentBatchIterator it = SegmentBatchIterator.training(volumes, List.of("b", "a"), SIZE, 7, 4, 11L, 10,
                1)) {
            assertThat(it.items()).containsExactly(SegmentSample.crop("a", 2, 10, 50),
                    SegmentSample.crop("a", 9, 40, 20), SegmentSample.crop("b", 6, 32, 32));
            it.setEpoch(1);
            assertThat(it.batchesPerEpoch()).isEqualTo(3);
            int[] order = it.order();
            assertThat(order).hasSize(10);
            int draw = 0;
            while (it.hasNext()) {
                DataSet ds = it.next();
                int n = ds.numExamples();
                assertThat(ds.getFeatures().shape()).containsExactly(n, 7, SIZE, SIZE);
                assertThat(ds.getLabels().shape()).containsExactly(n, 1, SIZE, SIZE);
                float[] x = floats(ds.getFeatures());
                float[] y = floats(ds.getLabels());
                for (int k = 0; k < n; k++, draw++) {
                    SegmentSample s = it.items().get(order[draw]);
                    assertCropOf(volumes, s, Arrays.copyOfRange(x, k * 7 * SIZE * SIZE, (k + 1) * 7 * SIZE * SIZE),
                            Arrays.copyOfRange(y, k * SIZE * SIZE, (k + 1) * SIZE * SIZE));
                }
            }
            assertThat(draw).isEqualTo(10);
        }
    }

    /**
     * The crop is the sub-window at some offset (dy, dx) in 0..32 of the context window centred on the nodule, its
     * labels the centre slice's mask there, and the nodule's slice lies wholly inside (all 25 voxels of the cube).
     */
    private static void assertCropOf(SeriesVolumes volumes, SegmentSample s, float[] x, float[] y) {
        int window = SIZE + SegmentBatchIterator.CROP_MARGIN;
        int row0 = s.row() - window / 2;
        int col0 = s.col() - window / 2;
        float[] ctx = ContextSlices.read(volumes.volume(s.seriesuid()), s.slice(), 7, row0, col0, window, window);
        float[] mask = new float[window * window];
        volumes.mask(s.seriesuid()).fillPlane(s.slice(), row0, col0, window, window, mask, 0);
        int matches = 0;
        for (int dy = 0; dy <= 32; dy++) {
            for (int dx = 0; dx <= 32; dx++) {
                if (same(ctx, x, dy, dx, window, 7)) {
                    matches++;
                    assertThat(same(mask, y, dy, dx, window, 1)).as("labels at the features' offset").isTrue();
                }
            }
        }
        assertThat(matches).as("offsets whose window equals the crop of " + s).isEqualTo(1);
        float sum = 0;
        for (float v : y) {
            sum += v;
        }
        assertThat(sum).as("nodule pixels in the crop of " + s).isEqualTo(volumes.mask(s.seriesuid()).count(s.slice()))
                .isEqualTo(25f);
    }

    private static boolean same(float[] window, float[] crop, int dy, int dx, int side, int channels) {
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < SIZE; r++) {
                for (int k = 0; k < SIZE; k++) {
                    if (window[(c * side + r + dy) * side + k + dx] != crop[(c * SIZE + r) * SIZE + k]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void theSameSeedAndEpochGiveTheSameBatchesAndEpochsCycleThroughEveryNodule() {
        List<float[]> first = epoch(twoSeries(), 5L, 3);
        List<float[]> again = epoch(twoSeries(), 5L, 3);
        List<float[]> other = epoch(twoSeries(), 5L, 4);
        assertThat(again).hasSameSizeAs(first);
        assertThat(other).hasSameSizeAs(first);
        boolean differs = false;
        for (int b = 0; b < first.size(); b++) {
            assertThat(again.get(b)).as("batch " + b).isEqualTo(first.get(b));
            differs |= !Arrays.equals(first.get(b), other.get(b));
        }
        assertThat(differs).as("another epoch draws other crops").isTrue();
        try (SegmentBatchIterator it = SegmentBatchIterator.training(twoSeries(), List.of("a", "b"), SIZE, 7, 4, 5L, 9,
                2)) {
            it.setEpoch(2);
            int[] order = it.order();
            // 9 draws over 3 nodules: each shuffled round serves every nodule once
            for (int round = 0; round < 3; round++) {
                assertThat(Arrays.copyOfRange(order, 3 * round, 3 * round + 3)).containsExactlyInAnyOrder(0, 1, 2);
            }
        }
    }

    /**
     * Augmented crops are the unaugmented ones (same seed: same offsets) turned by one of the eight rotations and
     * mirrorings by 90 degrees, mask and slices alike, plus noise of about 25 HU on the slices only; all eight occur.
     */
    @Test
    void augmentedCropsAreTurnedAndMirroredCopiesWithNoise() {
        SeriesVolumes volumes = twoSeries();
        int draws = 40;
        try (SegmentBatchIterator plain = SegmentBatchIterator.training(volumes, List.of("a", "b"), SIZE, 7, draws, 3L,
                draws, 1, false);
             SegmentBatchIterator aug = SegmentBatchIterator.training(volumes, List.of("a", "b"), SIZE, 7, draws, 3L,
                     draws, 1, true)) {
            plain.setEpoch(1);
            aug.setEpoch(1);
            DataSet p = plain.next();
            DataSet a = aug.next();
            float[] px = floats(p.getFeatures());
            float[] ax = floats(a.getFeatures());
            float[] py = floats(p.getLabels());
            float[] ay = floats(a.getLabels());
            int plane = SIZE * SIZE;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int k = 0; k < draws; k++) {
                // the turn whose mask matches and whose slices differ least (a symmetric mask matches several)
                int found = -1;
                double bestSd = Double.MAX_VALUE;
                double bestMean = 0;
                for (int t = 0; t < 8; t++) {
                    if (!Arrays.equals(turn(Arrays.copyOfRange(py, k * plane, (k + 1) * plane), t),
                            Arrays.copyOfRange(ay, k * plane, (k + 1) * plane))) {
                        continue;
                    }
                    double sum = 0;
                    double sq = 0;
                    for (int c = 0; c < 7; c++) {
                        int off = (k * 7 + c) * plane;
                        float[] expected = turn(Arrays.copyOfRange(px, off, off + plane), t);
                        for (int i = 0; i < plane; i++) {
                            double d = ax[off + i] - expected[i];
                            sum += d;
                            sq += d * d;
                        }
                    }
                    int n = 7 * plane;
                    double sd = Math.sqrt(sq / n - (sum / n) * (sum / n));
                    if (sd < bestSd) {
                        bestSd = sd;
                        bestMean = sum / n;
                        found = t;
                    }
                }
                assertThat(found).as("draw " + k + ": the mask is a turned copy").isNotNegative();
                seen.add(found);
                assertThat(bestSd).as("draw " + k + ": noise").isBetween(23.0, 27.0);
                assertThat(Math.abs(bestMean)).isLessThan(2.0);
            }
            // masks symmetric under some turns cannot tell them apart, but the draws cover several
            assertThat(seen.size()).isGreaterThanOrEqualTo(2);
        }
    }

    /** Plane {@code x} (SIZE × SIZE) under turn {@code t}: bit 0 flips rows, bit 1 flips columns, bit 2 transposes. */
    private static float[] turn(float[] x, int t) {
        float[] out = new float[x.length];
        for (int r = 0; r < SIZE; r++) {
            for (int q = 0; q < SIZE; q++) {
                int r2 = (t & 1) != 0 ? SIZE - 1 - r : r;
                int q2 = (t & 2) != 0 ? SIZE - 1 - q : q;
                out[(t & 4) != 0 ? q2 * SIZE + r2 : r2 * SIZE + q2] = x[r * SIZE + q];
            }
        }
        return out;
    }

    private static List<float[]> epoch(SeriesVolumes volumes, long seed, int epoch) {
        List<float[]> out = new ArrayList<>();
        try (SegmentBatchIterator it = SegmentBatchIterator.training(volumes, List.of("a", "b"), SIZE, 7, 4, seed, 8,
                2)) {
            it.setEpoch(epoch);
            while (it.hasNext()) {
                DataSet ds = it.next();
                float[] x = floats(ds.getFeatures());
                float[] y = floats(ds.getLabels());
                float[] both = Arrays.copyOf(x, x.length + y.length);
                System.arraycopy(y, 0, both, x.length, y.length);
                out.add(both);
            }
        }
        return out;
    }

    @Test
    void validationServesEveryNoduleSliceWholeInOrder() {
        SeriesVolumes volumes = twoSeries();
        try (SegmentBatchIterator it = SegmentBatchIterator.validation(volumes, List.of("b", "a"), 7, 4, 2)) {
            List<SegmentSample> expected = new ArrayList<>();
            for (int s = 0; s <= 4; s++) {
                expected.add(SegmentSample.fullSlice("a", s, SIDE, SIDE));
            }
            for (int s = 7; s <= 11; s++) {
                expected.add(SegmentSample.fullSlice("a", s, SIDE, SIDE));
            }
            for (int s = 4; s <= 8; s++) {
                expected.add(SegmentSample.fullSlice("b", s, SIDE, SIDE));
            }
            assertThat(it.items()).containsExactlyElementsOf(expected);
            it.setEpoch(1);
            int k = 0;
            while (it.hasNext()) {
                DataSet ds = it.next();
                int n = ds.numExamples();
                assertThat(ds.getFeatures().shape()).containsExactly(n, 7, SIDE, SIDE);
                assertThat(ds.getLabels().shape()).containsExactly(n, 1, SIDE, SIDE);
                float[] x = floats(ds.getFeatures());
                float[] y = floats(ds.getLabels());
                int plane = SIDE * SIDE;
                for (int b = 0; b < n; b++, k++) {
                    SegmentSample s = expected.get(k);
                    CtVolume ct = volumes.volume(s.seriesuid());
                    assertThat(Arrays.copyOfRange(x, b * 7 * plane, (b + 1) * 7 * plane))
                            .isEqualTo(ContextSlices.read(ct, s.slice(), 7, 0, 0, SIDE, SIDE));
                    float sum = 0;
                    for (int p = b * plane; p < (b + 1) * plane; p++) {
                        sum += y[p];
                    }
                    assertThat(sum).as(s.id()).isEqualTo(25f);
                }
            }
            assertThat(k).isEqualTo(15);
        }
    }

    @Test
    void badSplitsFailNamingTheProblem() {
        CtVolume small = noisyWithCubes("small", DEPTH, 32, 32, 3, new int[] {6, 16, 16});
        CtVolume a = noisyWithCubes("a", DEPTH, SIDE, SIDE, 1, new int[] {6, 10, 50});
        SeriesVolumes volumes = SeriesVolumes.of(List.of(a, small), List.of(new LunaNodule("a", at(6, 10, 50), 5),
                new LunaNodule("small", at(6, 16, 16), 5)));
        assertThatThrownBy(() -> SegmentBatchIterator.validation(volumes, List.of("a", "small"), 7, 2, 1))
                .isInstanceOf(PulmoException.class).hasMessageContaining("series small")
                .hasMessageContaining("32 x 32");
        SeriesVolumes none = SeriesVolumes.of(List.of(a), List.of());
        assertThatThrownBy(() -> SegmentBatchIterator.training(none, List.of("a"), SIZE, 7, 2, 1L, 4, 1))
                .isInstanceOf(PulmoException.class).hasMessageContaining("training series");
    }

    @Test
    void aLunaPhantomIsReadFromItsFilesWithOneReadPerScan(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("luna");
        LunaPhantom.write(root, 3, 64, 1);
        List<LunaNodule> annotations = LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS));
        List<String> series = new ArrayList<>(LunaVolumes.index(root).keySet());
        SeriesVolumes volumes = SeriesVolumes.onLunaRoot(root, annotations);
        try (SegmentBatchIterator it = SegmentBatchIterator.training(volumes, series, 64, 7, 4, 1L, 8, 2)) {
            assertThat(volumes.loads()).as("the crops are listed from the headers").isZero();
            assertThat(it.items()).hasSize(annotations.size());
            it.checkAll();
            assertThat(volumes.loads()).isEqualTo((int) annotations.stream().map(LunaNodule::seriesuid).distinct()
                    .count());
            for (String uid : series) {
                CtVolume ct = volumes.volume(uid);
                assertThat(volumes.grid(uid)).isEqualTo(SeriesVolumes.Grid.of(ct));
            }
            it.setEpoch(1);
            DataSet ds = it.next();
            assertThat(ds.getFeatures().shape()).containsExactly(4, 7, 64, 64);
            float[] y = floats(ds.getLabels());
            for (int b = 0; b < 4; b++) {
                float sum = 0;
                for (int p = b * 64 * 64; p < (b + 1) * 64 * 64; p++) {
                    sum += y[p];
                }
                assertThat(sum).as("nodule pixels of draw " + b).isPositive();
            }
        }
    }
}
