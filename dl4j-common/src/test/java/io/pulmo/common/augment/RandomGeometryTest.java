package io.pulmo.common.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RandomHorizontalFlip, RandomRotation, RandomAffine and RandomResizedCrop. */
class RandomGeometryTest {

    @Test
    void flipWithProbabilityOneMirrorsAndZeroKeeps() {
        float[] px = Images.marker(3, 4, 6, 0, 2);
        new RandomHorizontalFlip(1).apply(px, 3, 4, 6, new SplittableRandom(1));
        assertThat(Images.argmax(px, 4, 6, 2)).containsExactly(5, 2);

        float[] kept = Images.marker(3, 4, 6, 0, 2);
        new RandomHorizontalFlip(0).apply(kept, 3, 4, 6, new SplittableRandom(1));
        assertThat(kept).containsExactly(Images.marker(3, 4, 6, 0, 2));
    }

    @Test
    void flipHappensAtAboutItsProbability() {
        RandomHorizontalFlip flip = new RandomHorizontalFlip(0.5);
        int flipped = 0;
        for (int s = 0; s < 2000; s++) {
            float[] px = Images.marker(1, 1, 2, 0, 0);
            flip.apply(px, 1, 1, 2, new SplittableRandom(s));
            flipped += px[1] == 1f ? 1 : 0;
        }
        assertThat(flipped).isBetween(900, 1100);
    }

    @Test
    void rotationDrawsWithinRangeAndAppliesTheDrawnAngle() {
        RandomRotation rotation = new RandomRotation(20);
        int n = 12;
        float[] src = Images.noise(1, n, n, 0, 1, 3);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int s = 0; s < 200; s++) {
            double angle = rotation.drawAngle(new SplittableRandom(s));
            assertThat(angle).isBetween(-20.0, 20.0);
            lo = Math.min(lo, angle);
            hi = Math.max(hi, angle);
        }
        assertThat(lo).isLessThan(-15);
        assertThat(hi).isGreaterThan(15);

        float[] applied = src.clone();
        rotation.apply(applied, 1, n, n, new SplittableRandom(42));
        float[] expected = new float[src.length];
        Warp.rotate(src, expected, 1, n, n, rotation.drawAngle(new SplittableRandom(42)));
        assertThat(applied).containsExactly(expected);
    }

    @Test
    void affineTranslateShiftsMarkerByTheDrawnWholePixels() {
        RandomAffine affine = new RandomAffine(0, 0.2);
        int h = 20;
        int w = 30;
        boolean moved = false;
        for (int s = 0; s < 20; s++) {
            RandomAffine.Params p = affine.draw(new SplittableRandom(s), h, w);
            assertThat(p.angle()).isZero();
            assertThat(p.tx()).isBetween(-6, 6);
            assertThat(p.ty()).isBetween(-4, 4);
            float[] px = Images.marker(1, h, w, 15, 10);
            affine.apply(px, 1, h, w, new SplittableRandom(s));
            assertThat(Images.at(px, h, w, 0, 15 + p.tx(), 10 + p.ty())).as("seed %d", s).isEqualTo(1f);
            assertThat(Images.mean(px)).isEqualTo(1.0 / (h * w));
            moved |= p.tx() != 0 || p.ty() != 0;
        }
        assertThat(moved).isTrue();
    }

    @Test
    void affineRotatesWithinItsDegrees() {
        RandomAffine affine = new RandomAffine(15, 0.1);
        for (int s = 0; s < 50; s++) {
            assertThat(affine.draw(new SplittableRandom(s), 32, 32).angle()).isBetween(-15.0, 15.0);
        }
    }

    @Test
    void cropBoxesCoverTheScaleRangeWithTheAspectRange() {
        RandomResizedCrop crop = new RandomResizedCrop(0.8, 1.0);
        int h = 224;
        int w = 224;
        double minFraction = 1;
        for (int s = 0; s < 1000; s++) {
            RandomResizedCrop.Box b = crop.draw(new SplittableRandom(s), h, w);
            assertThat(b.top()).isGreaterThanOrEqualTo(0);
            assertThat(b.left()).isGreaterThanOrEqualTo(0);
            assertThat(b.top() + b.height()).isLessThanOrEqualTo(h);
            assertThat(b.left() + b.width()).isLessThanOrEqualTo(w);
            double fraction = (double) b.height() * b.width() / (h * w);
            // Rounding the sides to whole pixels moves the area by under 1 %.
            assertThat(fraction).isBetween(0.8 - 0.01, 1.0);
            assertThat((double) b.width() / b.height()).isBetween(0.75 - 0.01, 4.0 / 3 + 0.01);
            minFraction = Math.min(minFraction, fraction);
        }
        assertThat(minFraction).isLessThan(0.82);
    }

    @Test
    void cropFallsBackToTheCentredBoxWithClampedRatio() {
        // A 10×100 strip cannot hold 90 % of its area at a ratio within [3/4, 4/3] in ten attempts.
        RandomResizedCrop.Box b = new RandomResizedCrop(0.9, 1.0).draw(new SplittableRandom(5), 10, 100);
        assertThat(b).isEqualTo(new RandomResizedCrop.Box(0, 43, 10, 13));
    }

    @Test
    void cropKeepsTheSizeAndResamplesInside() {
        int h = 16;
        int w = 12;
        float[] px = Images.constant(3, h, w, 0.7f);
        new RandomResizedCrop(0.3, 0.5).apply(px, 3, h, w, new SplittableRandom(9));
        assertThat(px).hasSize(3 * h * w);
        for (float v : px) {
            assertThat(v).isCloseTo(0.7f, within(1e-6f));
        }
    }

    @Test
    void parametersOutsideTheirRangeAreRejected() {
        assertThatThrownBy(() -> new RandomHorizontalFlip(1.5)).hasMessageContaining("hflip probability");
        assertThatThrownBy(() -> new RandomRotation(-1)).hasMessageContaining("rotation degrees");
        assertThatThrownBy(() -> new RandomAffine(10, 1)).hasMessageContaining("affine translate");
        assertThatThrownBy(() -> new RandomResizedCrop(0.9, 0.8)).hasMessageContaining("0 < lo <= hi <= 1");
    }
}
