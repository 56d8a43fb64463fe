package io.pulmo.common.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainer's resumable state, saved as {@code checkpoints/state.json} after every epoch.
 *
 * <p>{@code epoch} is the last finished epoch (0 before training). {@code bestValue} is the best monitored value so
 * far and {@code bestEpoch} its epoch (0 when none). {@code badEpochs} counts epochs without improvement (for early
 * stopping). {@code lr} is the learning rate of the next epoch. {@code extra} holds listener state (e.g. a plateau
 * schedule's counters) by key.
 */
public final class TrainingState {
    private int epoch;
    private int bestEpoch;
    private double bestValue = Double.NaN;
    private int badEpochs;
    private double lr;
    private long seed;
    private boolean stopRequested;
    private String stopReason;
    private Map<String, Object> extra = new LinkedHashMap<>();

    public TrainingState() {
    }

    public TrainingState(double lr, long seed) {
        this.lr = lr;
        this.seed = seed;
    }

    public int getEpoch() {
        return epoch;
    }

    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    public int getBestEpoch() {
        return bestEpoch;
    }

    public void setBestEpoch(int bestEpoch) {
        this.bestEpoch = bestEpoch;
    }

    public double getBestValue() {
        return bestValue;
    }

    public void setBestValue(double bestValue) {
        this.bestValue = bestValue;
    }

    public int getBadEpochs() {
        return badEpochs;
    }

    public void setBadEpochs(int badEpochs) {
        this.badEpochs = badEpochs;
    }

    public double getLr() {
        return lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }

    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    public Map<String, Object> getExtra() {
        return extra;
    }

    public void setExtra(Map<String, Object> extra) {
        this.extra = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
    }

    /** Asks the trainer to stop after the current epoch (early stopping). */
    public void requestStop(String reason) {
        this.stopRequested = true;
        this.stopReason = reason;
    }

    /** Saved, so that resuming an early-stopped run trains no further epoch. */
    public boolean isStopRequested() {
        return stopRequested;
    }

    public void setStopRequested(boolean stopRequested) {
        this.stopRequested = stopRequested;
    }

    public String getStopReason() {
        return stopReason;
    }

    public void setStopReason(String stopReason) {
        this.stopReason = stopReason;
    }
}
