package io.pulmo.common.data;

import io.pulmo.common.PulmoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the labelled images of a dataset on disk.
 *
 * <ul>
 *   <li>{@code kaggle-xray} (also any split-folder dataset): {@code ROOT/{train,val|valid,test}/{CLASS}/*.{jpeg,jpg,png}},
 *       as Kermany's "Chest X-Ray Images (Pneumonia)" and the Kaggle chest CT-scan set;</li>
 *   <li>{@code image-folder}: {@code ROOT/{CLASS}/*}, one folder per class and no split folders.</li>
 * </ul>
 * Class folder names go through {@code data.class_map} (e.g. {@code A: normal}); a folder name that is not a key
 * but starts with {@code KEY_} or {@code KEY.} maps to that key's class too. Classes are sorted by name.
 */
public final class DatasetLayouts {
    /** Split folder names accepted for each split, in order of preference. */
    private static final Map<String, List<String>> SPLIT_FOLDERS = Map.of(
            "train", List.of("train"),
            "val", List.of("val", "valid", "validation"),
            "test", List.of("test"));

    private DatasetLayouts() {
    }

    /** Every image below {@code root} in the given layout, by split ({@code all} for image-folder). */
    public static Map<String, List<RawItem>> scan(Path root, String layout, Map<String, String> classMap) {
        if (root == null || !Files.isDirectory(root)) {
            throw new PulmoException("dataset root not found: " + root + " (data.root)");
        }
        Map<String, List<RawItem>> out = new LinkedHashMap<>();
        switch (layout) {
            case "kaggle-xray", "kaggle-ctscan", "split-folders" -> {
                for (String split : List.of("train", "val", "test")) {
                    Path dir = SPLIT_FOLDERS.get(split).stream().map(root::resolve).filter(Files::isDirectory)
                            .findFirst().orElse(null);
                    if (dir == null) {
                        if (split.equals("val")) {
                            out.put(split, List.of());
                            continue;
                        }
                        throw new PulmoException("split folder missing: " + root.resolve(split)
                                + " (data.layout " + layout + " expects train/, val/ and test/)");
                    }
                    out.put(split, scanClassFolders(root, dir, classMap));
                }
            }
            case "image-folder", "imagefolder" -> out.put("all", scanClassFolders(root, root, classMap));
            default -> throw new PulmoException("data.layout must be one of kaggle-xray, kaggle-ctscan, split-folders, "
                    + "image-folder, imagefolder, got '"
                    + layout + "'");
        }
        return out;
    }

    /** An image before class indices are known: its file, id relative to the root, and class name. */
    public record RawItem(Path path, String id, String className) {
    }

    /** The sorted class names over all scanned items. */
    public static List<String> classes(Map<String, List<RawItem>> scanned) {
        TreeSet<String> names = new TreeSet<>();
        scanned.values().forEach(items -> items.forEach(i -> names.add(i.className())));
        return List.copyOf(names);
    }

    /** Whether a file name has an image extension Pulmo reads. */
    public static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpeg") || n.endsWith(".jpg") || n.endsWith(".png"));
    }

    private static List<RawItem> scanClassFolders(Path root, Path dir, Map<String, String> classMap) {
        List<RawItem> items = new ArrayList<>();
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new PulmoException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (classDirs.isEmpty()) {
            throw new PulmoException("no class folders in " + dir);
        }
        for (Path classDir : classDirs) {
            String className = className(classDir.getFileName().toString(), classMap);
            List<Path> files;
            try (Stream<Path> s = Files.list(classDir)) {
                files = s.filter(DatasetLayouts::isImage).sorted(Comparator.comparing(Path::toString)).toList();
            } catch (IOException e) {
                throw new PulmoException("cannot list " + classDir + ": " + e.getMessage(), e);
            }
            if (files.isEmpty()) {
                throw new PulmoException("empty class folder: " + classDir + " (no .jpeg, .jpg or .png images)");
            }
            for (Path f : files) {
                items.add(new RawItem(f, root.relativize(f).toString().replace('\\', '/'), className));
            }
        }
        return items;
    }

    static String className(String folder, Map<String, String> classMap) {
        if (classMap == null || classMap.isEmpty()) {
            return folder;
        }
        String exact = classMap.get(folder);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : classMap.entrySet()) {
            if (folder.startsWith(e.getKey() + "_") || folder.startsWith(e.getKey() + ".")) {
                return e.getValue();
            }
        }
        return folder;
    }
}
