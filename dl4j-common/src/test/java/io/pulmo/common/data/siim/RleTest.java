package io.pulmo.common.data.siim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.PulmoException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIIM's relative, column-major RLE. Hand-computed cases first: column-major index of pixel (x, y) in a
 * {@code w × h} image is {@code x·h + y}; each start counts from the end of the previous run.
 */
class RleTest {

    /** A row-major 0/1 mask of {@code w × h} with the given (x, y) pixels set. */
    private static byte[] mask(int w, int h, int[][] xy) {
        byte[] m = new byte[w * h];
        for (int[] p : xy) {
            m[p[1] * w + p[0]] = 1;
        }
        return m;
    }

    /**
     * 4×4, pixels (x,y) = (0,1), (0,2), (1,3), (2,0). Column-major indices 0·4+1 = 1, 0·4+2 = 2, 1·4+3 = 7,
     * 2·4+0 = 8: runs [1,3) and [7,9) — the second wraps from the bottom of column 1 to the top of column 2. Relative
     * starts: 1, then 7 − 3 = 4. So "1 2 4 2" (absolute starts would give "1 2 7 2").
     */
    @Test
    void fourByFourHandComputed() {
        byte[] m = mask(4, 4, new int[][]{{0, 1}, {0, 2}, {1, 3}, {2, 0}});
        assertThat(Rle.encode(m, 4, 4)).isEqualTo("1 2 4 2");
        assertThat(Rle.decode("1 2 4 2", 4, 4)).isEqualTo(m);
    }

    /**
     * The relative-start subtlety from the decoding side: "1 2 7 2" on 4×4 is runs [1,3) and [3+7, 3+7+2) = [10,12),
     * i.e. column-major 10 = (x 2, y 2) and 11 = (x 2, y 3) — not pixels 7 and 8.
     */
    @Test
    void startsAreRelativeToTheEndOfThePreviousRun() {
        assertThat(Rle.decode("1 2 7 2", 4, 4)).isEqualTo(mask(4, 4, new int[][]{{0, 1}, {0, 2}, {2, 2}, {2, 3}}));
    }

    /**
     * Non-square 3 wide × 2 high: (x 2, y 0) is column-major 2·2+0 = 4, (x 0, y 1) is 0·2+1 = 1. Runs [1,2) and
     * [4,5): "1 1" then start 4 − 2 = 2: "1 1 2 1". Row-major that mask is [0,0,1, 1,0,0].
     */
    @Test
    void nonSquareUsesHeightAsTheColumnStride() {
        byte[] m = {0, 0, 1, 1, 0, 0};
        assertThat(Rle.encode(m, 3, 2)).isEqualTo("1 1 2 1");
        assertThat(Rle.decode("1 1 2 1", 3, 2)).isEqualTo(m);
    }

    /**
     * The top row of a 4 wide × 2 high image is row-major 0..3 but column-major 0, 2, 4, 6: four runs of one pixel,
     * each one pixel after the previous run's end: "0 1 1 1 1 1 1 1".
     */
    @Test
    void aRowIsNotARunBecauseTheOrderIsColumnMajor() {
        byte[] topRow = {1, 1, 1, 1, 0, 0, 0, 0};
        assertThat(Rle.encode(topRow, 4, 2)).isEqualTo("0 1 1 1 1 1 1 1");
        byte[] leftColumn = {1, 0, 0, 0, 1, 0, 0, 0};
        assertThat(Rle.encode(leftColumn, 4, 2)).isEqualTo("0 2");
    }

