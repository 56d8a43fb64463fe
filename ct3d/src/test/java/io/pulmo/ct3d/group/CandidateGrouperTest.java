package io.pulmo.ct3d.group;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Threshold → erosion → components → centres, on hand-built volumes and against scipy's values. */
class CandidateGrouperTest {

    private static final GroupingConfig NO_EROSION = GroupingConfig.DEFAULT.withErosion(0);

    @Test
    void defaultsAreTheBooks() {
        assertThat(GroupingConfig.DEFAULT.threshold()).isEqualTo(0.5);
        assertThat(GroupingConfig.DEFAULT.erosionIterations()).isEqualTo(1);
        assertThat(GroupingConfig.DEFAULT.connectivity()).isEqualTo(Connectivity.SIX);
    }

    @Test
    void theThresholdIsStrict() {
        float[] heat = {0.5f, Math.nextUp(0.5f), 0.9f, Float.NaN, 0.1f};
        assertThat(CandidateGrouper.threshold(heat, 0.5)).containsExactly(false, true, true, false, false);
    }

    @Test
    void twoCubesGiveTheirSizesAndCentres() {
        GridShape g = new GridShape(10, 12, 14);
        boolean[] mask = new boolean[g.size()];
        Volumes.box(mask, g, 1, 4, 2, 5, 3, 6);     // 3 × 3 × 3 around (2, 3, 4)
        Volumes.box(mask, g, 6, 8, 8, 10, 10, 12);  // 2 × 2 × 2 around (6.5, 8.5, 10.5)
        float[] heat = Volumes.heat(mask, 0.9f);

        List<CandidateComponent> raw = CandidateGrouper.group(heat, null, g, NO_EROSION);
        assertThat(raw).hasSize(2);
        assertThat(raw.get(0).voxels()).isEqualTo(27);
        assertThat(raw.get(0).irc()).containsExactly(2.0, 3.0, 4.0);
        assertThat(raw.get(1).voxels()).isEqualTo(8);
        assertThat(raw.get(1).irc()).containsExactly(6.5, 8.5, 10.5);

        // one erosion: the 3-cube keeps its centre voxel, the 2-cube disappears
        List<CandidateComponent> eroded = CandidateGrouper.group(heat, null, g, GroupingConfig.DEFAULT);
        assertThat(eroded).hasSize(1);
        assertThat(eroded.get(0).voxels()).isEqualTo(1);
        assertThat(eroded.get(0).irc()).containsExactly(2.0, 3.0, 4.0);
    }

    @Test
    void erosionCutsAThinBridgeAndRemovesAThinTail() {
        // two 5-cubes joined by a one-voxel-thick bridge form one component; one erosion removes the bridge and
        // a one-voxel-thick tail on the second cube, leaving the two 3-cube cores. Where bridge and tail meet a
        // cube face, that face voxel keeps all six neighbours and survives (as in scipy): 27 + 1 and 27 + 2.
        GridShape g = new GridShape(7, 7, 20);
        boolean[] mask = new boolean[g.size()];
        Volumes.box(mask, g, 1, 6, 1, 6, 1, 6);
        Volumes.box(mask, g, 1, 6, 1, 6, 10, 15);
        Volumes.box(mask, g, 3, 4, 3, 4, 6, 10);    // bridge
        Volumes.box(mask, g, 3, 4, 3, 4, 15, 19);   // tail
        float[] heat = Volumes.heat(mask, 1f);
        List<CandidateComponent> raw = CandidateGrouper.group(heat, null, g, NO_EROSION);
        assertThat(raw).hasSize(1);
        assertThat(raw.get(0).voxels()).isEqualTo(125 + 125 + 4 + 4);
        List<CandidateComponent> eroded = CandidateGrouper.group(heat, null, g, GroupingConfig.DEFAULT);
        assertThat(eroded).extracting(CandidateComponent::voxels).containsExactly(28L, 29L);
        assertThat(eroded.get(0).irc()).containsExactly(3.0, 3.0, (27 * 3.0 + 5) / 28);
        assertThat(eroded.get(1).irc()).containsExactly(3.0, 3.0, (27 * 12.0 + 10 + 14) / 29);
    }

    @Test
    void sixAndTwentySixConnectivityDiffer() {
        // a diagonal staircase of 2-cubes touching at edges: one component with 26, four with 6
        GridShape g = new GridShape(4, 12, 12);
        boolean[] mask = new boolean[g.size()];
        for (int k = 0; k < 4; k++) {
            Volumes.box(mask, g, 1, 3, 2 * k + 1, 2 * k + 3, 2 * k + 1, 2 * k + 3);
        }
        float[] heat = Volumes.heat(mask, 0.75f);
        List<CandidateComponent> six = CandidateGrouper.group(heat, null, g, NO_EROSION);
        List<CandidateComponent> all = CandidateGrouper.group(heat, null, g,
                NO_EROSION.withConnectivity(Connectivity.TWENTY_SIX));
        assertThat(six).hasSize(4).allSatisfy(c -> assertThat(c.voxels()).isEqualTo(8));
        assertThat(six).extracting(CandidateComponent::row).containsExactly(1.5, 3.5, 5.5, 7.5);
        assertThat(all).hasSize(1);
        assertThat(all.get(0).voxels()).isEqualTo(32);
        assertThat(all.get(0).irc()).containsExactly(1.5, 4.5, 4.5);
    }

