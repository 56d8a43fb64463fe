package io.pulmo.ct3d.diagnose;

import io.pulmo.common.train.CheckpointListener;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.nio.file.Path;

/**
 * The three trained networks of the pipeline.
 *
 * @param segment    {@code unet-luna}: slice → nodule probability per pixel
 * @param nodule     {@code luna-cnn}: chunk → P(nodule)
 * @param malignancy {@code luna-cnn} fine-tuned: chunk → P(malignant)
 */
public record PipelineModels(ComputationGraph segment, ComputationGraph nodule, ComputationGraph malignancy) {

    /** Stage directories of an end-to-end run, as {@code pulmo run configs/luna/end-to-end.yaml} writes them. */
    public static final String SEGMENT_DIR = "segment";
    public static final String NODULE_DIR = "nodule";
    public static final String MALIGNANCY_DIR = "malignancy";

    /** The best checkpoints of an end-to-end run directory's three stages. */
    public static PipelineModels load(Path endToEndRun) {
        return new PipelineModels(best(endToEndRun.resolve(SEGMENT_DIR)), best(endToEndRun.resolve(NODULE_DIR)),
                best(endToEndRun.resolve(MALIGNANCY_DIR)));
    }

    /** The best checkpoint of a stage's run directory. */
    public static ComputationGraph best(Path stageRun) {
        return CheckpointListener.restore(stageRun.resolve("checkpoints").resolve(CheckpointListener.BEST), false);
    }
}
