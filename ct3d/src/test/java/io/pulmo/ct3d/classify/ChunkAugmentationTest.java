package io.pulmo.ct3d.classify;

import io.pulmo.ct3d.classify.ChunkAugmentation.AxisMap;
import io.pulmo.ct3d.classify.ChunkAugmentation.Options;
import io.pulmo.ct3d.classify.ChunkAugmentation.Transform;
import io.pulmo.ct3d.load.ChunkShape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The 3-D augmentation on a known asymmetric chunk: a ramp {@code −800 + 20 i + 5 r + c} HU (no two voxels equal,
 * no mirror symmetry) with a 1000 HU marker at (2, 2, 7) in an 8 × 12 × 12 chunk (centre (3.5, 5.5, 5.5)).
 */
class ChunkAugmentationTest {

    static final ChunkShape S = new ChunkShape(8, 12, 12);
    static final int[] MARKER = {2, 2, 7};

    static float[] chunk() {
        float[] v = new float[S.size()];
        for (int i = 0; i < S.depth(); i++) {
            for (int r = 0; r < S.rows(); r++) {
                for (int c = 0; c < S.cols(); c++) {
                    v[at(i, r, c)] = -800 + 20 * i + 5 * r + c;
                }
            }
        }
        v[at(MARKER[0], MARKER[1], MARKER[2])] = 1000;
        return v;
    }

    static int at(int i, int r, int c) {
        return (i * S.rows() + r) * S.cols() + c;
    }

    static float[] mirror(float[] v, boolean fi, boolean fr, boolean fc) {
        float[] out = new float[v.length];
        for (int i = 0; i < S.depth(); i++) {
            for (int r = 0; r < S.rows(); r++) {
                for (int c = 0; c < S.cols(); c++) {
                    out[at(i, r, c)] = v[at(fi ? S.depth() - 1 - i : i, fr ? S.rows() - 1 - r : r,
                            fc ? S.cols() - 1 - c : c)];
                }
            }
        }
        return out;
    }

