package io.pulmo.common.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulmo.common.config.AugmentConfig;
import io.pulmo.common.data.Augmentation;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationsTest {

    private static final AugmentConfig EVERYTHING = new AugmentConfig(20, 0.5, 15, 0.1, List.of(0.8, 1.0), 0.2, 0.2,
            List.of(0.1, 2.0), 0.1);

    @Test
    void nothingOnGivesNone() {
        assertThat(Augmentations.from(new AugmentConfig())).isSameAs(Augmentation.NONE);
    }

    @Test
    void everythingOnComposesInTorchvisionOrder() {
        Augmentation a = Augmentations.from(EVERYTHING);
        assertThat(a).isInstanceOf(Augmentations.Sequence.class);
        assertThat(((Augmentations.Sequence) a).steps()).containsExactly(new RandomResizedCrop(0.8, 1.0),
                new RandomHorizontalFlip(0.5), new RandomRotation(20), new RandomAffine(15, 0.1),
                new ColorJitter(0.2, 0.2), new GaussianBlur(0.1, 2.0), new RandomGrayscale(0.1));
    }

    @Test
    void aSingleTransformIsItselfAndTranslateAloneTurnsAffineOn() {
        assertThat(Augmentations.from(new AugmentConfig(15, 0, 0, 0, null, 0, 0, null, 0)))
                .isEqualTo(new RandomRotation(15));
        assertThat(Augmentations.from(new AugmentConfig(0, 0, 0, 0.1, null, 0, 0, null, 0)))
                .isEqualTo(new RandomAffine(0, 0.1));
    }

    @Test
    void sameSeedGivesIdenticalOutputAndValuesStayInUnitRange() {
        Augmentation a = Augmentations.from(EVERYTHING);
        float[] src = Images.noise(3, 24, 24, 0, 1, 11);
        float[] first = src.clone();
        float[] second = src.clone();
        float[] other = src.clone();
        a.apply(first, 3, 24, 24, Augmentation.rngFor(7, 2, 5));
        a.apply(second, 3, 24, 24, Augmentation.rngFor(7, 2, 5));
        a.apply(other, 3, 24, 24, Augmentation.rngFor(7, 2, 6));
        assertThat(first).containsExactly(second).isNotEqualTo(src);
        assertThat(other).isNotEqualTo(first);
        for (float v : first) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void sequenceRunsItsStepsInOrderOnOneRandomSource() {
        Augmentation a = new Augmentations.Sequence(List.of(new RandomHorizontalFlip(1), new RandomGrayscale(1)));
        float[] px = Images.marker(3, 2, 4, 0, 1);
        a.apply(px, 3, 2, 4, new SplittableRandom(0));
        for (int c = 0; c < 3; c++) {
            assertThat(Images.argmax(px, 2, 4, c)).containsExactly(3, 1);
        }
    }
}
