package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The training loss ({@code loss}). The type id is checked by the code that builds losses, which knows the
 * registered ones; each loss reads only the parameters it uses.
 *
 * @param type      loss id, e.g. {@code ce} (default), {@code bce}, {@code focal}, {@code dice}
 * @param posWeight YAML {@code pos_weight}: weight of the positive class in weighted BCE/CE; null (default) = unweighted;
 *                  positive when set
 * @param alpha     focal-loss class balance &alpha;; null (default) = none; in [0, 1] when set
 * @param gamma     focal-loss focusing exponent &gamma;; default 2.0, &ge; 0
 * @param scale     multiplier of the loss value; default 1.0, positive
 * @param smooth    Dice smoothing term added to numerator and denominator; default 1.0, &ge; 0
 * @param classWeights YAML {@code class_weights}: {@code none} (default) or {@code balanced} — from the training
 *                  split's class counts: {@code w_c = N / (k·N_c)} for {@code ce} (seed 002), {@code pos_weight =
 *                  N_neg / N_pos} for {@code bce} and {@code focal} unless {@code pos_weight} is given; resolved into
 *                  {@code weights} / {@code pos_weight} in the run's {@code config.yaml}
 * @param weights   explicit per-class cross-entropy weights in class order; null (default) = unweighted
 * @param diceReduction YAML {@code dice_reduction}: {@code batch} (default; seed 004 sums over the whole batch) or
 *                  {@code image} (the Dice of each image, averaged)
 * @param squaredPred YAML {@code squared_pred}: MONAI's option, squares the predictions in the Dice denominator;
 *                  default false
 * @param jaccard   MONAI's option, the soft Jaccard (IoU) form of the Dice loss; default false
 * @param bceWeight YAML {@code bce_weight}: weight of the BCE term of {@code bce-dice}; default 1.0, &ge; 0
 * @param diceWeight YAML {@code dice_weight}: weight of the Dice term of {@code bce-dice}; default 1.0, &ge; 0
 */
public record LossConfig(
        String type,
        @JsonProperty("pos_weight") Double posWeight,
        Double alpha,
        double gamma,
        double scale,
        double smooth,
        @JsonProperty("class_weights") String classWeights,
        List<Double> weights,
        @JsonProperty("dice_reduction") String diceReduction,
        @JsonProperty("squared_pred") boolean squaredPred,
        boolean jaccard,
        @JsonProperty("bce_weight") double bceWeight,
        @JsonProperty("dice_weight") double diceWeight) {

    public static final String DEFAULT_TYPE = "ce";
    public static final double DEFAULT_GAMMA = 2.0;
    public static final double DEFAULT_SCALE = 1.0;
    public static final double DEFAULT_SMOOTH = 1.0;
    public static final String DEFAULT_DICE_REDUCTION = "batch";
    /** Accepted values of {@code dice_reduction}. */
    public static final List<String> DICE_REDUCTIONS = List.of("batch", "image");

    public LossConfig {
        type = Checks.notBlank("loss.type", Checks.orDefault(type, DEFAULT_TYPE));
        if (posWeight != null) {
            Checks.positive("loss.pos_weight", posWeight);
        }
        if (alpha != null) {
            Checks.within("loss.alpha", alpha, 0, true, 1, true);
        }
        Checks.nonNegative("loss.gamma", gamma);
        Checks.positive("loss.scale", scale);
        Checks.nonNegative("loss.smooth", smooth);
        classWeights = Checks.oneOf("loss.class_weights", Checks.orDefault(classWeights, "none"), CLASS_WEIGHTS);
        if (weights != null) {
            for (Double w : weights) {
                if (w == null || !(w > 0)) {
                    throw new ConfigException("loss.weights", "loss.weights must be positive numbers, got " + weights);
                }
            }
            weights = List.copyOf(weights);
        }
        diceReduction = Checks.oneOf("loss.dice_reduction", Checks.orDefault(diceReduction, DEFAULT_DICE_REDUCTION),
                DICE_REDUCTIONS);
        Checks.nonNegative("loss.bce_weight", bceWeight);
        Checks.nonNegative("loss.dice_weight", diceWeight);
    }

    /** Accepted values of {@code class_weights}. */
    public static final List<String> CLASS_WEIGHTS = List.of("none", "balanced");

    /** Without class weighting. */
    public LossConfig(String type, Double posWeight, Double alpha, double gamma, double scale, double smooth) {
        this(type, posWeight, alpha, gamma, scale, smooth, null, null);
    }

    /** Without Dice options (their defaults). */
    public LossConfig(String type, Double posWeight, Double alpha, double gamma, double scale, double smooth,
                      String classWeights, List<Double> weights) {
        this(type, posWeight, alpha, gamma, scale, smooth, classWeights, weights, DEFAULT_DICE_REDUCTION, false, false,
                1.0, 1.0);
    }

    /** The same loss with explicit weights (as resolved from {@code class_weights}). */
    public LossConfig withWeights(Double newPosWeight, List<Double> newWeights) {
        return new LossConfig(type, newPosWeight, alpha, gamma, scale, smooth, classWeights, newWeights, diceReduction,
                squaredPred, jaccard, bceWeight, diceWeight);
    }

    /** All defaults: plain cross-entropy. */
    public LossConfig() {
        this(DEFAULT_TYPE, null, null, DEFAULT_GAMMA, DEFAULT_SCALE, DEFAULT_SMOOTH);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static LossConfig bind(@JsonProperty("type") String type, @JsonProperty("pos_weight") Double posWeight,
                                   @JsonProperty("alpha") Double alpha, @JsonProperty("gamma") Double gamma,
                                   @JsonProperty("scale") Double scale, @JsonProperty("smooth") Double smooth,
                                   @JsonProperty("class_weights") String classWeights,
                                   @JsonProperty("weights") List<Double> weights,
                                   @JsonProperty("dice_reduction") String diceReduction,
                                   @JsonProperty("squared_pred") Boolean squaredPred,
                                   @JsonProperty("jaccard") Boolean jaccard,
                                   @JsonProperty("bce_weight") Double bceWeight,
                                   @JsonProperty("dice_weight") Double diceWeight) {
        return new LossConfig(type, posWeight, alpha, Checks.orDefault(gamma, DEFAULT_GAMMA).doubleValue(),
                Checks.orDefault(scale, DEFAULT_SCALE).doubleValue(), Checks.orDefault(smooth, DEFAULT_SMOOTH).doubleValue(),
                classWeights, weights, diceReduction, Checks.orDefault(squaredPred, false),
                Checks.orDefault(jaccard, false), Checks.orDefault(bceWeight, 1.0).doubleValue(),
                Checks.orDefault(diceWeight, 1.0).doubleValue());
    }
}
