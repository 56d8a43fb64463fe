package io.pulmo.ct3d.group;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Labelling as scipy.ndimage.label: connectivity, numbering, sizes and centres. */
class ConnectedComponentsTest {

    @Test
    void cornerAndEdgeNeighboursJoinOnlyWith26Connectivity() {
        GridShape g = new GridShape(4, 4, 4);
        boolean[] mask = new boolean[g.size()];
        mask[g.offset(1, 1, 1)] = true;
        mask[g.offset(2, 2, 2)] = true; // touches (1, 1, 1) at a corner
        mask[g.offset(2, 3, 3)] = true; // touches (2, 2, 2) along an edge
        mask[g.offset(0, 3, 3)] = true; // touches nothing
        ConnectedComponents.Labelling six = ConnectedComponents.label(mask, g, Connectivity.SIX);
        ConnectedComponents.Labelling all = ConnectedComponents.label(mask, g, Connectivity.TWENTY_SIX);
        assertThat(six.count()).isEqualTo(4);
        assertThat(all.count()).isEqualTo(2);
        // numbering by first voxel in raster order: (0, 3, 3) comes first
        assertThat(all.labels()[g.offset(0, 3, 3)]).isEqualTo(1);
        assertThat(all.labels()[g.offset(1, 1, 1)]).isEqualTo(2);
        assertThat(all.labels()[g.offset(2, 2, 2)]).isEqualTo(2);
        assertThat(all.labels()[g.offset(2, 3, 3)]).isEqualTo(2);
        assertThat(six.labels()[g.offset(0, 3, 3)]).isEqualTo(1);
        assertThat(six.labels()[g.offset(1, 1, 1)]).isEqualTo(2);
        assertThat(six.labels()[g.offset(2, 2, 2)]).isEqualTo(3);
        assertThat(six.labels()[g.offset(2, 3, 3)]).isEqualTo(4);
        assertThat(Volumes.count(mask)).as("label() leaves its input alone").isEqualTo(4);
    }

    @Test
    void labelsFollowTheFirstVoxelInRasterOrderNotTheCentre() {
        // a long L starting at (0, 0, 0) and reaching far down, and a single voxel at (0, 0, 2): the L is label 1
        GridShape g = new GridShape(1, 6, 4);
        boolean[] mask = new boolean[g.size()];
        Volumes.box(mask, g, 0, 1, 0, 6, 0, 1);
        Volumes.box(mask, g, 0, 1, 5, 6, 0, 4);
        mask[g.offset(0, 0, 2)] = true;
        List<CandidateComponent> components =
                ConnectedComponents.measureConsuming(mask, null, g, Connectivity.SIX);
        assertThat(components).extracting(CandidateComponent::voxels).containsExactly(9L, 1L);
        assertThat(components).extracting(CandidateComponent::label).containsExactly(1, 2);
        assertThat(Volumes.count(mask)).as("the mask is consumed").isZero();
    }

    @ParameterizedTest
    @EnumSource(Connectivity.class)
    void labelArrayMatchesAReferenceUnionFind(Connectivity connectivity) {
        GridShape g = new GridShape(16, 18, 20);
        float[] heat = Volumes.blockNoise(g);
        boolean[] mask = CandidateGrouper.threshold(heat, 0.6);
        int[] expected = ReferenceLabels.label(mask, g, connectivity);
        ConnectedComponents.Labelling labelling = ConnectedComponents.label(mask, g, connectivity);
        assertThat(labelling.labels()).isEqualTo(expected);
        assertThat(labelling.count()).isEqualTo(connectivity == Connectivity.SIX ? 22 : 1);
    }

    @Test
    void unweightedAndWeightedCentres() {
        GridShape g = new GridShape(2, 2, 3);
        boolean[] mask = new boolean[g.size()];
        mask[g.offset(1, 1, 0)] = true;
        mask[g.offset(1, 1, 1)] = true;
        short[] hu = new short[g.size()];
        hu[g.offset(1, 1, 0)] = -1000; // weight 1
        hu[g.offset(1, 1, 1)] = 1000;  // weight 2001
        CandidateComponent plain = ConnectedComponents.measureConsuming(mask.clone(), null, g, Connectivity.SIX).get(0);
        CandidateComponent weighted = ConnectedComponents.measureConsuming(mask.clone(), hu, g, Connectivity.SIX).get(0);
        assertThat(plain.irc()).containsExactly(1.0, 1.0, 0.5);
        assertThat(weighted.irc()).containsExactly(1.0, 1.0, 2001.0 / 2002.0);
        assertThat(weighted.voxels()).isEqualTo(2);
    }

    @Test
    void hounsfieldWeightsAreClippedToPlusMinus1000() {
        assertThat(ConnectedComponents.huWeight((short) -1000)).isEqualTo(1);
        assertThat(ConnectedComponents.huWeight((short) -3024)).isEqualTo(1);
        assertThat(ConnectedComponents.huWeight((short) 0)).isEqualTo(1001);
        assertThat(ConnectedComponents.huWeight((short) 1000)).isEqualTo(2001);
        assertThat(ConnectedComponents.huWeight((short) 3071)).isEqualTo(2001);
    }

    @Test
    void aFullVolumeIsOneComponentCentredInTheMiddle() {
        GridShape g = new GridShape(7, 64, 65);
        boolean[] mask = new boolean[g.size()];
        java.util.Arrays.fill(mask, true);
        List<CandidateComponent> components =
                ConnectedComponents.measureConsuming(mask, null, g, Connectivity.TWENTY_SIX);
        assertThat(components).hasSize(1);
        assertThat(components.get(0).voxels()).isEqualTo(g.size());
        assertThat(components.get(0).index()).isCloseTo(3.0, within(1e-12));
        assertThat(components.get(0).row()).isCloseTo(31.5, within(1e-12));
        assertThat(components.get(0).col()).isCloseTo(32.0, within(1e-12));
    }

    @Test
    void wrongLengthsAreRejected() {
        GridShape g = new GridShape(2, 2, 2);
        assertThatThrownBy(() -> ConnectedComponents.label(new boolean[7], g, Connectivity.SIX))
                .hasMessageContaining("mask has 7 voxels");
        assertThatThrownBy(() -> ConnectedComponents.measureConsuming(new boolean[8], new short[9], g, Connectivity.SIX))
                .hasMessageContaining("CT has 9 voxels");
        assertThatThrownBy(() -> Connectivity.of(8)).hasMessageContaining("6 or 26, got 8");
        assertThat(Connectivity.of(26)).isEqualTo(Connectivity.TWENTY_SIX);
    }
}
