package io.pulmo.common.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Training-time augmentation ({@code data.augment}), torchvision's transforms by name; every one is off by default
 * and each sample draws its randomness from (seed, epoch, index).
 *
 * @param rotation        RandomRotation: degrees, uniform in [−d, d]; 0 = off
 * @param hflip           RandomHorizontalFlip: probability; 0 = off
 * @param affineDegrees   YAML {@code affine_degrees}: RandomAffine rotation range in degrees; 0 = off
 * @param affineTranslate YAML {@code affine_translate}: RandomAffine translation as a fraction of the size; 0 = off
 * @param cropScale       YAML {@code crop_scale}: RandomResizedCrop area range {@code [lo, hi]} in (0, 1], aspect
 *                        ratio in [3/4, 4/3]; null = off
 * @param brightness      ColorJitter brightness: factor uniform in [1−b, 1+b]; 0 = off
 * @param contrast        ColorJitter contrast: factor uniform in [1−c, 1+c] about the image mean; 0 = off
 * @param blurSigma       YAML {@code blur_sigma}: GaussianBlur sigma range {@code [lo, hi]} in pixels; null = off
 * @param grayscale       RandomGrayscale: probability (RGB images); 0 = off
 */
public record AugmentConfig(double rotation, double hflip, @JsonProperty("affine_degrees") double affineDegrees,
                            @JsonProperty("affine_translate") double affineTranslate,
                            @JsonProperty("crop_scale") List<Double> cropScale, double brightness, double contrast,
                            @JsonProperty("blur_sigma") List<Double> blurSigma, double grayscale) {

    public AugmentConfig {
        Checks.within("data.augment.rotation", rotation, 0, true, 180, true);
        Checks.within("data.augment.hflip", hflip, 0, true, 1, true);
        Checks.within("data.augment.affine_degrees", affineDegrees, 0, true, 180, true);
        Checks.within("data.augment.affine_translate", affineTranslate, 0, true, 1, false);
        cropScale = range("data.augment.crop_scale", cropScale, 1);
        Checks.within("data.augment.brightness", brightness, 0, true, 1, false);
        Checks.within("data.augment.contrast", contrast, 0, true, 1, false);
        blurSigma = range("data.augment.blur_sigma", blurSigma, Double.MAX_VALUE);
        Checks.within("data.augment.grayscale", grayscale, 0, true, 1, true);
    }

    /** No augmentation. */
    public AugmentConfig() {
        this(0, 0, 0, 0, null, 0, 0, null, 0);
    }

    @JsonCreator
    private static AugmentConfig bind(@JsonProperty("rotation") Double rotation, @JsonProperty("hflip") Double hflip,
                                      @JsonProperty("affine_degrees") Double affineDegrees,
                                      @JsonProperty("affine_translate") Double affineTranslate,
                                      @JsonProperty("crop_scale") List<Double> cropScale,
                                      @JsonProperty("brightness") Double brightness,
                                      @JsonProperty("contrast") Double contrast,
                                      @JsonProperty("blur_sigma") List<Double> blurSigma,
                                      @JsonProperty("grayscale") Double grayscale) {
        return new AugmentConfig(zero(rotation), zero(hflip), zero(affineDegrees), zero(affineTranslate), cropScale,
                zero(brightness), zero(contrast), blurSigma, zero(grayscale));
    }

    private static double zero(Double v) {
        return v == null ? 0 : v;
    }

    private static List<Double> range(String key, List<Double> r, double max) {
        if (r == null) {
            return null;
        }
        if (r.size() != 2 || r.get(0) == null || r.get(1) == null || r.get(0) <= 0 || r.get(0) > r.get(1)
                || r.get(1) > max) {
            throw new ConfigException(key, key + " must be [lo, hi] with 0 < lo <= hi" + (max == 1 ? " <= 1" : "")
                    + ", got " + r);
        }
        return List.copyOf(r);
    }
}
