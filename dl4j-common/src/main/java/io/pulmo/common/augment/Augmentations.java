package io.pulmo.common.augment;

import io.pulmo.common.config.AugmentConfig;
import io.pulmo.common.data.Augmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds the training augmentation a config asks for. */
public final class Augmentations {
    private Augmentations() {
    }

    /**
     * Applies its steps in order, all drawing from the one random source of the sample.
     *
     * @param steps the transforms, first applied first
     */
    public record Sequence(List<Augmentation> steps) implements Augmentation {
        public Sequence {
            steps = List.copyOf(steps);
        }

        @Override
        public void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng) {
            for (Augmentation step : steps) {
                step.apply(pixels, channels, height, width, rng);
            }
        }
    }

    /**
     * The transforms switched on in {@code config}, in torchvision's usual order: RandomResizedCrop,
     * RandomHorizontalFlip, RandomRotation, RandomAffine (when either its degrees or its translate is on),
     * ColorJitter, GaussianBlur, RandomGrayscale. A single transform is returned as itself.
     *
     * @return {@link Augmentation#NONE} when nothing is on
     */
    public static Augmentation from(AugmentConfig config) {
        List<Augmentation> steps = geometricSteps(config);
        steps.addAll(photometricSteps(config));
        return chain(steps);
    }

    /**
     * The geometric transforms of {@link #from} alone (crop, flip, rotation, affine): segmentation applies them to
     * the image and its mask stacked as channels, with one random draw.
     */
    public static Augmentation geometric(AugmentConfig config) {
        return chain(geometricSteps(config));
    }

    /** The intensity transforms of {@link #from} alone (colour jitter, blur, grayscale): the image, not its mask. */
    public static Augmentation photometric(AugmentConfig config) {
        return chain(photometricSteps(config));
    }

    private static Augmentation chain(List<Augmentation> steps) {
        return steps.isEmpty() ? Augmentation.NONE : steps.size() == 1 ? steps.get(0) : new Sequence(steps);
    }

    private static List<Augmentation> geometricSteps(AugmentConfig config) {
        List<Augmentation> steps = new ArrayList<>();
        if (config.cropScale() != null) {
            steps.add(new RandomResizedCrop(config.cropScale().get(0), config.cropScale().get(1)));
        }
        if (config.hflip() > 0) {
            steps.add(new RandomHorizontalFlip(config.hflip()));
        }
        if (config.rotation() > 0) {
            steps.add(new RandomRotation(config.rotation()));
        }
        if (config.affineDegrees() > 0 || config.affineTranslate() > 0) {
            steps.add(new RandomAffine(config.affineDegrees(), config.affineTranslate()));
        }
        return steps;
    }

    private static List<Augmentation> photometricSteps(AugmentConfig config) {
        List<Augmentation> steps = new ArrayList<>();
        if (config.brightness() > 0 || config.contrast() > 0) {
            steps.add(new ColorJitter(config.brightness(), config.contrast()));
        }
        if (config.blurSigma() != null) {
            steps.add(new GaussianBlur(config.blurSigma().get(0), config.blurSigma().get(1)));
        }
        if (config.grayscale() > 0) {
            steps.add(new RandomGrayscale(config.grayscale()));
        }
        return steps;
    }
}
