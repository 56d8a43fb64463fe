package io.pulmo.ct3d.segment;

import io.pulmo.ct3d.load.CtVolume;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seven context slices, clamped at the scan's ends, HU clipped, air outside the slice. */
class ContextSlicesTest {

    /** 5 slices of 3 × 4; voxel (i, r, c) holds 100 i + 10 r + c. */
    private static CtVolume numbered() {
        short[] hu = new short[5 * 3 * 4];
        for (int i = 0; i < 5; i++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    hu[(i * 3 + r) * 4 + c] = (short) (100 * i + 10 * r + c);
                }
            }
        }
        return SegmentFixtures.volume("numbered", 5, 3, 4, hu);
    }

    /** The slice each channel shows, read back from the centre pixel (value 100 i + 10 + 1). */
    private static int[] slicesShown(float[] x, int channels) {
        int[] out = new int[channels];
        for (int j = 0; j < channels; j++) {
            out[j] = Math.round((x[j * 12 + 4 + 1] - 11) / 100f);
        }
        return out;
    }

    @Test
    void contextIsClampedAtTheFirstAndLastSlice() {
        CtVolume ct = numbered();
        assertThat(slicesShown(ContextSlices.read(ct, 0, 7, 0, 0, 3, 4), 7)).containsExactly(0, 0, 0, 0, 1, 2, 3);
        assertThat(slicesShown(ContextSlices.read(ct, 1, 7, 0, 0, 3, 4), 7)).containsExactly(0, 0, 0, 1, 2, 3, 4);
        assertThat(slicesShown(ContextSlices.read(ct, 2, 7, 0, 0, 3, 4), 7)).containsExactly(0, 0, 1, 2, 3, 4, 4);
        assertThat(slicesShown(ContextSlices.read(ct, 4, 7, 0, 0, 3, 4), 7)).containsExactly(1, 2, 3, 4, 4, 4, 4);
        assertThat(slicesShown(ContextSlices.read(ct, 3, 1, 0, 0, 3, 4), 1)).containsExactly(3);
        assertThat(ContextSlices.sliceOf(0, 0, 7, 5)).isZero();
        assertThat(ContextSlices.sliceOf(4, 6, 7, 5)).isEqualTo(4);
    }

    @Test
    void valuesAreClippedHuAndAirOutsideTheSlice() {
        CtVolume ct = numbered();
        ct.huArray()[(2 * 3 + 1) * 4 + 2] = 3071;     // bone beyond the clip
        ct.huArray()[(2 * 3 + 0) * 4 + 0] = -3024;    // outside the scanner's field of view
        float[] x = ContextSlices.read(ct, 2, 1, -1, -2, 5, 8);  // rows −1..3, cols −2..5
        float[][] expected = {
            {-1000, -1000, -1000, -1000, -1000, -1000, -1000, -1000},
            {-1000, -1000, -1000, 201, 202, 203, -1000, -1000},
            {-1000, -1000, 210, 211, 1000, 213, -1000, -1000},
            {-1000, -1000, 220, 221, 222, 223, -1000, -1000},
            {-1000, -1000, -1000, -1000, -1000, -1000, -1000, -1000}};
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 8; c++) {
                assertThat(x[r * 8 + c]).as("(%d, %d)", r, c).isEqualTo(expected[r][c]);
            }
        }
        // a window wholly beside the slice is air; the offset leaves what precedes it alone
        float[] out = {5f, 0, 0, 0, 0};
        ContextSlices.fill(ct, 0, 1, 0, 10, 2, 2, out, 1);
        assertThat(out).containsExactly(5f, -1000f, -1000f, -1000f, -1000f);
    }

    @Test
    void badArgumentsFail() {
        CtVolume ct = numbered();
        assertThatThrownBy(() -> ContextSlices.read(ct, 5, 7, 0, 0, 3, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numbered");
        assertThatThrownBy(() -> ContextSlices.read(ct, 0, 6, 0, 0, 3, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContextSlices.read(ct, 0, 7, 0, 0, 0, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
