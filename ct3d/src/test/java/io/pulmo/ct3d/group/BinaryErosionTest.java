package io.pulmo.ct3d.group;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Erosion with the 6-neighbour cross and border value 0, as scipy's binary_erosion defaults. */
class BinaryErosionTest {

    private final GridShape g = new GridShape(9, 9, 9);

    @Test
    void aSolidBoxLosesOneVoxelOnEveryFace() {
        boolean[] mask = new boolean[g.size()];
        Volumes.box(mask, g, 2, 7, 2, 7, 2, 7); // 5 × 5 × 5
        boolean[] once = BinaryErosion.erode(mask, g, 1);
        boolean[] core = new boolean[g.size()];
        Volumes.box(core, g, 3, 6, 3, 6, 3, 6); // 3 × 3 × 3
        assertThat(once).isEqualTo(core);
        boolean[] twice = BinaryErosion.erode(mask, g, 2);
        assertThat(Volumes.count(twice)).isEqualTo(1);
        assertThat(twice[g.offset(4, 4, 4)]).isTrue();
        assertThat(Volumes.count(BinaryErosion.erode(mask, g, 3))).isZero();
        assertThat(Volumes.count(mask)).as("input untouched").isEqualTo(125);
    }

    @Test
    void theCrossKeepsEdgesThatA26NeighbourhoodWouldRemove() {
        // a voxel survives when its 6 face neighbours are set, whatever its 20 diagonal neighbours are: a plus
        // sign of 7 voxels erodes to its centre
        boolean[] mask = new boolean[g.size()];
        int[][] plus = {{4, 4, 4}, {3, 4, 4}, {5, 4, 4}, {4, 3, 4}, {4, 5, 4}, {4, 4, 3}, {4, 4, 5}};
        for (int[] p : plus) {
            mask[g.offset(p[0], p[1], p[2])] = true;
        }
        boolean[] eroded = BinaryErosion.erode(mask, g, 1);
        assertThat(Volumes.count(eroded)).isEqualTo(1);
        assertThat(eroded[g.offset(4, 4, 4)]).isTrue();
    }

    @Test
    void thinStructuresVanishAndTheVolumeBorderCountsAsBackground() {
        boolean[] mask = new boolean[g.size()];
        Volumes.box(mask, g, 1, 8, 1, 8, 4, 5);       // a plate one voxel thick
        Volumes.box(mask, g, 1, 2, 1, 2, 0, 9);       // a line
        boolean[] everything = new boolean[g.size()];
        java.util.Arrays.fill(everything, true);      // the whole volume: only the outer shell goes
        assertThat(Volumes.count(BinaryErosion.erode(mask, g, 1))).isZero();
        assertThat(Volumes.count(BinaryErosion.erode(everything, g, 1))).isEqualTo(7 * 7 * 7);
    }

    @Test
    void zeroIterationsIsACopyAndNegativeIsAnError() {
        boolean[] mask = new boolean[g.size()];
        mask[3] = true;
        boolean[] copy = BinaryErosion.erode(mask, g, 0);
        assertThat(copy).isEqualTo(mask).isNotSameAs(mask);
        assertThatThrownBy(() -> BinaryErosion.erode(mask, g, -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> BinaryErosion.erode(new boolean[5], g, 1)).hasMessageContaining("5 voxels");
    }

    @Test
    void thinVolumesErodeToNothing() {
        GridShape flat = new GridShape(1, 5, 5);
        boolean[] mask = new boolean[flat.size()];
        java.util.Arrays.fill(mask, true);
        assertThat(Volumes.count(BinaryErosion.erode(mask, flat, 1))).isZero();
    }
}