    @ParameterizedTest(name = "2x2 {0} -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "1,1,1,1 | 0 4",   // everything: one run from 0
            "0,0,0,1 | 3 1",   // last pixel (x1,y1) = 1·2+1 = 3; SIIM's own mask2rle drops a run ending at the end
            "1,0,0,0 | 0 1",   // first pixel
            "0,1,0,0 | 2 1",   // (x1,y0) = 1·2+0 = 2
            "0,0,0,0 | -1"})   // empty
    void twoByTwoCases(String pixels, String rle) {
        String[] p = pixels.split(",");
        byte[] m = new byte[4];
        for (int i = 0; i < 4; i++) {
            m[i] = Byte.parseByte(p[i]);
        }
        assertThat(Rle.encode(m, 2, 2)).isEqualTo(rle);
        assertThat(Rle.decode(rle, 2, 2)).isEqualTo(m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", " -1", "-1 ", "  -1"})
    void minusOneIsAnEmptyMaskWithTheRealFilesSpacing(String rle) {
        assertThat(Rle.decode(rle, 3, 5)).containsOnly(0).hasSize(15);
    }

    @Test
    void leadingSpaceAndRepeatedSpacesAreAccepted() {
        assertThat(Rle.decode(" 1 2  4 2", 4, 4)).isEqualTo(Rle.decode("1 2 4 2", 4, 4));
    }

    /**
     * Two rows of one ImageId on 4×4: "1 2" = column-major {1, 2}, "2 3" = {2, 3, 4}; "-1" adds nothing. Union
     * {1, 2, 3, 4} = one run "1 4".
     */
    @Test
    void unionOfSeveralRowsIsTheirLogicalOr() {
        byte[] u = Rle.union(List.of("1 2", "2 3", "-1"), 4, 4);
        assertThat(Rle.encode(u, 4, 4)).isEqualTo("1 4");
        assertThat(Rle.union(List.of(), 4, 4)).containsOnly(0);
        assertThat(Rle.union(List.of(" -1"), 4, 4)).containsOnly(0);
    }

    @Test
    void aRunBeyondTheImageIsAOneLineError() {
        assertThatThrownBy(() -> Rle.decode("14 3", 4, 4)).isInstanceOf(PulmoException.class)
                .hasMessage("EncodedPixels run 1 (start 14, length 3) ends at pixel 17, beyond the 4×4 image "
                        + "(16 pixels)");
        // the second run starts relative to the first's end: 2 + 10 + 5 = 17 > 16
        assertThatThrownBy(() -> Rle.decode("0 2 10 5", 4, 4)).hasMessageContaining("run 2")
                .hasMessageContaining("ends at pixel 17");
        assertThat(Rle.decode("0 2 10 4", 4, 4)).contains(1); // ends exactly at 16: fine
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 2 3", "a b", "-2 3", "", "  ", "1.5 2", "1,2"})
    void malformedValuesAreRejected(String rle) {
        assertThat(Rle.syntaxError(rle)).isNotNull();
        assertThatThrownBy(() -> Rle.decode(rle, 4, 4)).isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("EncodedPixels").hasMessageNotContaining("\n");
    }

    @Test
    void encodeChecksTheMaskLength() {
        assertThatThrownBy(() -> Rle.encode(new byte[5], 2, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 42})
    void randomMasksRoundTrip(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] sizes = {{1, 1}, {7, 5}, {5, 7}, {16, 16}, {13, 31}, {64, 48}};
        for (int[] s : sizes) {
            int w = s[0];
            int h = s[1];
            double density = rng.nextDouble();
            byte[] m = new byte[w * h];
            for (int i = 0; i < m.length; i++) {
                m[i] = (byte) (rng.nextDouble() < density ? 1 : 0);
            }
            // touch the borders: first and last pixel, plus a random border pixel on each side
            m[0] = 1;
            m[m.length - 1] = 1;
            m[rng.nextInt(w)] = 1;
            m[(h - 1) * w + rng.nextInt(w)] = 1;
            m[rng.nextInt(h) * w] = 1;
            m[rng.nextInt(h) * w + w - 1] = 1;
            String rle = Rle.encode(m, w, h);
            assertThat(Rle.decode(rle, w, h)).as("%dx%d seed %d", w, h, seed).isEqualTo(m);
            assertThat(Rle.union(Rle.encodeRegions(m, w, h), w, h)).isEqualTo(m);
            assertThat(Rle.encode(Rle.decode(rle, w, h), w, h)).isEqualTo(rle);
        }
    }

    @Test
    void borderFrameAndFullMaskRoundTrip() {
        int w = 9;
        int h = 6;
        byte[] frame = new byte[w * h];
        byte[] full = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                frame[y * w + x] = (byte) (x == 0 || y == 0 || x == w - 1 || y == h - 1 ? 1 : 0);
                full[y * w + x] = 1;
            }
        }
        assertThat(Rle.decode(Rle.encode(frame, w, h), w, h)).isEqualTo(frame);
        assertThat(Rle.encode(full, w, h)).isEqualTo("0 54");
        assertThat(Rle.encodeRegions(frame, w, h)).hasSize(1);
    }

    /**
     * Regions are 8-connected and ordered by their first column-major pixel. On 4×4: a diagonal pair (0,0),(1,1) is one
     * region, column-major {0, 5} = "0 1 4 1"; an isolated (3,3) = 15 is another, "15 1".
     */
    @Test
    void encodeRegionsSplitsConnectedComponents() {
        byte[] m = mask(4, 4, new int[][]{{0, 0}, {1, 1}, {3, 3}});
        assertThat(Rle.encodeRegions(m, 4, 4)).containsExactly("0 1 4 1", "15 1");
        assertThat(Rle.encodeRegions(new byte[16], 4, 4)).containsExactly("-1");
    }
}
