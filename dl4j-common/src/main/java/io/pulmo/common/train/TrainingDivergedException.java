package io.pulmo.common.train;

import io.pulmo.common.PulmoException;

/** The training loss became NaN or infinite: training stops and the run is marked {@code failed}. */
public final class TrainingDivergedException extends PulmoException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
