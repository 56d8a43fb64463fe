package io.pulmo.common.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * SGD with classical (heavy-ball) momentum as PyTorch's {@code torch.optim.SGD(momentum=μ)} (dampening 0, not
 * Nesterov): {@code v ← μ·v + g}, {@code θ ← θ − lr·v}. DL4J has only Nesterov momentum ({@code Nesterovs}), which
 * follows a different trajectory. Weight decay is added to {@code g} before the momentum, as PyTorch does, by
 * configuring L2 on the network ({@link Optimizers}). The state is one array {@code v} per parameter, so resuming
 * from {@code last.zip} continues the same trajectory.
 */
public final class SgdMomentum implements IUpdater {
    @JsonProperty("learningRate")
    private double learningRate;
    @JsonProperty("momentum")
    private double momentum;

    /** For deserialisation. */
    public SgdMomentum() {
        this(0.01, 0.9);
    }

    public SgdMomentum(double learningRate, double momentum) {
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD needs lr > 0 and momentum in [0, 1), got lr " + learningRate
                    + ", momentum " + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    public double getMomentum() {
        return momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public SgdMomentum clone() {
        return new SgdMomentum(learningRate, momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (lrSchedule != null) {
            throw new UnsupportedOperationException("SgdMomentum takes its schedule from Pulmo's LrSchedules");
        }
        this.learningRate = lr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SgdMomentum s && s.learningRate == learningRate && s.momentum == momentum;
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, momentum);
    }

    @Override
    public String toString() {
        return "SgdMomentum(lr=" + learningRate + ", momentum=" + momentum + ")";
    }

    /** The per-parameter-block state and step. */
    static final class Updater implements GradientUpdater<SgdMomentum> {
        static final String V = "V";
        private final SgdMomentum config;
        private INDArray v;

        Updater(SgdMomentum config) {
            this.config = config;
        }

        @Override
        public SgdMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (!state.containsKey(V) || state.size() != 1) {
                throw new IllegalStateException("SgdMomentum expects one state array '" + V + "', got " + state.keySet());
            }
            v = state.get(V);
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(V, v);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            v = viewArray.reshape(order, gradientShape);
        }

        /** Turns the gradient into the step DL4J subtracts: {@code lr·(μ·v + g)}, keeping {@code v}. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            v.muli(config.momentum).addi(gradient);
            gradient.assign(v).muli(config.getLearningRate(iteration, epoch));
        }
    }
}
