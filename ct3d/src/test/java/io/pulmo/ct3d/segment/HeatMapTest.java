package io.pulmo.ct3d.segment;

import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.ct3d.Ct3dModels;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.ElementType;
import io.pulmo.ct3d.load.Geometry;
import io.pulmo.ct3d.load.LunaCsv;
import io.pulmo.ct3d.load.LunaNodule;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.load.MetaImage;
import io.pulmo.ct3d.load.XyzMm;
import io.pulmo.ct3d.phantom.LunaPhantom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Heat maps: a model built for 64 × 64 crops on whole slices of other sizes, the CT's grid, and what it learnt. */
class HeatMapTest {

    @TempDir
    Path tmp;

    private static CtVolume scan(int depth, int rows, int cols) {
        CtVolume noisy = SegmentFixtures.noisyWithCubes("heat", depth, rows, cols, 4, new int[] {depth / 2, rows / 2,
            cols / 2});
        Geometry g = new Geometry(new XyzMm(-120.5, 33, -300), new XyzMm(0.7, 0.8, 2.5),
                new double[] {0.99, -0.1, 0, 0.1, 0.99, 0, 0, 0, 1});
        return CtVolume.of("heat", depth, rows, cols, g, noisy.huArray());
    }

    @Test
    void aNetworkBuiltFor64AcceptsWholeSlicesOfOtherSizes() throws Exception {
        ComputationGraph model = Ct3dModels.build(SegmentFixtures.config(tmp, 4, 4, 1, 1e-3));
        assertThat(HeatMap.inputChannels(model)).isEqualTo(7);
        assertThat(HeatMap.sizeMultiple(model)).isEqualTo(4);
        INDArray out = model.output(false, Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 7, 96, 80)
                .muli(2000).subi(1000))[0];
        assertThat(out.shape()).containsExactly(2, 1, 96, 80);

        CtVolume ct = scan(5, 96, 80);
        MetaImage heat = HeatMap.infer(model, ct, 2);
        assertThat(heat.elementType()).isEqualTo(ElementType.MET_FLOAT);
        assertThat(new int[] {heat.sizeX(), heat.sizeY(), heat.sizeZ()}).containsExactly(80, 96, 5);
        assertThat(heat.geometry()).isEqualTo(ct.geometry());
        // batching changes nothing: slice 4 (the last, alone in its batch) equals a forward pass of its own
        float[] single = HeatMap.probabilities(model, ContextSlices.read(ct, 4, 7, 0, 0, 96, 80), 1, 7, 96, 80);
        float[] all = heat.floats();
        for (int k = 0; k < single.length; k++) {
            assertThat(all[4 * 96 * 80 + k]).isCloseTo(single[k], within(1e-5f));
        }
        for (float v : all) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void slicesThatPoolingDoesNotDivideArePaddedAndCut() throws Exception {
        ComputationGraph model = Ct3dModels.build(SegmentFixtures.config(tmp, 4, 4, 1, 1e-3));
        CtVolume ct = scan(5, 50, 30);
        MetaImage heat = HeatMap.infer(model, ct, 8);
        assertThat(new int[] {heat.sizeX(), heat.sizeY(), heat.sizeZ()}).containsExactly(30, 50, 5);
        float[] padded = HeatMap.probabilities(model, ContextSlices.read(ct, 1, 7, 0, 0, 52, 32), 1, 7, 52, 32);
        for (int r = 0; r < 50; r++) {
            for (int c = 0; c < 30; c++) {
                assertThat(heat.value(1, r, c)).isCloseTo(padded[r * 32 + c], within(1e-5));
            }
        }
    }

    @Test
    void writesACompressedMetaImageThatReadsBack() throws Exception {
        ComputationGraph model = Ct3dModels.build(SegmentFixtures.config(tmp, 4, 4, 1, 1e-3));
        CtVolume ct = scan(5, 32, 32);
        MetaImage heat = HeatMap.infer(model, ct, 3);
        Path mhd = tmp.resolve("heat.mhd");
        HeatMap.write(heat, mhd);
        assertThat(tmp.resolve("heat.zraw")).exists();
        assertThat(Files.readString(mhd)).contains("CompressedData = True").contains("MET_FLOAT");
        MetaImage back = MetaImage.read(mhd);
        assertThat(back.geometry()).isEqualTo(ct.geometry());
        assertThat(back.floats()).containsExactly(heat.floats());
    }

    /**
     * A tiny model trained 20 steps on the crops of a LUNA phantom puts clearly more probability on the nodules'
     * voxels than on the rest of the scans, whole scans included (untrained, the gap is a fourth of the bound).
     */
    @Test
    void aBrieflyTrainedModelLightsUpTheNodules() throws Exception {
        Path root = tmp.resolve("luna");
        LunaPhantom.write(root, 3, 64, 1);
        List<LunaNodule> annotations = LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS));
        List<String> series = new ArrayList<>(LunaVolumes.index(root).keySet());
        SeriesVolumes volumes = SeriesVolumes.onLunaRoot(root, annotations);
        int batch = 4;
        int steps = 20;
        ExperimentConfig config = SegmentFixtures.config(tmp, 4, batch, 1, 3e-3);
        ComputationGraph model = Ct3dModels.build(config);
        try (SegmentBatchIterator it = SegmentBatchIterator.training(volumes, series, 64, 7, batch, 3L, steps * batch,
                2)) {
            it.setEpoch(1);
            while (it.hasNext()) {
                DataSet ds = it.next();
                model.fit(ds);
            }
        }
        double[] after = means(model, volumes, series);
        // measured: 0.92 inside, 0.50 outside after 20 steps; 0.84 and 0.79 before training (a gap of 0.04)
        assertThat(after[0]).as("mean probability inside the masks, outside %.3f", after[1])
                .isGreaterThan(after[1] + 0.15);
    }

    /** Mean heat-map probability {inside, outside} the nodule masks over every voxel of the scans. */
    private static double[] means(ComputationGraph model, SeriesVolumes volumes, List<String> series) {
        double inside = 0;
        double outside = 0;
        long nIn = 0;
        long nOut = 0;
        for (String uid : series) {
            CtVolume ct = volumes.volume(uid);
            NoduleMask mask = volumes.mask(uid);
            float[] heat = HeatMap.infer(model, ct, 8).floats();
            int k = 0;
            for (int i = 0; i < ct.depth(); i++) {
                for (int r = 0; r < ct.rows(); r++) {
                    for (int c = 0; c < ct.cols(); c++, k++) {
                        if (mask.get(i, r, c)) {
                            inside += heat[k];
                            nIn++;
                        } else {
                            outside += heat[k];
                            nOut++;
                        }
                    }
                }
            }
        }
        assertThat(nIn).as("nodule voxels").isPositive();
        return new double[] {inside / nIn, outside / nOut};
    }
}
