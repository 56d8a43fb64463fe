package io.pulmo.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pulmo.common.PulmoException;
import io.pulmo.common.backend.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class ImageBatchIteratorTest {

    private static final int N = 8;
    private static final int SIZE = 4;
    private static final float[] ZERO = {0f};
    private static final float[] ONE = {1f};

    @TempDir
    static Path dir;
    /** Item i is a uniform 4×4 grey PNG of value {@code 20·i + 10} with label {@code i % 3}. */
    static List<ImageItem> items;

    @BeforeAll
    static void writeImages() {
        Backend.init(2);
        items = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String id = "img" + i + ".png";
            Path f = TestImages.write(TestImages.uniformGray(SIZE, SIZE, value(i)), "png", dir.resolve(id));
            items.add(new ImageItem(f, id, i % 3, id));
        }
    }

    private static int value(int i) {
        return 20 * i + 10;
    }

    private static ImageBatchIterator iterator(List<ImageItem> items, int classes, boolean single, int batch,
                                               boolean shuffle, long seed) {
        return new ImageBatchIterator(items, classes, single, batch, SIZE, 1, ZERO, ONE, shuffle, seed,
                Augmentation.NONE, 2);
    }

    /** The item index of every example in one pass, recovered from its (unnormalised) pixel value. */
    private static List<Integer> order(ImageBatchIterator it, int epoch) {
        it.setEpoch(epoch);
        List<Integer> out = new ArrayList<>();
        while (it.hasNext()) {
            INDArray f = it.next().getFeatures();
            for (int b = 0; b < f.size(0); b++) {
                int v = Math.round(f.getFloat(b, 0, 1, 2) * 255f);
                out.add((v - 10) / 20);
            }
        }
        return out;
    }

    @Test
    void shapesOneHotLabelsAndASmallerLastBatch() {
        try (ImageBatchIterator it = iterator(items, 3, false, 3, false, 1L)) {
            List<DataSet> batches = new ArrayList<>();
            while (it.hasNext()) {
                batches.add(it.next());
            }

            assertThat(batches).extracting(ds -> ds.getFeatures().shape())
                    .containsExactly(new long[]{3, 1, 4, 4}, new long[]{3, 1, 4, 4}, new long[]{2, 1, 4, 4});
            assertThat(batches.get(0).getLabels().toFloatMatrix())
                    .isDeepEqualTo(new float[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
            assertThat(batches.get(2).getLabels().toFloatMatrix()).isDeepEqualTo(new float[][]{{1, 0, 0}, {0, 1, 0}});
            assertThat(it.inputColumns()).isEqualTo(16);
            assertThat(it.totalOutcomes()).isEqualTo(3);
        }
    }

    @Test
    void singleLogitLabelsAreOneForClassOne() {
        List<ImageItem> binary = items.stream().map(i -> new ImageItem(i.path(), i.id(), i.label() % 2, i.group())).toList();
        try (ImageBatchIterator it = iterator(binary, 2, true, 4, false, 1L)) {
            DataSet first = it.next();

            assertThat(first.getLabels().shape()).containsExactly(4, 1);
            // labels (i % 3) % 2 for i = 0..3: 0, 1, 0, 0
            assertThat(first.getLabels().toFloatVector()).containsExactly(0f, 1f, 0f, 0f);
            assertThat(it.totalOutcomes()).isEqualTo(1);
        }
    }

    @Test
    void withoutShuffleTheOrderIsTheDatasetOrder() {
        try (ImageBatchIterator it = iterator(items, 3, false, 3, false, 1L)) {
            assertThat(order(it, 1)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(order(it, 2)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        }
    }

    @Test
    void shuffleIsAPermutationDeterministicPerSeedAndEpoch() {
        try (ImageBatchIterator a = iterator(items, 3, false, 3, true, 7L);
             ImageBatchIterator b = iterator(items, 3, false, 5, true, 7L);
             ImageBatchIterator c = iterator(items, 3, false, 3, true, 8L)) {
            List<Integer> a1 = order(a, 1);
            List<Integer> a2 = order(a, 2);

            assertThat(a1).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            assertThat(a2).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7).isNotEqualTo(a1);
            assertThat(order(b, 1)).as("same seed and epoch, other batch size").isEqualTo(a1);
            assertThat(order(b, 2)).isEqualTo(a2);
            assertThat(order(a, 1)).as("epoch 1 again").isEqualTo(a1);
            assertThat(order(c, 1)).as("other seed").isNotEqualTo(a1);
        }
    }

    @Test
    void resetRepeatsTheCurrentEpochsOrder() {
        try (ImageBatchIterator it = iterator(items, 3, false, 3, true, 7L)) {
            List<Integer> first = order(it, 3);
            it.reset();
            List<Integer> again = new ArrayList<>();
            while (it.hasNext()) {
                INDArray f = it.next().getFeatures();
                for (int b = 0; b < f.size(0); b++) {
                    again.add((Math.round(f.getFloat(b, 0, 0, 0) * 255f) - 10) / 20);
                }
            }
            assertThat(again).isEqualTo(first);
        }
    }

    @Test
    void normalisationIsXMinusMeanOverStd() {
        try (ImageBatchIterator it = new ImageBatchIterator(items, 3, false, N, SIZE, 1, new float[]{0.5f},
                new float[]{0.25f}, false, 1L, Augmentation.NONE, 1)) {
            INDArray f = it.next().getFeatures();

            for (int i = 0; i < N; i++) {
                double expected = (value(i) / 255.0 - 0.5) / 0.25;
                assertThat(f.getDouble(i, 0, 3, 3)).as("item %d", i).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void rgbNormalisationIsPerChannel() {
        Path f = TestImages.write(TestImages.uniformRgb(SIZE, SIZE, 255, 128, 0), "png", dir.resolve("orange.png"));
        Normalization imagenet = Normalization.IMAGENET;
        try (ImageBatchIterator it = new ImageBatchIterator(List.of(new ImageItem(f, "orange.png", 0, "orange.png")),
                1, false, 1, SIZE, 3, imagenet.mean(), imagenet.std(), false, 1L, Augmentation.NONE, 1)) {
            INDArray x = it.next().getFeatures();

            assertThat(x.shape()).containsExactly(1, 3, 4, 4);
            assertThat(x.getDouble(0, 0, 2, 2)).isCloseTo((1.0 - 0.485) / 0.229, within(1e-4));
            assertThat(x.getDouble(0, 1, 2, 2)).isCloseTo((128 / 255.0 - 0.456) / 0.224, within(1e-4));
            assertThat(x.getDouble(0, 2, 2, 2)).isCloseTo((0.0 - 0.406) / 0.225, within(1e-4));
        }
    }

    @Test
    void augmentationRunsBeforeNormalisation() {
        Augmentation plusQuarter = (px, c, h, w, rng) -> {
            for (int i = 0; i < px.length; i++) {
                px[i] += 0.25f;
            }
        };
        try (ImageBatchIterator it = new ImageBatchIterator(items.subList(0, 2), 3, false, 2, SIZE, 1,
                new float[]{0.5f}, new float[]{0.25f}, false, 1L, plusQuarter, 1)) {
            INDArray f = it.next().getFeatures();

            assertThat(f.getDouble(1, 0, 0, 0)).isCloseTo((value(1) / 255.0 + 0.25 - 0.5) / 0.25, within(1e-5));
        }
    }

    @Test
    void checkAllSurfacesACorruptImage() throws Exception {
        Path bad = dir.resolve("corrupt.png");
        Files.writeString(bad, "not a png");
        List<ImageItem> withBad = new ArrayList<>(items);
        withBad.add(new ImageItem(bad, "corrupt.png", 0, "corrupt.png"));
        try (ImageBatchIterator it = iterator(withBad, 3, false, 3, false, 1L)) {
            assertThatThrownBy(it::checkAll)
                    .isInstanceOf(PulmoException.class)
                    .hasMessage("unreadable image: " + bad + " (not a JPEG or PNG file)");
        }
    }

    @Test
    void noItemsIsAnError() {
        assertThatThrownBy(() -> iterator(List.of(), 2, false, 2, false, 1L))
                .isInstanceOf(PulmoException.class)
                .hasMessage("no images to iterate over");
    }
}
