package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One fully resolved experiment: what {@code ./pulmo run} trains and what {@code config.yaml} in a run directory
 * holds. Every section is non-null after construction (absent ones are default-constructed); only the optional
 * blocks {@code data.phantom}, {@code train.early_stopping} and {@code train.parallel} stay null when absent.
 * Load one with {@link ConfigLoader}, write one with {@link ConfigWriter}.
 *
 * @param name      run name, also the run directory's name; default the config file's stem (set by
 *                  {@link ConfigLoader}), {@code experiment} when built in code; no path separators
 * @param task      {@code classification} (default), {@code segmentation} or {@code ct3d}
 * @param seed      seed of every random choice (initialisation, shuffling, splits, augmentation); default 42
 * @param data      the data; default {@link DataConfig#DataConfig()}
 * @param model     the network; default {@link ModelConfig#ModelConfig()}
 * @param loss      the loss; default {@link LossConfig#LossConfig()}
 * @param optimizer the updater; default {@link OptimizerConfig#OptimizerConfig()}
 * @param schedule  the learning-rate schedule; default {@link ScheduleConfig#ScheduleConfig()}
 * @param train     the training loop; default {@link TrainConfig#TrainConfig()}
 * @param eval      the evaluation; default {@link EvalConfig#EvalConfig()}
 * @param ui        the dashboard; default {@link UiConfig#UiConfig()}
 * @param checkpoints which improved-epoch checkpoints stay on disk; default {@link CheckpointsConfig#CheckpointsConfig()}
 * @param ct3d      the LUNA16 pipeline ({@code task: ct3d}); null when absent, {@link #ct3dOrDefault()} gives the
 *                  defaults
 */
public record ExperimentConfig(
        String name,
        Task task,
        long seed,
        DataConfig data,
        ModelConfig model,
        LossConfig loss,
        OptimizerConfig optimizer,
        ScheduleConfig schedule,
        TrainConfig train,
        EvalConfig eval,
        UiConfig ui,
        CheckpointsConfig checkpoints,
        Ct3dConfig ct3d) {

    public static final String DEFAULT_NAME = "experiment";
    public static final Task DEFAULT_TASK = Task.CLASSIFICATION;
    public static final long DEFAULT_SEED = 42L;

    public ExperimentConfig {
        name = checkName(Checks.orDefault(name, DEFAULT_NAME));
        task = Checks.orDefault(task, DEFAULT_TASK);
        data = Checks.orDefault(data, new DataConfig());
        model = Checks.orDefault(model, new ModelConfig());
        loss = Checks.orDefault(loss, new LossConfig());
        optimizer = Checks.orDefault(optimizer, new OptimizerConfig());
        schedule = Checks.orDefault(schedule, new ScheduleConfig());
        train = Checks.orDefault(train, new TrainConfig());
        eval = Checks.orDefault(eval, new EvalConfig());
        ui = Checks.orDefault(ui, new UiConfig());
        checkpoints = Checks.orDefault(checkpoints, new CheckpointsConfig());
    }

    /** Without a {@code checkpoints} section (defaults). */
    public ExperimentConfig(String name, Task task, long seed, DataConfig data, ModelConfig model, LossConfig loss,
                            OptimizerConfig optimizer, ScheduleConfig schedule, TrainConfig train, EvalConfig eval,
                            UiConfig ui) {
        this(name, task, seed, data, model, loss, optimizer, schedule, train, eval, ui, null, null);
    }

    /** Without a {@code ct3d} section. */
    public ExperimentConfig(String name, Task task, long seed, DataConfig data, ModelConfig model, LossConfig loss,
                            OptimizerConfig optimizer, ScheduleConfig schedule, TrainConfig train, EvalConfig eval,
                            UiConfig ui, CheckpointsConfig checkpoints) {
        this(name, task, seed, data, model, loss, optimizer, schedule, train, eval, ui, checkpoints, null);
    }

    /** Binding-style constructor without a {@code checkpoints} section: null values take their defaults. */
    public ExperimentConfig(String name, Task task, Long seed, DataConfig data, ModelConfig model, LossConfig loss,
                            OptimizerConfig optimizer, ScheduleConfig schedule, TrainConfig train, EvalConfig eval,
                            UiConfig ui) {
        this(name, task, Checks.orDefault(seed, DEFAULT_SEED).longValue(), data, model, loss, optimizer, schedule, train,
                eval, ui, null, null);
    }

    /** All defaults, named {@code experiment}. */
    public ExperimentConfig() {
        this(null, null, DEFAULT_SEED, null, null, null, null, null, null, null, null, null, null);
    }

    /** Binding constructor: null (absent) values take their defaults. */
    @JsonCreator
    public ExperimentConfig(@JsonProperty("name") String name, @JsonProperty("task") Task task,
                            @JsonProperty("seed") Long seed, @JsonProperty("data") DataConfig data,
                            @JsonProperty("model") ModelConfig model, @JsonProperty("loss") LossConfig loss,
                            @JsonProperty("optimizer") OptimizerConfig optimizer,
                            @JsonProperty("schedule") ScheduleConfig schedule, @JsonProperty("train") TrainConfig train,
                            @JsonProperty("eval") EvalConfig eval, @JsonProperty("ui") UiConfig ui,
                            @JsonProperty("checkpoints") CheckpointsConfig checkpoints,
                            @JsonProperty("ct3d") Ct3dConfig ct3d) {
        this(name, task, Checks.orDefault(seed, DEFAULT_SEED).longValue(), data, model, loss, optimizer, schedule, train,
                eval, ui, checkpoints, ct3d);
    }

    /** This config with another loss (e.g. class weights resolved from the data). */
    public ExperimentConfig withLoss(LossConfig newLoss) {
        return new ExperimentConfig(name, task, seed, data, model, newLoss, optimizer, schedule, train, eval, ui,
                checkpoints, ct3d);
    }

    /** This config under another name. */
    public ExperimentConfig withName(String newName) {
        return new ExperimentConfig(newName, task, seed, data, model, loss, optimizer, schedule, train, eval, ui,
                checkpoints, ct3d);
    }

    /** This config with other data, model, training and ct3d sections (a ct3d stage derived from its pipeline). */
    public ExperimentConfig with(DataConfig newData, ModelConfig newModel, Ct3dConfig newCt3d) {
        return new ExperimentConfig(name, task, seed, newData, newModel, loss, optimizer, schedule, train, eval, ui,
                checkpoints, newCt3d);
    }

    /** This config with another seed. */
    public ExperimentConfig withSeed(long newSeed) {
        return new ExperimentConfig(name, task, newSeed, data, model, loss, optimizer, schedule, train, eval, ui,
                checkpoints, ct3d);
    }

    /** The {@code ct3d} section, or its defaults when absent. */
    public Ct3dConfig ct3dOrDefault() {
        return ct3d != null ? ct3d : new Ct3dConfig();
    }

    /**
     * Hex SHA-256 of {@link ConfigWriter#toJson(ExperimentConfig) the canonical JSON}: equal configs give equal
     * hashes on every machine; any changed value (the name included) changes it.
     */
    public String hash() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(ConfigWriter.toJson(this).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static String checkName(String name) {
        if (name.isBlank() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
            throw new ConfigException("name", "name must be usable as a directory name (no '/' or '\\'), got '" + name + "'");
        }
        return name;
    }
}