    @Test
    void aCtWeightsTheCentreTowardsDenseVoxels() {
        GridShape g = new GridShape(3, 3, 5);
        boolean[] mask = new boolean[g.size()];
        Volumes.box(mask, g, 1, 2, 1, 2, 0, 4); // a bar of 4 voxels along col
        short[] hu = new short[g.size()];
        hu[g.offset(1, 1, 0)] = -2000; // weight 1 (clipped)
        hu[g.offset(1, 1, 1)] = -1000; // 1
        hu[g.offset(1, 1, 2)] = 0;     // 1001
        hu[g.offset(1, 1, 3)] = 3000;  // 2001 (clipped)
        float[] heat = Volumes.heat(mask, 1f);
        CandidateComponent plain = CandidateGrouper.group(heat, null, g, NO_EROSION).get(0);
        CandidateComponent weighted = CandidateGrouper.group(heat, hu, g, NO_EROSION).get(0);
        assertThat(plain.col()).isEqualTo(1.5);
        // (0·1 + 1·1 + 2·1001 + 3·2001) / (1 + 1 + 1001 + 2001) = 8006 / 3004
        assertThat(weighted.col()).isEqualTo(8006.0 / 3004.0);
        assertThat(weighted.index()).isEqualTo(1.0);
        assertThat(weighted.row()).isEqualTo(1.0);
    }

    @Test
    void nothingAboveTheThresholdGivesNoComponents() {
        GridShape g = new GridShape(3, 4, 5);
        assertThat(CandidateGrouper.group(new float[g.size()], null, 3, 4, 5, GroupingConfig.DEFAULT)).isEmpty();
    }

    /**
     * Expected values from scipy 1.17 on {@link Volumes#blockNoise} (16 × 18 × 20, threshold 0.6) and
     * {@link Volumes#rampHu}: {@code m = heat > 0.6; m = binary_erosion(m, iterations=e)} (when e = 1);
     * {@code lab, n = label(m, generate_binary_structure(3, 1 or 3))}; sizes by {@code ndimage.sum}; centres by
     * {@code center_of_mass(hu.clip(-1000, 1000) + 1001, lab, range(1, n + 1))} and unweighted by
     * {@code center_of_mass(m, lab, ...)}. Each row: erosion, connectivity, n, total voxels, the label of the
     * largest component, then for the first component and for another one (the largest, or the last when the
     * first is the largest): label, size, weighted centre, unweighted centre.
     */
    static Stream<Arguments> scipyCases() {
        return Stream.of(
                Arguments.of(0, 6, 22, 2392, 1,
                        new Object[] {1, 2104L, new double[] {10.754704913756104, 10.44136004196483, 10.988672862276255},
                                new double[] {7.610266159695818, 8.477186311787072, 9.762357414448669}},
                        new Object[] {22, 16L, new double[] {12.516720604099245, 16.509169363538295, 13.518878101402374},
                                new double[] {12.5, 16.5, 13.5}}),
                Arguments.of(0, 26, 1, 2392, 1,
                        new Object[] {1, 2392L, new double[] {10.647270359687177, 10.49686191676698, 10.908668781434459},
                                new double[] {7.489966555183947, 8.533444816053512, 9.603678929765886}},
                        new Object[] {1, 2392L, new double[] {10.647270359687177, 10.49686191676698, 10.908668781434459},
                                new double[] {7.489966555183947, 8.533444816053512, 9.603678929765886}}),
                Arguments.of(1, 6, 42, 126, 22,
                        new Object[] {1, 2L, new double[] {1.0, 2.5, 4.0}, new double[] {1.0, 2.5, 4.0}},
                        new Object[] {22, 19L, new double[] {10.060246794096297, 7.5840793612388095, 12.018872489716912},
                                new double[] {9.894736842105264, 7.421052631578948, 11.947368421052632}}),
                Arguments.of(1, 26, 22, 126, 9,
                        new Object[] {1, 3L, new double[] {1.3333333333333333, 2.6666666666666665, 3.6666666666666665},
                                new double[] {1.3333333333333333, 2.6666666666666665, 3.6666666666666665}},
                        new Object[] {9, 24L, new double[] {10.764695591322603, 11.603918824352695, 3.8616165150454864},
                                new double[] {9.958333333333334, 11.791666666666666, 4.0}}));
    }

    @ParameterizedTest(name = "erosion {0}, connectivity {1}")
    @MethodSource("scipyCases")
    void matchesScipy(int erosion, int connectivity, int count, int voxels, int largestLabel, Object[] first,
                      Object[] other) {
        GridShape g = new GridShape(16, 18, 20);
        float[] heat = Volumes.blockNoise(g);
        short[] hu = Volumes.rampHu(g);
        GroupingConfig config = new GroupingConfig(0.6, erosion, Connectivity.of(connectivity));
        List<CandidateComponent> weighted = CandidateGrouper.group(heat, hu, g, config);
        List<CandidateComponent> plain = CandidateGrouper.group(heat, null, g, config);
        assertThat(weighted).hasSize(count);
        assertThat(weighted.stream().mapToLong(CandidateComponent::voxels).sum()).isEqualTo(voxels);
        CandidateComponent big = weighted.stream().max(Comparator.comparingLong(CandidateComponent::voxels)
                .thenComparing(c -> -c.label())).orElseThrow();
        for (Object[] expected : new Object[][] {first, other}) {
            int label = (Integer) expected[0];
            CandidateComponent w = weighted.get(label - 1);
            CandidateComponent p = plain.get(label - 1);
            assertThat(w.label()).isEqualTo(label);
            assertThat(w.voxels()).isEqualTo((Long) expected[1]);
            assertClose(w.irc(), (double[]) expected[2]);
            assertClose(p.irc(), (double[]) expected[3]);
        }
        assertThat(big.label()).isEqualTo(largestLabel);
    }

    private static void assertClose(double[] actual, double[] expected) {
        for (int k = 0; k < 3; k++) {
            assertThat(actual[k]).isCloseTo(expected[k], within(1e-12));
        }
    }
}
