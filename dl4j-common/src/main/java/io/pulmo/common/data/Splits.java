package io.pulmo.common.data;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.SplitConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
        if ("folders".equals(split.from())) {
            if (scanned.containsKey("all")) {
                throw new PulmoException("data.split.from: the image-folder layout has no split folders; use 'ratios'");
            }
            return new DatasetSplits(classes, items(scanned.get("train"), classes, byGroup),
                    items(scanned.get("val"), classes, byGroup), items(scanned.get("test"), classes, byGroup));
        }
        long splitSeed = split.seed() != null ? split.seed() : seed;
        if ("train-val".equals(split.from())) {
            if (scanned.containsKey("all")) {
                throw new PulmoException("data.split.from: the image-folder layout has no train/val folders; use 'ratios'");
            }
            List<ImageItem> pooled = new ArrayList<>(items(scanned.get("train"), classes, byGroup));
            pooled.addAll(items(scanned.get("val"), classes, byGroup));
            double train = split.ratios().get(0);
            double val = split.ratios().get(1);
            List<List<ImageItem>> parts = byRatios(pooled, List.of(train / (train + val), val / (train + val)), splitSeed);
            return new DatasetSplits(classes, parts.get(0), parts.get(1), items(scanned.get("test"), classes, byGroup));
        }
        if (!"ratios".equals(split.from())) {
            throw new PulmoException("data.split.from must be 'folders', 'ratios' or 'train-val', got '" + split.from() + "'");
        }
        List<ImageItem> all = new ArrayList<>();
        scanned.values().forEach(list -> all.addAll(items(list, classes, byGroup)));
        List<List<ImageItem>> parts = byRatios(all, split.ratios(), splitSeed);
        return new DatasetSplits(classes, parts.get(0), parts.get(1), parts.get(2));
    }

    /**
     * Assigns whole groups to parts: groups are shuffled under the seed, then filled into the parts in order until
     * each holds its share of images. Deterministic for a seed and independent of the items' order on disk.
     */
    public static List<List<ImageItem>> byRatios(List<ImageItem> items, List<Double> ratios, long seed) {
        Map<String, List<ImageItem>> groups = new LinkedHashMap<>();
        items.stream().sorted(java.util.Comparator.comparing(ImageItem::id))
                .forEach(i -> groups.computeIfAbsent(i.group(), g -> new ArrayList<>()).add(i));
        List<String> keys = new ArrayList<>(groups.keySet());
        java.util.Collections.sort(keys);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = keys.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String t = keys.get(i);
            keys.set(i, keys.get(j));
            keys.set(j, t);
        }
        List<List<ImageItem>> parts = new ArrayList<>();
        ratios.forEach(r -> parts.add(new ArrayList<>()));
        double total = items.size();
        double cumulative = 0;
        int part = 0;
        double bound = ratios.get(0) * total;
        for (String key : keys) {
            List<ImageItem> g = groups.get(key);
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
