package io.pulmo.common.data;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.SplitConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Turns scanned images into train/val/test splits.
 *
 * <p>{@code split.from: folders} keeps the dataset's own split folders. {@code split.from: ratios} pools every
 * image and re-splits it by {@code split.ratios} under {@code split.seed}; with {@code split.group: patient} (the
 * default) whole patients are assigned, so no patient lands in two splits — a file whose name carries no patient
 * id is its own group. {@code group: none} reproduces an image-level split. {@code split.from: train-val} pools the
 * train and val folders and re-splits them by the first two ratios, keeping the test folder (seed 002).
 */
public final class Splits {
    private Splits() {
    }

    /** Splits the scan of {@link DatasetLayouts#scan} as the config says. */
    public static DatasetSplits make(Map<String, List<DatasetLayouts.RawItem>> scanned, SplitConfig split, long seed) {
        List<String> classes = DatasetLayouts.classes(scanned);
        boolean byGroup = !"none".equals(split.group());
        Map<String, List<ImageItem>> items = new LinkedHashMap<>();
        scanned.forEach((name, raw) -> items.put(name, items(raw, classes, byGroup)));
        List<List<ImageItem>> parts = split(items, "image-folder", split, seed, ImageItem::id, ImageItem::group);
        return new DatasetSplits(classes, parts.get(0), parts.get(1), parts.get(2));
    }

    /**
     * Train, validation and test parts of any dataset scanned by split folder ({@code train}, {@code val},
     * {@code test}, or {@code all} for layouts without split folders), as {@code data.split} says:
     * {@code folders} keeps the folders, {@code ratios} pools everything and re-splits by group,
     * {@code train-val} pools train and val, re-splits them, and keeps test. {@code split.group: none} makes every
     * item its own group.
     *
     * @param layout the layout's name, for messages
     */
    public static <T> List<List<T>> split(Map<String, List<T>> scanned, String layout, SplitConfig split, long seed,
                                          Function<T, String> id, Function<T, String> group) {
        Function<T, String> groupOf = "none".equals(split.group()) ? id : group;
        List<T> none = List.of();
        if ("folders".equals(split.from())) {
            if (scanned.containsKey("all")) {
                throw new PulmoException("data.split.from: the " + layout + " layout has no split folders; use 'ratios'");
            }
            return List.of(scanned.getOrDefault("train", none), scanned.getOrDefault("val", none),
                    scanned.getOrDefault("test", none));
        }
        long splitSeed = split.seed() != null ? split.seed() : seed;
        if ("train-val".equals(split.from())) {
            if (scanned.containsKey("all")) {
                throw new PulmoException("data.split.from: the " + layout + " layout has no train/val folders; use 'ratios'");
            }
            List<T> pooled = new ArrayList<>(scanned.getOrDefault("train", none));
            pooled.addAll(scanned.getOrDefault("val", none));
            double train = split.ratios().get(0);
            double val = split.ratios().get(1);
            List<List<T>> parts = byRatios(pooled, List.of(train / (train + val), val / (train + val)), splitSeed,
                    id, groupOf);
            return List.of(parts.get(0), parts.get(1), scanned.getOrDefault("test", none));
        }
        if (!"ratios".equals(split.from())) {
            throw new PulmoException("data.split.from must be 'folders', 'ratios' or 'train-val', got '" + split.from() + "'");
        }
        List<T> all = new ArrayList<>();
        scanned.values().forEach(all::addAll);
        return byRatios(all, split.ratios(), splitSeed, id, groupOf);
    }

    /** {@link #byRatios(List, List, long, Function, Function)} of labelled images by their groups. */
    public static List<List<ImageItem>> byRatios(List<ImageItem> items, List<Double> ratios, long seed) {
        return byRatios(items, ratios, seed, ImageItem::id, ImageItem::group);
    }

    /**
     * Assigns whole groups to parts: groups are shuffled under the seed, then filled into the parts in order until
     * each holds its share of items. Deterministic for a seed and independent of the items' order on disk.
     */
    public static <T> List<List<T>> byRatios(List<T> items, List<Double> ratios, long seed, Function<T, String> id,
                                             Function<T, String> group) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        items.stream().sorted(java.util.Comparator.comparing(id))
                .forEach(i -> groups.computeIfAbsent(group.apply(i), g -> new ArrayList<>()).add(i));
        List<String> keys = new ArrayList<>(groups.keySet());
        java.util.Collections.sort(keys);
        Shuffles.shuffle(keys, new SplittableRandom(seed));
        List<List<T>> parts = new ArrayList<>();
        ratios.forEach(r -> parts.add(new ArrayList<>()));
        double total = items.size();
        double cumulative = 0;
        int part = 0;
        double bound = ratios.get(0) * total;
        for (String key : keys) {
            List<T> g = groups.get(key);
            while (part < ratios.size() - 1 && cumulative >= bound - 1e-9) {
                part++;
                bound += ratios.get(part) * total;
            }
            parts.get(part).addAll(g);
            cumulative += g.size();
        }
        return parts;
    }

    private static List<ImageItem> items(List<DatasetLayouts.RawItem> raw, List<String> classes, boolean byGroup) {
        List<ImageItem> out = new ArrayList<>(raw.size());
        for (DatasetLayouts.RawItem r : raw) {
            String group = byGroup ? PatientIds.of(r.path().getFileName().toString()).orElse(r.id()) : r.id();
            out.add(new ImageItem(r.path(), r.id(), classes.indexOf(r.className()), group));
        }
        return out;
    }
}
