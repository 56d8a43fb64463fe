package io.pulmo.common.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.Map;

/** Scores the model on the validation split after each epoch; the task (classification, segmentation) supplies it. */
@FunctionalInterface
public interface EpochEvaluator {
    Result evaluate(ComputationGraph model);

    /**
     * @param loss    mean validation loss
     * @param metrics validation metrics by name without the {@code val_} prefix, in column order
     */
    record Result(double loss, Map<String, Double> metrics) {
    }

    /** For a run without a validation split: no loss, no metrics. */
    EpochEvaluator NONE = model -> new Result(Double.NaN, Map.of());
}
