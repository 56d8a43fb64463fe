package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.nio.file.Path;
import java.util.List;

/**
 * The LUNA16 pipeline of a {@code task: ct3d} experiment ({@code ct3d}); absent for the other tasks.
 *
 * @param stage               what {@code pulmo run} does: {@code segment} (train {@code unet-luna} on nodule
 *                            crops), {@code nodule} (train the nodule classifier on candidate chunks),
 *                            {@code malignancy} (fine-tune it on benign/malignant nodules), or {@code end-to-end}
 *                            (default: the three trainings into {@code segment/}, {@code nodule/} and
 *                            {@code malignancy/}, then detection, FROC and diagnosis on the test series)
 * @param epochSamples        YAML {@code epoch_samples}: draws per training epoch; default the book's, 300,000 for
 *                            {@code segment} and 50,000 for the classifiers (capped at twice the non-nodules there)
 * @param group               how heat maps become candidates; default {@link GroupConfig#GroupConfig()}
 * @param noduleThreshold     YAML {@code nodule_threshold}: a candidate counts as a nodule from this nodule
 *                            probability on; default 0.5
 * @param malignancyThreshold YAML {@code malignancy_threshold}: a nodule counts as malignant from this
 *                            probability on, and a patient is diagnosed when any nodule does; default 0.5
 * @param stages              the stage configs of {@code end-to-end}; default {@link StagesConfig#StagesConfig()}
 */