    static int[] argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        int plane = S.rows() * S.cols();
        return new int[] {best / plane, best % plane / S.cols(), best % S.cols()};
    }

    /** The forward map of the class comment applied to the marker: where its content should land. */
    static double[] mapped(Transform t, int[] p) {
        double ci = (S.depth() - 1) / 2.0;
        double cr = (S.rows() - 1) / 2.0;
        double cc = (S.cols() - 1) / 2.0;
        double di = forward(t.index(), p[0] - ci);
        double dr = forward(t.row(), p[1] - cr);
        double dc = forward(t.col(), p[2] - cc);
        double cos = Math.cos(t.angleRad());
        double sin = Math.sin(t.angleRad());
        return new double[] {ci + di + t.index().offset(), cr + sin * dc + cos * dr + t.row().offset(),
            cc + cos * dc - sin * dr + t.col().offset()};
    }

    static double forward(AxisMap a, double d) {
        return (a.flip() ? -d : d) * a.scale();
    }

    static void assertNear(int[] actual, double[] expected) {
        for (int k = 0; k < 3; k++) {
            assertThat((double) actual[k]).as("axis %d of %s vs %s", k, java.util.Arrays.toString(actual),
                    java.util.Arrays.toString(expected)).isCloseTo(expected[k], within(1.0));
        }
    }

    @Test
    void aFlipMirrorsTheChunkExactly() {
        float[] in = chunk();
        for (int mask = 1; mask < 8; mask++) {
            boolean fi = (mask & 1) != 0;
            boolean fr = (mask & 2) != 0;
            boolean fc = (mask & 4) != 0;
            float[] out = ChunkAugmentation.resample(in, S, Transform.mirror(fi, fr, fc));
            assertThat(out).as("flips %s %s %s", fi, fr, fc).containsExactly(mirror(in, fi, fr, fc))
                    .isNotEqualTo(in);
        }
    }

    @Test
    void drawnFlipsMirrorEachAxisAboutHalfTheTime() {
        ChunkAugmentation flips = new ChunkAugmentation(new Options(true, 0, 0, false, 0));
        float[] in = chunk();
        int[] flipped = new int[3];
        int draws = 200;
        for (int seed = 0; seed < draws; seed++) {
            Transform t = flips.draw(S, new SplittableRandom(seed));
            float[] out = flips.apply(in, S, new SplittableRandom(seed));
            assertThat(out).containsExactly(mirror(in, t.index().flip(), t.row().flip(), t.col().flip()));
            flipped[0] += t.index().flip() ? 1 : 0;
            flipped[1] += t.row().flip() ? 1 : 0;
            flipped[2] += t.col().flip() ? 1 : 0;
        }
        for (int n : flipped) {
            assertThat(n).isBetween(70, 130);
        }
        assertThat(in).containsExactly(chunk());
    }

    @Test
    void aQuarterTurnAboutTheHeadFootAxisMovesTheMarkerWhereExpected() {
        float[] in = chunk();
        float[] quarter = ChunkAugmentation.resample(in, S, Transform.rotation(Math.PI / 2));
        // (row, col) offsets from the centre (−3.5, 1.5) turn into (1.5, 3.5): voxel (2, 7, 9)
        assertNear(argmax(quarter), new double[] {2, 7, 9});
        assertThat(quarter[at(2, 7, 9)]).isCloseTo(1000f, within(1e-3f));
        float[] half = ChunkAugmentation.resample(in, S, Transform.rotation(Math.PI));
        assertNear(argmax(half), new double[] {2, 9, 4});
        // the head-foot axis is untouched: slice means keep their order
        float[] around = in;
        for (int k = 0; k < 4; k++) {
            around = ChunkAugmentation.resample(around, S, Transform.rotation(Math.PI / 2));
        }
        for (int k = 0; k < in.length; k++) {
            assertThat(around[k]).isCloseTo(in[k], within(1e-2f));
        }
    }

    @Test
    void randomRotationsKeepTheSliceAndTheDistanceToTheAxis() {
        ChunkAugmentation rotations = new ChunkAugmentation(new Options(false, 0, 0, true, 0));
        float[] in = chunk();
        for (int seed = 0; seed < 30; seed++) {
            Transform t = rotations.draw(S, new SplittableRandom(seed));
            assertThat(t.angleRad()).isBetween(0.0, 2 * Math.PI);
            int[] m = argmax(rotations.apply(in, S, new SplittableRandom(seed)));
            assertThat(m[0]).isEqualTo(MARKER[0]);
            assertNear(m, mapped(t, MARKER));
        }
    }

    @Test
    void anOffsetShiftsTheMarkerAndFillsWithAir() {
        float[] in = chunk();
        float[] out = ChunkAugmentation.resample(in, S, Transform.shift(1, 2, -3));
        assertThat(argmax(out)).containsExactly(3, 4, 4);
        assertThat(out[at(3, 4, 4)]).isEqualTo(1000f);
        assertThat(out[at(5, 6, 3)]).isEqualTo(in[at(4, 4, 6)]);
        assertThat(out[at(0, 5, 5)]).isEqualTo(ChunkAugmentation.AIR_HU); // slice 0 came from outside
        assertThat(out[at(4, 6, 11)]).isEqualTo(ChunkAugmentation.AIR_HU); // and the last 3 columns
        // half a voxel splits the marker between two voxels (trilinear)
        float[] half = ChunkAugmentation.resample(in, S, Transform.shift(0, 0, 0.5));
        assertThat(half[at(2, 2, 7)]).isCloseTo((1000 + in[at(2, 2, 6)]) / 2, within(1e-3f));
        assertThat(half[at(2, 2, 8)]).isCloseTo((1000 + in[at(2, 2, 8)]) / 2, within(1e-3f));
        // a whole chunk away: nothing but air
        assertThat(ChunkAugmentation.resample(in, S, Transform.shift(0, 0, 12)))
                .containsOnly(ChunkAugmentation.AIR_HU);
    }

    @Test
    void randomOffsetsStayWithinATenthOfTheChunkAndMoveTheMarker() {
        ChunkAugmentation offsets = new ChunkAugmentation(new Options(false, 0.1, 0, false, 0));
        float[] in = chunk();
        int moved = 0;
        for (int seed = 0; seed < 50; seed++) {
            Transform t = offsets.draw(S, new SplittableRandom(seed));
            assertThat(Math.abs(t.index().offset())).isLessThanOrEqualTo(0.1 * S.depth());
            assertThat(Math.abs(t.col().offset())).isLessThanOrEqualTo(0.1 * S.cols());
            int[] m = argmax(offsets.apply(in, S, new SplittableRandom(seed)));
            assertNear(m, mapped(t, MARKER));
            moved += java.util.Arrays.equals(m, MARKER) ? 0 : 1;
        }
        assertThat(moved).isGreaterThan(30);
    }

    @Test
    void aScaleMovesTheMarkerAwayFromTheCentre() {
        AxisMap zoom = new AxisMap(false, 0, 1.25);
        Transform t = new Transform(zoom, zoom, zoom, 0);
        assertNear(argmax(ChunkAugmentation.resample(chunk(), S, t)), mapped(t, MARKER)); // (1.6, 1.1, 7.4)
    }

    @Test
    void noiseAloneChangesValuesBySigmaAndPassesNoneOfTheGeometricTests() {
        ChunkAugmentation noise = new ChunkAugmentation(new Options(false, 0, 0, false, 25));
        float[] in = chunk();
        float[] out = noise.apply(in, S, new SplittableRandom(7));
        double sum = 0;
        double squares = 0;
        for (int k = 0; k < in.length; k++) {
            double d = out[k] - in[k];
            sum += d;
            squares += d * d;
        }
        double mean = sum / in.length;
        assertThat(mean).isCloseTo(0, within(3.0));
        assertThat(Math.sqrt(squares / in.length - mean * mean)).isCloseTo(25, within(2.5));
        // the marker stays where it was: not where a quarter turn or a shift would put it
        assertThat(argmax(out)).containsExactly(MARKER);
        for (int mask = 1; mask < 8; mask++) {
            float[] mirrored = mirror(in, (mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0);
            double worst = 0;
            for (int k = 0; k < in.length; k++) {
                worst = Math.max(worst, Math.abs(out[k] - mirrored[k]));
            }
            assertThat(worst).as("noise is no mirror (mask %d)", mask).isGreaterThan(100);
        }
    }

    @Test
    void identityOptionsChangeNothing() {
        float[] in = chunk();
        ChunkAugmentation none = new ChunkAugmentation(Options.NONE);
        assertThat(Options.NONE.isNone()).isTrue();
        for (int seed = 0; seed < 5; seed++) {
            assertThat(none.apply(in, S, new SplittableRandom(seed))).containsExactly(in);
        }
        assertThat(ChunkAugmentation.resample(in, S, Transform.IDENTITY)).containsExactly(in);
        assertThat(ChunkAugmentation.resample(in, S, Transform.shift(0, -0.0, 0))).containsExactly(in);
    }

    @Test
    void theBooksOptionsAreDeterministicPerSeedAndLeaveTheInputAlone() {
        ChunkAugmentation book = new ChunkAugmentation(Options.BOOK);
        assertThat(Options.BOOK).isEqualTo(new Options(true, 0.1, 0.2, true, 25.0));
        float[] in = chunk();
        float[] a = book.apply(in, S, new SplittableRandom(3));
        assertThat(book.apply(in, S, new SplittableRandom(3))).containsExactly(a);
        assertThat(book.apply(in, S, new SplittableRandom(4))).isNotEqualTo(a);
        assertThat(in).containsExactly(chunk());
        float[] into = new float[S.size() + 10];
        book.apply(in, S, new SplittableRandom(3), into, 10);
        assertThat(java.util.Arrays.copyOfRange(into, 10, into.length)).containsExactly(a);
        for (float v : a) {
            assertThat(v).isBetween(-1200f, 1200f);
        }
    }

    @Test
    void badOptionsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new Options(true, -0.1, 0.2, true, 25)).hasMessageContaining("offset")
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new Options(true, 0.1, 1.5, true, 25)).hasMessageContaining("scale");
        assertThatThrownBy(() -> new Options(true, 0.1, 0.2, true, Double.NaN)).hasMessageContaining("noise");
        assertThatThrownBy(() -> new AxisMap(false, 0, 0)).hasMessageContaining("scale");
        assertThatThrownBy(() -> ChunkAugmentation.resample(new float[3], S, Transform.IDENTITY))
                .hasMessageContaining("needs " + S.size());
    }
}
