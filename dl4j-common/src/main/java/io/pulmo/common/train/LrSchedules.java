package io.pulmo.common.train;

import io.pulmo.common.config.ScheduleConfig;
import io.pulmo.common.run.HistoryRow;

/**
 * Learning-rate schedules as trainer listeners, with PyTorch's semantics (one {@code scheduler.step()} per epoch).
 * The rate of 1-based epoch {@code e} is the rate after {@code k = e − 1} steps:
 * <ul>
 *   <li>{@code cosine} (CosineAnnealingLR, η_min 0): {@code lr·(1 + cos(π·k/T))/2}, {@code T = schedule.t_max}
 *       (default {@code train.epochs}); e.g. lr 1e-3, T 10, k 2 → 9.045085e-4;</li>
 *   <li>{@code multiplicative} (MultiplicativeLR): {@code lr·factor^k}; e.g. 0.01 × 0.98739^10 = 0.0088082;</li>
 *   <li>{@code step} (StepLR): {@code lr·factor^⌊k/step⌋};</li>
 *   <li>{@code plateau} (ReduceLROnPlateau, threshold 1e-4 relative, cooldown 0): after an epoch whose monitored
 *       value (the checkpoint metric) has not improved for more than {@code patience} epochs, the rate is multiplied
 *       by {@code factor}. Its counters live in {@link TrainingState#getExtra()}, so a resume continues them.</li>
 * </ul>
 */
public final class LrSchedules {
    private LrSchedules() {
    }

    /** The listener for a schedule, or null for {@code none}. */
    public static TrainListener listener(ScheduleConfig s, double baseLr, int epochs) {
        return switch (s.type()) {
            case "none" -> null;
            case "plateau" -> new Plateau(s.factor(), s.patience());
            default -> new TrainListener() {
                @Override
                public void onEpochStart(TrainingContext ctx, int epoch) {
                    ctx.state().setLr(rate(s, baseLr, epochs, epoch - 1));
                }
            };
        };
    }

    /** The closed-form rate after {@code steps} epochs (not for {@code plateau}). */
    public static double rate(ScheduleConfig s, double baseLr, int epochs, int steps) {
        return switch (s.type()) {
            case "none" -> baseLr;
            case "cosine" -> {
                int t = s.tMax() != null ? s.tMax() : epochs;
                yield baseLr * (1 + Math.cos(Math.PI * Math.min(steps, t) / t)) / 2;
            }
            case "multiplicative" -> baseLr * Math.pow(s.factor(), steps);
            case "step" -> baseLr * Math.pow(s.factor(), Math.floorDiv(steps, s.step()));
            default -> throw new IllegalArgumentException("schedule.type '" + s.type() + "' has no closed form");
        };
    }

    /** ReduceLROnPlateau on the trainer's monitored column. */
    static final class Plateau implements TrainListener {
        private static final String BEST = "plateau_best";
        private static final String BAD = "plateau_bad_epochs";
        private final double factor;
        private final int patience;

        Plateau(double factor, int patience) {
            this.factor = factor;
            this.patience = patience;
        }

        @Override
        public void onEpochEnd(TrainingContext ctx, HistoryRow row) {
            double value = row.value(ctx.monitor());
            if (Double.isNaN(value)) {
                return;
            }
            var extra = ctx.state().getExtra();
            Double best = extra.get(BEST) instanceof Number n ? n.doubleValue() : null;
            int bad = extra.get(BAD) instanceof Number n ? n.intValue() : 0;
            boolean improved = best == null || (ctx.minimise() ? value < best * (1 - 1e-4) : value > best * (1 + 1e-4));
            if (improved) {
                best = value;
                bad = 0;
            } else if (++bad > patience) {
                ctx.state().setLr(ctx.state().getLr() * factor);
                bad = 0;
            }
            extra.put(BEST, best);
            extra.put(BAD, bad);
        }
    }
}