public record Ct3dConfig(
        @JsonProperty("stage") String stage,
        @JsonProperty("epoch_samples") Integer epochSamples,
        @JsonProperty("group") GroupConfig group,
        @JsonProperty("nodule_threshold") double noduleThreshold,
        @JsonProperty("malignancy_threshold") double malignancyThreshold,
        @JsonProperty("stages") StagesConfig stages) {

    public static final String SEGMENT = "segment";
    public static final String NODULE = "nodule";
    public static final String MALIGNANCY = "malignancy";
    public static final String END_TO_END = "end-to-end";
    /** Accepted values of {@code stage}. */
    public static final List<String> STAGES = List.of(SEGMENT, NODULE, MALIGNANCY, END_TO_END);
    /** The book's epoch of segmentation crops ({@code TrainingLuna2dSegmentationDataset.__len__}). */
    public static final int BOOK_SEGMENT_EPOCH = 300_000;
    /** The book's epoch of balanced classifier draws ({@code LunaDataset.__len__}). */
    public static final int BOOK_CLASSIFIER_EPOCH = 50_000;
    public static final double DEFAULT_THRESHOLD = 0.5;

    public Ct3dConfig {
        stage = Checks.oneOf("ct3d.stage", Checks.orDefault(stage, END_TO_END), STAGES);
        if (epochSamples != null) {
            Checks.positive("ct3d.epoch_samples", epochSamples);
        }
        group = Checks.orDefault(group, new GroupConfig());
        Checks.within("ct3d.nodule_threshold", noduleThreshold, 0, true, 1, true);
        Checks.within("ct3d.malignancy_threshold", malignancyThreshold, 0, true, 1, true);
        stages = Checks.orDefault(stages, new StagesConfig());
    }

    /** All defaults: the end-to-end pipeline. */
    public Ct3dConfig() {
        this(null, null, null, DEFAULT_THRESHOLD, DEFAULT_THRESHOLD, null);
    }

    @JsonCreator
    private static Ct3dConfig bind(@JsonProperty("stage") String stage,
                                   @JsonProperty("epoch_samples") Integer epochSamples,
                                   @JsonProperty("group") GroupConfig group,
                                   @JsonProperty("nodule_threshold") Double noduleThreshold,
                                   @JsonProperty("malignancy_threshold") Double malignancyThreshold,
                                   @JsonProperty("stages") StagesConfig stages) {
        return new Ct3dConfig(stage, epochSamples, group, Checks.orDefault(noduleThreshold, DEFAULT_THRESHOLD),
                Checks.orDefault(malignancyThreshold, DEFAULT_THRESHOLD), stages);
    }

    /** Draws per epoch of this stage's training: {@code epoch_samples}, else the book's. */
    public int epochSamplesOr(String forStage) {
        return epochSamples != null ? epochSamples : SEGMENT.equals(forStage) ? BOOK_SEGMENT_EPOCH
                : BOOK_CLASSIFIER_EPOCH;
    }

    /** This section for another stage. */
    public Ct3dConfig withStage(String newStage) {
        return new Ct3dConfig(newStage, epochSamples, group, noduleThreshold, malignancyThreshold, stages);
    }

    /**
     * Candidates from a heat map ({@code ct3d.group}), as {@code pulmo ct3d group} makes them.
     *
     * @param threshold    heat-map probability from which a voxel is candidate; default 0.5, in (0, 1)
     * @param erode        binary erosion iterations before labelling; default 1, 0 = none
     * @param connectivity 6 (faces, default) or 26 (faces, edges and corners)
     */
    public record GroupConfig(@JsonProperty("threshold") double threshold, @JsonProperty("erode") int erode,
                              @JsonProperty("connectivity") int connectivity) {
        public static final int DEFAULT_ERODE = 1;
        public static final int DEFAULT_CONNECTIVITY = 6;

        public GroupConfig {
            Checks.within("ct3d.group.threshold", threshold, 0, false, 1, false);
            if (erode < 0) {
                throw new ConfigException("ct3d.group.erode", "ct3d.group.erode must be >= 0, got " + erode);
            }
            if (connectivity != 6 && connectivity != 26) {
                throw new ConfigException("ct3d.group.connectivity",
                        "ct3d.group.connectivity must be 6 or 26, got " + connectivity);
            }
        }

        public GroupConfig() {
            this(DEFAULT_THRESHOLD, DEFAULT_ERODE, DEFAULT_CONNECTIVITY);
        }

        @JsonCreator
        private static GroupConfig bind(@JsonProperty("threshold") Double threshold,
                                        @JsonProperty("erode") Integer erode,
                                        @JsonProperty("connectivity") Integer connectivity) {
            return new GroupConfig(Checks.orDefault(threshold, DEFAULT_THRESHOLD),
                    Checks.orDefault(erode, DEFAULT_ERODE), Checks.orDefault(connectivity, DEFAULT_CONNECTIVITY));
        }
    }

    /**
     * The stage configs an {@code end-to-end} run trains ({@code ct3d.stages}), relative to the working directory as
     * {@code data.root} is. Each stage keeps its own model, loss, optimizer and training keys; the end-to-end config's
     * {@code seed}, {@code data.root}, {@code data.phantom} and {@code data.split} replace the stage's, so that all
     * stages read one dataset split one way, and the malignancy stage starts from the nodule stage just trained.
     *
     * @param segment    default {@code configs/luna/segment.yaml}
     * @param nodule     default {@code configs/luna/nodule.yaml}
     * @param malignancy default {@code configs/luna/malignancy.yaml}
     * @param set        {@code --set} overrides ({@code key=value}) per stage name, applied to that stage's file,
     *                   e.g. {@code {segment: [train.epochs=2]}}; default none
     */
    public record StagesConfig(
            @JsonProperty("segment") @JsonSerialize(using = ToStringSerializer.class) Path segment,
            @JsonProperty("nodule") @JsonSerialize(using = ToStringSerializer.class) Path nodule,
            @JsonProperty("malignancy") @JsonSerialize(using = ToStringSerializer.class) Path malignancy,
            @JsonProperty("set") java.util.Map<String, List<String>> set) {
        public static final Path DEFAULT_DIR = Path.of("configs", "luna");

        @JsonCreator
        public StagesConfig {
            segment = Checks.orDefault(segment, DEFAULT_DIR.resolve("segment.yaml"));
            nodule = Checks.orDefault(nodule, DEFAULT_DIR.resolve("nodule.yaml"));
            malignancy = Checks.orDefault(malignancy, DEFAULT_DIR.resolve("malignancy.yaml"));
            java.util.Map<String, List<String>> copy = new java.util.TreeMap<>();
            if (set != null) {
                set.forEach((stage, overrides) -> {
                    if (!List.of(SEGMENT, NODULE, MALIGNANCY).contains(stage)) {
                        throw new ConfigException("ct3d.stages.set." + stage, "ct3d.stages.set: unknown stage '"
                                + stage + "'; known: segment, nodule, malignancy");
                    }
                    copy.put(stage, overrides == null ? List.of() : List.copyOf(overrides));
                });
            }
            set = java.util.Collections.unmodifiableMap(copy);
        }

        public StagesConfig() {
            this(null, null, null, null);
        }

        /** The overrides of one stage. */
        public List<String> overrides(String stage) {
            return set.getOrDefault(stage, List.of());
        }
    }
}
