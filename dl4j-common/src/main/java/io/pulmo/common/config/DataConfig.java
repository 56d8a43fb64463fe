package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the images come from and how they are batched ({@code data}).
 *
 * @param root     data set directory, kept as written (a relative path is resolved later by the caller); null
 *                 (default) when the data come from {@code phantom}
 * @param layout   on-disk layout: {@code kaggle-xray} (default; {@code {train,val,test}/CLASS/*}),
 *                 {@code kaggle-ctscan}, {@code split-folders}, {@code image-folder} (one folder per class); for
 *                 segmentation {@code pneumothorax} ({@code {train,val,test}/{inputs,labels}/*.png}) or {@code siim}
 *                 ({@code train-rle.csv} and DICOM files); for ct3d {@code luna} ({@code subset*}{@code /*.mhd} and
 *                 LUNA16's CSV files)
 * @param image    image geometry; default {@link ImageConfig#ImageConfig()}
 * @param batch    minibatch size; default 16, must be positive
 * @param classMap YAML {@code class_map}: folder name to class name, in class-index order; default empty
 *                 (folder names are the classes)
 * @param split    train/val/test split; default {@link SplitConfig#SplitConfig()}
 * @param phantom  synthetic data set to generate; null (default) when absent
 * @param augment  training-time augmentation; default none
 * @param sampler  training order: {@code shuffle} (default, each image once per epoch) or {@code weighted}
 *                 (PyTorch's WeightedRandomSampler with class-frequency weights: as many draws as images, with
 *                 replacement, so classes come out balanced)
 */
public record DataConfig(
        @JsonSerialize(using = ToStringSerializer.class) Path root,
        String layout,
        ImageConfig image,
        int batch,
        @JsonProperty("class_map") Map<String, String> classMap,
        SplitConfig split,
        PhantomConfig phantom,
        AugmentConfig augment,
        String sampler) {

    public static final String DEFAULT_LAYOUT = "kaggle-xray";
    public static final int DEFAULT_BATCH = 16;
    /** Accepted values of {@code layout}. */
    public static final List<String> LAYOUTS = List.of("kaggle-xray", "kaggle-ctscan", "split-folders", "image-folder",
            "imagefolder", "pneumothorax", "siim", "siim-acr", "luna");
    public static final String DEFAULT_SAMPLER = "shuffle";
    /** Accepted values of {@code sampler}. */
    public static final List<String> SAMPLERS = List.of("shuffle", "weighted");

    public DataConfig {
        layout = Checks.oneOf("data.layout", Checks.orDefault(layout, DEFAULT_LAYOUT), LAYOUTS);
        image = Checks.orDefault(image, new ImageConfig());
        Checks.positive("data.batch", batch);
        classMap = classMap == null ? Map.of() : copyClassMap(classMap);
        split = Checks.orDefault(split, new SplitConfig());
        augment = Checks.orDefault(augment, new AugmentConfig());
        sampler = Checks.oneOf("data.sampler", Checks.orDefault(sampler, DEFAULT_SAMPLER), SAMPLERS);
    }

    /** The same without augmentation, shuffled. */
    public DataConfig(Path root, String layout, ImageConfig image, int batch, Map<String, String> classMap,
                      SplitConfig split, PhantomConfig phantom) {
        this(root, layout, image, batch, classMap, split, phantom, null, null);
    }

    /** This data's image, batch and augmentation over {@code source}'s dataset: its root, layout, split and phantom. */
    public DataConfig withSource(DataConfig source) {
        return new DataConfig(source.root(), source.layout(), image, batch, classMap, source.split(), source.phantom(),
                augment, sampler);
    }

    /** All defaults: no root, no phantom. */
    public DataConfig() {
        this(null, null, null, DEFAULT_BATCH, null, null, null, null, null);
    }

    /** Jackson binding: null (absent) values take their defaults, then the canonical constructor validates. */
    @JsonCreator
    private static DataConfig bind(@JsonProperty("root") Path root, @JsonProperty("layout") String layout,
                                   @JsonProperty("image") ImageConfig image, @JsonProperty("batch") Integer batch,
                                   @JsonProperty("class_map") Map<String, String> classMap,
                                   @JsonProperty("split") SplitConfig split, @JsonProperty("phantom") PhantomConfig phantom,
                                   @JsonProperty("augment") AugmentConfig augment, @JsonProperty("sampler") String sampler) {
        return new DataConfig(root, layout, image, Checks.orDefault(batch, DEFAULT_BATCH).intValue(), classMap, split, phantom,
                augment, sampler);
    }

    private static Map<String, String> copyClassMap(Map<String, String> classMap) {
        Map<String, String> copy = new LinkedHashMap<>();
        classMap.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null || v.isBlank()) {
                throw new ConfigException("data.class_map", "data.class_map entries must map a folder name to a class name, got "
                        + k + ": " + v);
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }
}
