package io.pulmo.common.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TtaTest {
    private static final int C = 3;
    private static final int N = 6;

    @Test
    void identityGivesAnExactCopy() {
        float[] src = Images.noise(C, N, N, 0, 1, 1);
        float[] out = Tta.view("identity").apply(src, C, N, N);
        assertThat(out).containsExactly(src).isNotSameAs(src);
    }

    @Test
    void hflipTwiceAndRot90FourTimesGiveTheInputBack() {
        float[] src = Images.noise(C, N, N, 0, 1, 2);
        Tta.View hflip = Tta.view("hflip");
        assertThat(hflip.apply(src, C, N, N)).isNotEqualTo(src);
        assertThat(hflip.apply(hflip.apply(src, C, N, N), C, N, N)).containsExactly(src);

        float[] turned = src;
        Tta.View rot90 = Tta.view("rot90");
        for (int i = 0; i < 4; i++) {
            turned = rot90.apply(turned, C, N, N);
        }
        assertThat(turned).containsExactly(src);
        assertThat(Tta.view("rot-90").apply(src, C, N, N)).containsExactly(Tta.view("rot270").apply(src, C, N, N));
        assertThat(Tta.view("rot180").apply(src, C, N, N))
                .containsExactly(rot90.apply(rot90.apply(src, C, N, N), C, N, N));
    }

    @Test
    void viewsFollowTheWarpConventions() {
        float[] marker = Images.marker(1, N, N, 2, 0); // top row
        assertThat(Images.argmax(Tta.view("rot90").apply(marker, 1, N, N), N, N, 0)).containsExactly(0, 3);
        assertThat(Images.argmax(Tta.view("vflip").apply(marker, 1, N, N), N, N, 0)).containsExactly(2, 5);

        float[] src = Images.noise(1, N, N, 0, 1, 3);
        float[] expected = new float[src.length];
        Warp.rotate(src, expected, 1, N, N, -10);
        assertThat(Tta.view("rot-10").apply(src, 1, N, N)).containsExactly(expected);
    }

    @Test
    void aBatchIsTransformedImageByImage() {
        float[] batch = new float[2 * N * N];
        batch[0] = 1f;             // image 0, (0, 0)
        batch[N * N + N + 1] = 1f; // image 1, (1, 1)
        float[] out = Tta.view("hflip").forShape(1, N, N).apply(batch);
        assertThat(out[N - 1]).isEqualTo(1f);
        assertThat(out[N * N + N + N - 2]).isEqualTo(1f);
        assertThatThrownBy(() -> Tta.view("hflip").apply(new float[N * N + 1], 1, N, N))
                .hasMessageContaining("whole number of 1×6×6 images");
    }

    @Test
    void parsesListsAndRejectsUnknownNamesListingTheKnownForms() {
        assertThat(Tta.views(List.of("identity", "rot15", "hflip"))).extracting(Tta.View::name)
                .containsExactly("identity", "rot15", "hflip");
        assertThatThrownBy(() -> Tta.view("rotate90"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown TTA view 'rotate90'; known: identity, hflip, vflip, rot90, rot180, rot270, "
                        + "rot<degrees> (e.g. rot15, rot-10)");
        assertThatThrownBy(() -> Tta.view("rot90").apply(new float[6], 1, 2, 3)).hasMessageContaining("square");
    }

    @Test
    void averageOfPredictions() {
        double[][] p = {{0.1, 0.9}, {0.7, 0.3}};
        assertThat(Tta.average(List.of(p, p, p))).isDeepEqualTo(p);
        double[][] mean = Tta.average(List.of(new double[][]{{0.2}}, new double[][]{{0.4}}));
        assertThat(mean[0][0]).isCloseTo(0.3, org.assertj.core.api.Assertions.within(1e-12));
        assertThatThrownBy(() -> Tta.average(List.of(p, new double[][]{{0.1, 0.9}})))
                .hasMessageContaining("has 1 rows, expected 2");
        assertThatThrownBy(() -> Tta.average(List.of())).hasMessageContaining("at least one");
    }
}
