package io.pulmo.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.SplitConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitsTest {

    private static final List<Double> R811 = List.of(0.8, 0.1, 0.1);

    /** {@code n} items; item i belongs to group {@code "p" + groupOf[i]}. No file is touched. */
    private static List<ImageItem> items(int[] groupOf) {
        List<ImageItem> out = new ArrayList<>();
        for (int i = 0; i < groupOf.length; i++) {
            String id = String.format("img%03d.png", i);
            out.add(new ImageItem(Path.of(id), id, i % 2, "p" + groupOf[i]));
        }
        return out;
    }

    private static List<ImageItem> singletons(int n) {
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = i;
        }
        return items(g);
    }

    /** 60 items in groups of 1, 2 or 3 images (sizes cycling 3, 1, 2, ...). */
    private static List<ImageItem> grouped60() {
        int[] g = new int[60];
        int group = 0;
        int i = 0;
        int[] sizes = {3, 1, 2};
        while (i < g.length) {
            int s = sizes[group % 3];
            for (int k = 0; k < s && i < g.length; k++) {
                g[i++] = group;
            }
            group++;
        }
        return items(g);
    }

    private static List<List<String>> ids(List<List<ImageItem>> parts) {
        return parts.stream().map(p -> p.stream().map(ImageItem::id).toList()).toList();
    }

    @ParameterizedTest(name = "{0} singletons, ratios {1}/{2}/{3} -> {4}/{5}/{6}")
    @CsvSource({
            "100, 0.8, 0.1, 0.1,  80, 10, 10",
            "10,  0.8, 0.1, 0.1,   8,  1,  1",
            "10,  0.5, 0.5, 0.0,   5,  5,  0",
            "10,  0.9, 0.0, 0.1,   9,  0,  1",
            "7,   1.0, 0.0, 0.0,   7,  0,  0",
            "20,  0.6, 0.2, 0.2,  12,  4,  4",
    })
    void singletonGroupsGiveExactShares(int n, double a, double b, double c, int ea, int eb, int ec) {
        List<List<ImageItem>> parts = Splits.byRatios(singletons(n), List.of(a, b, c), 3L);

        assertThat(parts).extracting(List::size).containsExactly(ea, eb, ec);
    }

    @Test
    void ratiosHonouredWithinOneGroupSize() {
        List<ImageItem> all = grouped60();
        int largestGroup = 3;
        for (long seed = 0; seed < 20; seed++) {
            List<List<ImageItem>> parts = Splits.byRatios(all, R811, seed);
            assertThat(parts.stream().mapToInt(List::size).sum()).isEqualTo(60);
            for (int k = 0; k < 3; k++) {
                double expected = R811.get(k) * 60;
                assertThat((double) parts.get(k).size()).as("seed %d part %d", seed, k)
                        .isBetween(expected - largestGroup, expected + largestGroup);
            }
        }
    }

    @Test
    void noGroupInTwoParts() {
        List<List<ImageItem>> parts = Splits.byRatios(grouped60(), List.of(0.5, 0.25, 0.25), 11L);

        List<Set<String>> groups = parts.stream()
                .map(p -> p.stream().map(ImageItem::group).collect(Collectors.toSet())).toList();
        assertThat(groups.get(0)).doesNotContainAnyElementsOf(groups.get(1)).doesNotContainAnyElementsOf(groups.get(2));
        assertThat(groups.get(1)).doesNotContainAnyElementsOf(groups.get(2));
    }

    @Test
    void deterministicForASeedAndIndependentOfInputOrder() {
        List<ImageItem> all = grouped60();
        List<ImageItem> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(5));
        List<ImageItem> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);

        List<List<String>> reference = ids(Splits.byRatios(all, R811, 42L));

        assertThat(ids(Splits.byRatios(all, R811, 42L))).isEqualTo(reference);
        assertThat(ids(Splits.byRatios(shuffled, R811, 42L))).isEqualTo(reference);
        assertThat(ids(Splits.byRatios(reversed, R811, 42L))).isEqualTo(reference);
        assertThat(ids(Splits.byRatios(all, R811, 43L))).isNotEqualTo(reference);
    }

    // ------------------------------------------------------------------ make

    /** Two patients with ten images each, as the scan of an image-folder dataset. */
    private static Map<String, List<DatasetLayouts.RawItem>> twoPatients() {
        List<DatasetLayouts.RawItem> raw = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String a = String.format("PNEUMONIA/person1_bacteria_%d.jpeg", i);
            String b = String.format("NORMAL/IM-0007-%04d.jpeg", i);
            raw.add(new DatasetLayouts.RawItem(Path.of("/data").resolve(a), a, "PNEUMONIA"));
            raw.add(new DatasetLayouts.RawItem(Path.of("/data").resolve(b), b, "NORMAL"));
        }
        return Map.of("all", raw);
    }

    @Test
    void groupPatientKeepsEachPatientInOneSplit() {
        SplitConfig cfg = new SplitConfig("ratios", List.of(0.5, 0.25, 0.25), 1L, "patient");

        DatasetSplits s = Splits.make(twoPatients(), cfg, 0L);

        // the first patient fills train's 10 images; the second goes wholly to val
        assertThat(List.of(s.train().size(), s.val().size(), s.test().size())).containsExactly(10, 10, 0);
        assertThat(s.train()).extracting(ImageItem::group).containsOnly(s.train().get(0).group());
        assertThat(s.val()).extracting(ImageItem::group).containsOnly(s.val().get(0).group());
        assertThat(Set.of(s.train().get(0).group(), s.val().get(0).group())).containsExactlyInAnyOrder("person1", "IM-0007");
    }

    @Test
    void groupNoneSplitsImagesIndividually() {
        SplitConfig cfg = new SplitConfig("ratios", List.of(0.5, 0.25, 0.25), 1L, "none");

        DatasetSplits s = Splits.make(twoPatients(), cfg, 0L);

        assertThat(List.of(s.train().size(), s.val().size(), s.test().size())).containsExactly(10, 5, 5);
        for (ImageItem item : s.train()) {
            assertThat(item.group()).isEqualTo(item.id());
        }
    }

    @Test
    void labelsIndexTheSortedClassNames() {
        DatasetSplits s = Splits.make(twoPatients(), new SplitConfig("ratios", R811, 1L, "patient"), 0L);

        assertThat(s.classes()).containsExactly("NORMAL", "PNEUMONIA");
        List<ImageItem> all = new ArrayList<>(s.train());
        all.addAll(s.val());
        all.addAll(s.test());
        assertThat(all).hasSize(20);
        for (ImageItem item : all) {
            assertThat(item.label()).as(item.id()).isEqualTo(item.id().startsWith("NORMAL/") ? 0 : 1);
        }
    }

    @Test
    void splitSeedDefaultsToTheExperimentSeed() {
        List<Double> r = List.of(0.5, 0.25, 0.25);
        DatasetSplits viaExperiment = Splits.make(twoPatients(), new SplitConfig("ratios", r, null, "none"), 7L);
        DatasetSplits viaSplitSeed = Splits.make(twoPatients(), new SplitConfig("ratios", r, 7L, "none"), 99L);
        DatasetSplits otherSeed = Splits.make(twoPatients(), new SplitConfig("ratios", r, 8L, "none"), 7L);

        assertThat(viaExperiment).isEqualTo(viaSplitSeed);
        assertThat(viaExperiment.train()).isNotEqualTo(otherSeed.train());
    }

    @Test
    void fromFoldersKeepsTheDatasetsFolders() {
        Map<String, List<DatasetLayouts.RawItem>> scanned = new LinkedHashMap<>();
        scanned.put("train", List.of(raw("train/B/person3_virus_1.jpeg", "B"), raw("train/A/IM-0001-0001.jpeg", "A")));
        scanned.put("val", List.of());
        scanned.put("test", List.of(raw("test/A/IM-0001-0002.jpeg", "A")));

        DatasetSplits s = Splits.make(scanned, new SplitConfig(), 0L);

        assertThat(s.classes()).containsExactly("A", "B");
        assertThat(s.train()).extracting(ImageItem::id, ImageItem::label, ImageItem::group).containsExactly(
                org.assertj.core.groups.Tuple.tuple("train/B/person3_virus_1.jpeg", 1, "person3"),
                org.assertj.core.groups.Tuple.tuple("train/A/IM-0001-0001.jpeg", 0, "IM-0001"));
        assertThat(s.val()).isEmpty();
        assertThat(s.test()).extracting(ImageItem::id).containsExactly("test/A/IM-0001-0002.jpeg");
    }

    @Test
    void imageFolderWithSplitFromFoldersIsAnError() {
        assertThatThrownBy(() -> Splits.make(twoPatients(), new SplitConfig(), 0L))
                .isInstanceOf(PulmoException.class)
                .hasMessage("data.split.from: the image-folder layout has no split folders; use 'ratios'");
    }

    private static DatasetLayouts.RawItem raw(String id, String cls) {
        return new DatasetLayouts.RawItem(Path.of("/data").resolve(id), id, cls);
    }
}
