package io.pulmo.ct3d.diagnose;

import io.pulmo.common.config.Ct3dConfig;
import io.pulmo.ct3d.classify.ChunkClassifierTask;
import io.pulmo.ct3d.classify.ChunkTarget;
import io.pulmo.ct3d.group.CandidateComponent;
import io.pulmo.ct3d.group.CandidateGrouper;
import io.pulmo.ct3d.group.Connectivity;
import io.pulmo.ct3d.group.GridShape;
import io.pulmo.ct3d.group.GroupingConfig;
import io.pulmo.ct3d.load.CandidateInfo;
import io.pulmo.ct3d.load.CtCache;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.MetaImage;
import io.pulmo.ct3d.load.XyzMm;
import io.pulmo.ct3d.segment.HeatMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The book's chapter 14 pipeline on one scan: segment every slice into a heat map, group it into candidates, classify
 * each candidate's chunk as nodule or not and as malignant or not, and diagnose the patient.
 *
 * <p>Memory: the CT (2 bytes a voxel), its heat map (4 bytes a voxel) and the grouping's masks (1–2 bytes a voxel)
 * are held at once, plus one batch of slices and one batch of chunks in ND4J: about 1 GB for a 512 × 512 × 300 scan.
 */
public final class LunaPipeline {
    private static final Logger log = LoggerFactory.getLogger(LunaPipeline.class);
    /**
     * Pixels of one segmentation batch: two 512 × 512 slices. ND4J's activations of {@code unet-luna} take about
     * 0.5 GB per 512 × 512 slice on the CPU, so this keeps the whole scan's pipeline within a few GB.
     */
    public static final long SEGMENT_BATCH_PIXELS = 2L * 512 * 512;

    private LunaPipeline() {
    }

    /**
     * Runs every stage on {@code ct}.
     *
     * @param batch   chunks per classification batch, and slices per segmentation batch up to
     *                {@link #SEGMENT_BATCH_PIXELS}
     * @param heatMap receives the heat map before grouping (to write it), or null
     */
    public static ScanDiagnosis diagnose(CtVolume ct, PipelineModels models, Ct3dConfig config, int batch,
                                         Consumer<MetaImage> heatMap) {
        long start = System.nanoTime();
        MetaImage heat = HeatMap.infer(models.segment(), ct, slicesPerBatch(ct, batch));
        if (heatMap != null) {
            heatMap.accept(heat);
        }
        List<CandidateComponent> components = group(heat.floats(), ct, config.group());
        heat = null; // the heat map is the largest array: let it go before the chunks are cut
        List<CandidateInfo> candidates = new ArrayList<>(components.size());
        for (CandidateComponent c : components) {
            XyzMm centre = ct.geometry().toXyz(c.index(), c.row(), c.col());
            candidates.add(new CandidateInfo(false, false, false, 0.0, ct.seriesUid(), centre));
        }
        CtCache one = new CtCache(uid -> ct, ct.bytes(), 0);
        double[][] nodule = ChunkClassifierTask.probabilities(models.nodule(), ChunkTarget.NODULE, candidates, one,
                batch);
        double[][] malignant = ChunkClassifierTask.probabilities(models.malignancy(), ChunkTarget.MALIGNANCY,
                candidates, one, batch);
        List<Finding> findings = new ArrayList<>(components.size());
        for (int i = 0; i < components.size(); i++) {
            findings.add(new Finding(components.get(i), candidates.get(i).centre(), nodule[i][1], malignant[i][1]));
        }
        ScanDiagnosis d = ScanDiagnosis.of(ct.seriesUid(), findings, config.noduleThreshold(),
                config.malignancyThreshold());
        log.info("{}: {} candidates, {} nodules, diagnosis {} (score {}) in {} s", ct.seriesUid(), findings.size(),
                d.nodules(), d.diagnosed() ? "malignant" : "negative", String.format("%.3f", d.score()),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return d;
    }

    /** Slices of {@code ct} per segmentation batch: at most {@code batch}, at least 1, within the pixel budget. */
    public static int slicesPerBatch(CtVolume ct, int batch) {
        long fit = SEGMENT_BATCH_PIXELS / ((long) ct.rows() * ct.cols());
        return (int) Math.max(1, Math.min(batch, fit));
    }

    /** The components of a heat map over {@code ct}'s grid under {@code ct3d.group}. */
    public static List<CandidateComponent> group(float[] heat, CtVolume ct, Ct3dConfig.GroupConfig group) {
        return CandidateGrouper.group(heat, ct.huArray(), new GridShape(ct.depth(), ct.rows(), ct.cols()),
                new GroupingConfig(group.threshold(), group.erode(), Connectivity.of(group.connectivity())));
    }
}
