package io.pulmo.common.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The weighted sampler balances 1:3 data to about half positives per epoch, with replacement. */
class WeightedSamplerTest {
    private static List<ImageItem> oneToThree(int n) {
        List<ImageItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 4 == 0 ? 0 : 1;
            items.add(new ImageItem(Path.of("x" + i + ".png"), "x" + i, label, "x" + i));
        }
        return items;
    }

    private static ImageBatchIterator iterator(List<ImageItem> items, boolean weighted) {
        return new ImageBatchIterator(items, 2, true, 16, 8, 1, new float[]{0.5f}, new float[]{0.25f}, true, 11,
                Augmentation.NONE, 1).weightedSampling(weighted);
    }

    @Test
    void aboutHalfPositivesPerEpochOnOneToThreeData() {
        List<ImageItem> items = oneToThree(400);
        try (ImageBatchIterator it = iterator(items, true)) {
            for (int epoch = 1; epoch <= 5; epoch++) {
                it.setEpoch(epoch);
                int[] order = it.order();
                assertThat(order).hasSize(items.size());
                long positives = java.util.Arrays.stream(order).filter(i -> items.get(i).label() == 1).count();
                assertThat(positives / (double) order.length).as("epoch %d", epoch).isBetween(0.45, 0.55);
                assertThat(java.util.Arrays.stream(order).distinct().count()).as("drawn with replacement")
                        .isLessThan(order.length);
            }
        }
    }

    @Test
    void withoutItEachImageComesOncePerEpochAndTheRatioStays() {
        List<ImageItem> items = oneToThree(400);
        try (ImageBatchIterator it = iterator(items, false)) {
            it.setEpoch(2);
            int[] order = it.order();
            assertThat(java.util.Arrays.stream(order).distinct().count()).isEqualTo(items.size());
            assertThat(java.util.Arrays.stream(order).filter(i -> items.get(i).label() == 1).count()).isEqualTo(300);
        }
    }

    @Test
    void drawsAreDeterministicPerSeedAndEpoch() {
        List<ImageItem> items = oneToThree(100);
        try (ImageBatchIterator a = iterator(items, true); ImageBatchIterator b = iterator(items, true)) {
            a.setEpoch(3);
            b.setEpoch(3);
            assertThat(a.order()).isEqualTo(b.order());
            b.setEpoch(4);
            assertThat(a.order()).isNotEqualTo(b.order());
        }
    }
}
