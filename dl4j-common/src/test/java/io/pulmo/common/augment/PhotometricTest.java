package io.pulmo.common.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ColorJitter, GaussianBlur and RandomGrayscale. */
class PhotometricTest {

    @Test
    void jitterKeepsTheMeanWithinTheBrightnessRange() {
        ColorJitter jitter = new ColorJitter(0.3, 0.3);
        float[] src = Images.noise(1, 16, 16, 0.1f, 0.4f, 1);
        double m = Images.mean(src);
        for (int s = 0; s < 100; s++) {
            float[] px = src.clone();
            jitter.apply(px, 1, 16, 16, new SplittableRandom(s));
            ColorJitter.Params p = jitter.draw(new SplittableRandom(s));
            assertThat(p.brightness()).isBetween(0.7, 1.3);
            assertThat(p.contrast()).isBetween(0.7, 1.3);
            // Contrast blends about the mean, so (without clipping) only brightness moves it.
            assertThat(Images.mean(px)).isBetween(0.7 * m, 1.3 * m).isCloseTo(p.brightness() * m, within(1e-5));
        }
    }

    @Test
    void contrastBlendsTowardsTheLumaMeanAndClampsToUnitRange() {
        // Channels constant at R=1, G=0, B=0: gray mean 0.299.
        int plane = 4;
        float[] px = new float[3 * plane];
        java.util.Arrays.fill(px, 0, plane, 1f);
        ColorJitter contrast = new ColorJitter(0, 0.5);
        double f = contrast.draw(new SplittableRandom(2)).contrast();
        contrast.apply(px, 3, 2, 2, new SplittableRandom(2));
        assertThat(px[0]).isCloseTo((float) Math.min(1, f + (1 - f) * 0.299), within(1e-6f));
        assertThat(px[plane]).isCloseTo((float) Math.max(0, (1 - f) * 0.299), within(1e-6f));

        float[] bright = Images.constant(1, 2, 2, 0.9f);
        ColorJitter brightness = new ColorJitter(0.5, 0);
        int s = 0;
        while (brightness.draw(new SplittableRandom(s)).brightness() < 1.2) {
            s++;
        }
        brightness.apply(bright, 1, 2, 2, new SplittableRandom(s));
        assertThat(bright).containsOnly(1f);
    }

    @Test
    void blurKernelHasSizeFromSigmaAndSumsToOne() {
        float[] k = GaussianBlur.kernel(1.2);
        assertThat(k).hasSize(2 * 4 + 1);
        double sum = 0;
        for (float v : k) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1, within(1e-6));
        assertThat(k[0]).isEqualTo(k[8]).isLessThan(k[4]);
        assertThat(GaussianBlur.reflectIndices(4, 2)).containsExactly(2, 1, 0, 1, 2, 3, 2, 1);
        assertThat(GaussianBlur.reflectIndices(1, 2)).containsOnly(0);
    }

    @Test
    void blurKeepsAConstantImageAndReducesNoiseVariance() {
        float[] flat = Images.constant(3, 10, 12, 0.4f);
        new GaussianBlur(0.5, 3).apply(flat, 3, 10, 12, new SplittableRandom(1));
        for (float v : flat) {
            assertThat(v).isCloseTo(0.4f, within(1e-6f));
        }
        assertThat(Images.mean(flat)).isCloseTo(0.4, within(1e-6));

        float[] noise = Images.noise(1, 32, 32, 0, 1, 4);
        double before = Images.variance(noise);
        double mean = Images.mean(noise);
        GaussianBlur.blur(noise, 1, 32, 32, 1.5);
        assertThat(Images.variance(noise)).isLessThan(before / 5);
        assertThat(Images.mean(noise)).isCloseTo(mean, within(0.02));
    }

    @Test
    void blurHandlesKernelsWiderThanTheImage() {
        float[] px = Images.constant(1, 2, 3, 0.25f);
        GaussianBlur.blur(px, 1, 2, 3, 4);
        for (float v : px) {
            assertThat(v).isCloseTo(0.25f, within(1e-6f));
        }
    }

    @Test
    void grayscaleMakesTheChannelsEqualToLuma() {
        int h = 3;
        int w = 5;
        float[] px = Images.noise(3, h, w, 0, 1, 8);
        float[] src = px.clone();
        new RandomGrayscale(1).apply(px, 3, h, w, new SplittableRandom(1));
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            float luma = 0.299f * src[i] + 0.587f * src[plane + i] + 0.114f * src[2 * plane + i];
            assertThat(px[i]).isCloseTo(luma, within(1e-6f));
            assertThat(px[plane + i]).isEqualTo(px[i]);
            assertThat(px[2 * plane + i]).isEqualTo(px[i]);
        }
    }

    @Test
    void grayscaleLeavesOneChannelAndProbabilityZeroAlone() {
        float[] one = Images.noise(1, 4, 4, 0, 1, 2);
        float[] oneBefore = one.clone();
        new RandomGrayscale(1).apply(one, 1, 4, 4, new SplittableRandom(1));
        assertThat(one).containsExactly(oneBefore);

        float[] rgb = Images.noise(3, 4, 4, 0, 1, 2);
        float[] rgbBefore = rgb.clone();
        new RandomGrayscale(0).apply(rgb, 3, 4, 4, new SplittableRandom(1));
        assertThat(rgb).containsExactly(rgbBefore);
    }

    @Test
    void parametersOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> new ColorJitter(1.5, 0)).hasMessageContaining("brightness and contrast");
        assertThatThrownBy(() -> new GaussianBlur(0, 1)).hasMessageContaining("0 < lo <= hi");
        assertThatThrownBy(() -> new RandomGrayscale(-0.1)).hasMessageContaining("grayscale probability");
    }
}
