package io.pulmo.ct3d.segment;

import io.pulmo.common.PulmoException;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.IrcIndex;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pulmo.ct3d.segment.SegmentFixtures.air;
import static io.pulmo.ct3d.segment.SegmentFixtures.at;
import static io.pulmo.ct3d.segment.SegmentFixtures.box;
import static io.pulmo.ct3d.segment.SegmentFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The book's annotation mask: a grown box AND HU > −700, on hand-built volumes. */
class NoduleMaskTest {

    private static final int N = 20;

    /** Whether (i, r, c) lies in the inclusive box. */
    private static boolean in(int i, int r, int c, int[] b) {
        return i >= b[0] && i <= b[1] && r >= b[2] && r <= b[3] && c >= b[4] && c <= b[5];
    }

    private static void assertMaskIs(NoduleMask mask, int[]... boxes) {
        int expected = 0;
        for (int i = 0; i < mask.depth(); i++) {
            for (int r = 0; r < mask.rows(); r++) {
                for (int c = 0; c < mask.cols(); c++) {
                    boolean want = false;
                    for (int[] b : boxes) {
                        want |= in(i, r, c, b);
                    }
                    expected += want ? 1 : 0;
                    assertThat(mask.get(i, r, c)).as("voxel (%d, %d, %d)", i, r, c).isEqualTo(want);
                }
            }
        }
        assertThat(mask.count()).isEqualTo(expected);
    }

    @Test
    void aBrightCubeInAirIsExactlyTheMask() {
        short[] hu = air(N, N, N);
        box(hu, N, N, 8, 12, 7, 13, 9, 11, 40);
        CtVolume ct = volume("cube", N, N, N, hu);
        NoduleMask mask = NoduleMask.build(ct, List.of(at(10, 10, 10)));
        assertMaskIs(mask, new int[] {8, 12, 7, 13, 9, 11});
        // each radius stops at the first air voxel: index 3, row 4, col 2 (the start radius, already air)
        assertThat(NoduleMask.radii(ct, new IrcIndex(10, 10, 10))).containsExactly(3, 4, 2);
        assertThat(mask.positiveSlices()).containsExactly(8, 9, 10, 11, 12);
        assertThat(mask.count(10)).isEqualTo(7 * 3);
        assertThat(mask.count(7)).isZero();
    }

    @Test
    void theThresholdIsStrictAndTheBoxCutsWhatExtendsBeyondIt() {
        short[] hu = air(N, N, N);
        box(hu, N, N, 8, 12, 8, 12, 8, 12, 40);
        hu[(10 * N + 8) * N + 8] = -700;              // inside the cube, not denser than −700: not nodule
        hu[(10 * N + 8) * N + 9] = -699;              // just denser: nodule
        box(hu, N, N, 10, 10, 13, 19, 10, 10, 40);    // a vessel leaving the cube along +row only
        NoduleMask mask = NoduleMask.build(volume("vessel", N, N, N, hu), List.of(at(10, 10, 10)));
        assertThat(mask.get(10, 8, 8)).isFalse();
        assertThat(mask.get(10, 8, 9)).isTrue();
        // row radius 3 (row 7 is air): the box ends at row 13, so only the vessel's first voxel joins
        assertThat(mask.get(10, 13, 10)).isTrue();
        assertThat(mask.get(10, 14, 10)).isFalse();
        assertThat(mask.count()).isEqualTo(125 - 1 + 1);
    }

    @Test
    void aNoduleAtTheVolumesEdgeStopsThereAndNeverWraps() {
        short[] hu = air(N, N, N);
        box(hu, N, N, 0, 3, 8, 12, 8, 12, 40);        // touches slice 0
        box(hu, N, N, 16, 19, 8, 12, 8, 12, 40);      // touches the last slice; numpy's index −1 would read it
        CtVolume ct = volume("edge", N, N, N, hu);
        assertThat(NoduleMask.radii(ct, new IrcIndex(1, 10, 10))[0]).isEqualTo(2);
        assertThat(NoduleMask.radii(ct, new IrcIndex(18, 10, 10))[0]).isEqualTo(2);
        NoduleMask low = NoduleMask.build(ct, List.of(at(1, 10, 10)));
        assertMaskIs(low, new int[] {0, 3, 8, 12, 8, 12});
        NoduleMask high = NoduleMask.build(ct, List.of(at(18, 10, 10)));
        assertMaskIs(high, new int[] {16, 19, 8, 12, 8, 12});
        assertThat(high.positiveSlices()).containsExactly(16, 17, 18, 19);
    }

    @Test
    void twoNodulesGiveTheUnionAndOverlappingBoxesCountOnce() {
        short[] hu = air(N, N, N);
        box(hu, N, N, 3, 5, 3, 5, 3, 5, 40);
        box(hu, N, N, 13, 16, 12, 16, 10, 14, 100);
        CtVolume ct = volume("two", N, N, N, hu);
        NoduleMask mask = NoduleMask.build(ct, List.of(at(4, 4, 4), at(14, 14, 12), at(15, 13, 12)));
        assertMaskIs(mask, new int[] {3, 5, 3, 5, 3, 5}, new int[] {13, 16, 12, 16, 10, 14});
        assertThat(mask.positiveSlices()).containsExactly(3, 4, 5, 13, 14, 15, 16);
        assertThat(NoduleMask.build(ct, List.of()).count()).isZero();
    }

    @Test
    void fillPlaneWritesAWindowWithZerosOutsideTheVolume() {
        short[] hu = air(4, 6, 6);
        box(hu, 6, 6, 1, 2, 0, 2, 4, 5, 40);
        NoduleMask mask = NoduleMask.build(volume("window", 4, 6, 6, hu), List.of(at(1, 1, 5)));
        float[] out = new float[4 * 4 + 1];
        out[0] = 7f;
        mask.fillPlane(1, -1, 3, 4, 4, out, 1);    // rows −1..2, cols 3..6
        assertThat(out[0]).isEqualTo(7f);
        float[] expected = {
            0, 0, 0, 0,
            0, 1, 1, 0,
            0, 1, 1, 0,
            0, 1, 1, 0};
        for (int k = 0; k < 16; k++) {
            assertThat(out[1 + k]).as("pixel %d", k).isEqualTo(expected[k]);
        }
        mask.fillPlane(3, 0, 0, 4, 4, out, 1);
        assertThat(out).containsOnly(7f, 0f);
    }

    @Test
    void aCentreOutsideTheVolumeNamesTheSeries() {
        CtVolume ct = volume("1.2.3", 4, 4, 4, air(4, 4, 4));
        assertThatThrownBy(() -> NoduleMask.build(ct, List.of(at(9, 1, 1))))
                .isInstanceOf(PulmoException.class).hasMessageContaining("1.2.3").hasMessageContaining("outside");
    }
}
