package io.pulmo.common.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WarpTest {

    @Test
    void horizontalFlipMirrorsColumnsOfEveryChannel() {
        int h = 5;
        int w = 7;
        float[] px = Images.marker(2, h, w, 1, 3);
        Warp.flipHorizontal(px, 2, h, w);
        for (int c = 0; c < 2; c++) {
            assertThat(Images.argmax(px, h, w, c)).containsExactly(w - 1 - 1, 3);
        }
        assertThat(Images.mean(px)).isEqualTo(1.0 / (h * w));
    }

    @Test
    void verticalFlipMirrorsRows() {
        float[] px = Images.marker(1, 5, 7, 1, 0);
        Warp.flipVertical(px, 1, 5, 7);
        assertThat(Images.argmax(px, 5, 7, 0)).containsExactly(1, 4);
    }

    /** Counter-clockwise as displayed (y down): above the centre goes to the left of it. */
    @Test
    void positiveRotationTurnsCounterClockwise() {
        int n = 9; // centre (4, 4)
        float[] src = Images.marker(1, n, n, 5, 1); // (dx, dy) = (1, −3): above centre, slightly right
        float[] bilinear = new float[src.length];
        float[] exact = new float[src.length];

        Warp.rotate(src, bilinear, 1, n, n, 90);
        Warp.rotate90(src, exact, 1, n, n, 1);

        // A CCW quarter turn maps (dx, dy) → (dy, −dx) = (−3, −1): pixel (1, 3).
        assertThat(Images.at(exact, n, n, 0, 1, 3)).isEqualTo(1f);
        assertThat(Images.mean(exact)).isEqualTo(Images.mean(src));
        assertThat(Images.at(bilinear, n, n, 0, 1, 3)).isCloseTo(1f, within(1e-6f));
        assertThat(Images.mean(bilinear)).isCloseTo(1.0 / (n * n), within(1e-7));
    }

    @Test
    void bilinearRotationByQuarterTurnsAgreesWithExactPermutation() {
        int n = 8;
        float[] src = Images.noise(3, n, n, 0, 1, 7);
        for (int k = -1; k <= 3; k++) {
            float[] bilinear = new float[src.length];
            float[] exact = new float[src.length];
            Warp.rotate(src, bilinear, 3, n, n, 90 * k);
            Warp.rotate90(src, exact, 3, n, n, k);
            for (int i = 0; i < src.length; i++) {
                assertThat(bilinear[i]).as("k=%d i=%d", k, i).isCloseTo(exact[i], within(1e-5f));
            }
        }
    }

    @Test
    void rotationFillsCornersWithZero() {
        int n = 16;
        float[] src = Images.constant(1, n, n, 0.5f);
        float[] dst = new float[src.length];
        Warp.rotate(src, dst, 1, n, n, 45);
        assertThat(Images.at(dst, n, n, 0, 0, 0)).isZero();
        assertThat(Images.at(dst, n, n, 0, n - 1, n - 1)).isZero();
        assertThat(Images.at(dst, n, n, 0, n / 2, n / 2)).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void affineTranslationShiftsMarkerAndDropsWhatLeavesTheImage() {
        int h = 6;
        int w = 10;
        float[] src = Images.marker(1, h, w, 4, 3);
        float[] dst = new float[src.length];
        Warp.affine(src, dst, 1, h, w, 0, 2, -1);
        assertThat(Images.at(dst, h, w, 0, 6, 2)).isEqualTo(1f);
        assertThat(Images.mean(dst)).isEqualTo(Images.mean(src));

        Warp.affine(src, dst, 1, h, w, 0, 6, 0);
        assertThat(dst).containsOnly(0f);
    }

    @Test
    void resizeOfTheFullBoxIsTheIdentityAndACropStretchesARamp() {
        int h = 4;
        int w = 8;
        float[] ramp = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ramp[y * w + x] = x;
            }
        }
        float[] dst = new float[ramp.length];
        Warp.resizeCrop(ramp, dst, 1, h, w, 0, 0, h, w);
        assertThat(dst).containsExactly(ramp);

        // Columns 2..5 stretched ×2: source x = 2 + clamp((x + 0.5)/2 − 0.5, 0, 3).
        Warp.resizeCrop(ramp, dst, 1, h, w, 1, 2, 2, 4);
        assertThat(java.util.Arrays.copyOfRange(dst, 0, w))
                .containsExactly(2f, 2.25f, 2.75f, 3.25f, 3.75f, 4.25f, 4.75f, 5f);
    }

    @Test
    void shapesAreChecked() {
        assertThatThrownBy(() -> Warp.rotate(new float[10], new float[10], 1, 3, 3, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c·h·w = 9");
        assertThatThrownBy(() -> Warp.rotate90(new float[6], new float[6], 1, 2, 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
        assertThatThrownBy(() -> Warp.resizeCrop(new float[9], new float[9], 1, 3, 3, 1, 1, 3, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the 3×3 image");
    }
}
