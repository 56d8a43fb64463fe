package io.pulmo.common.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What listeners see: the model being trained, the trainer's state, and the monitored column with its direction.
 *
 * @param model          the network (its parameters and updater state change after every batch)
 * @param state          the resumable state
 * @param monitor        the {@code history.csv} column that picks the best epoch, e.g. {@code val_loss}
 * @param minimise       whether smaller monitored values are better
 * @param epochs         the last epoch to train
 */
public record TrainingContext(ComputationGraph model, TrainingState state, String monitor, boolean minimise,
                              int epochs) {
}
