package io.pulmo.common.augment;

import io.pulmo.common.data.Augmentation;

import java.util.SplittableRandom;

/**
 * torchvision {@code ColorJitter(brightness, contrast)} on pixels in [0, 1]:
 * <ul>
 *   <li>brightness: {@code x ← clamp(f_b·x)}, {@code f_b ~ U(max(0, 1−b), 1+b)};</li>
 *   <li>contrast: {@code x ← clamp(f_c·x + (1−f_c)·m)}, {@code f_c ~ U(max(0, 1−c), 1+c)}, where {@code m} is the
 *       mean gray level of the image (ITU-R 601-2 luma for RGB, the mean for one channel).</li>
 * </ul>
 * Unlike torchvision, which applies its adjustments in a random order per image, the order here is fixed:
 * brightness, then contrast. A strength of 0 leaves that adjustment off and draws nothing for it.
 *
 * @param brightness brightness strength {@code b}, in [0, 1]
 * @param contrast   contrast strength {@code c}, in [0, 1]
 */
public record ColorJitter(double brightness, double contrast) implements Augmentation {

    /** One draw: the two factors (1 where the adjustment is off). */
    public record Params(double brightness, double contrast) {
    }

    public ColorJitter {
        if (!(brightness >= 0 && brightness <= 1) || !(contrast >= 0 && contrast <= 1)) {
            throw new IllegalArgumentException("jitter brightness and contrast must be in [0, 1], got " + brightness
                    + " and " + contrast);
        }
    }

    /** The factors this transform draws from {@code rng}, brightness first. */
    public Params draw(SplittableRandom rng) {
        double b = brightness > 0 ? Draws.uniform(rng, Math.max(0, 1 - brightness), 1 + brightness) : 1;
        double c = contrast > 0 ? Draws.uniform(rng, Math.max(0, 1 - contrast), 1 + contrast) : 1;
        return new Params(b, c);
    }

    @Override
    public void apply(float[] pixels, int channels, int height, int width, SplittableRandom rng) {
        Warp.check(pixels, pixels, channels, height, width);
        Params p = draw(rng);
        if (brightness > 0) {
            float f = (float) p.brightness();
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = clamp(f * pixels[i]);
            }
        }
        if (contrast > 0) {
            float f = (float) p.contrast();
            float shift = (float) ((1 - p.contrast()) * meanGray(pixels, channels, height * width));
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = clamp(f * pixels[i] + shift);
            }
        }
    }

    /** Mean gray level: ITU-R 601-2 luma averaged over the image for 3 channels, the plain mean otherwise. */
    static double meanGray(float[] pixels, int channels, int plane) {
        double sum = 0;
        if (channels == 3) {
            for (int i = 0; i < plane; i++) {
                sum += RandomGrayscale.luma(pixels[i], pixels[plane + i], pixels[2 * plane + i]);
            }
            return sum / plane;
        }
        for (float v : pixels) {
            sum += v;
        }
        return sum / pixels.length;
    }

    private static float clamp(float v) {
        return v < 0f ? 0f : Math.min(v, 1f);
    }
}
