package io.pulmo.common.data;

import io.pulmo.common.PulmoException;
import io.pulmo.common.data.siim.Siim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds the images and masks of a segmentation dataset on disk.
 *
 * <ul>
 *   <li>{@code pneumothorax} (seed 004): {@code ROOT/{train,val,test}/{inputs,labels}/*.png}, an image and its binary
 *       mask sharing a file name; by split ({@code train}, {@code val}, {@code test}). A missing or empty {@code val}
 *       is allowed; {@code train} and {@code test} must hold images. The group is the file stem.</li>
 *   <li>{@code siim} (SIIM-ACR, alias {@code siim-acr}): {@code ROOT/train-rle.csv} and
 *       {@code ROOT/dicom-images-train/**}{@code /<SOPInstanceUID>.dcm}, see {@link Siim#scan}; one list under
 *       {@code all}, since SIIM has no split folders.</li>
 * </ul>
 * Ids are paths relative to the root with '/' separators; items come sorted by id.
 */
public final class SegmentationLayouts {
    /** The split folders of the {@code pneumothorax} layout, in order. */
    public static final List<String> SPLITS = List.of("train", "val", "test");

    private SegmentationLayouts() {
    }

    /**
     * Every item below {@code root} in the given layout, by split ({@code all} for {@code siim}).
     *
     * @throws PulmoException for an unknown layout, a missing root or any error of the layout's scanner
     */
    public static Map<String, List<SegmentationItem>> scan(Path root, String layout) {
        if (root == null || !Files.isDirectory(root)) {
            throw new PulmoException("dataset root not found: " + root + " (data.root)");
        }
        return switch (layout) {
            case "pneumothorax" -> pneumothorax(root);
            case "siim", "siim-acr" -> {
                Map<String, List<SegmentationItem>> out = new LinkedHashMap<>();
                out.put("all", Siim.scan(root));
                yield out;
            }
            default -> throw new PulmoException("data.layout must be one of pneumothorax, siim, siim-acr for "
                    + "segmentation, got '" + layout + "'");
        };
    }

    /**
     * The {@code pneumothorax} layout: {@code train}, {@code val} and {@code test} in that order.
     *
     * @throws PulmoException naming the file or folder: an image without a mask or a mask without an image, a
     *                        missing or empty {@code train} or {@code test} split, a split without {@code inputs/}
     */
    public static Map<String, List<SegmentationItem>> pneumothorax(Path root) {
        if (root == null || !Files.isDirectory(root)) {
            throw new PulmoException("dataset root not found: " + root + " (data.root)");
        }
        Map<String, List<SegmentationItem>> out = new LinkedHashMap<>();
        for (String split : SPLITS) {
            Path dir = root.resolve(split);
            if (!Files.isDirectory(dir)) {
                if (split.equals("val")) {
                    out.put(split, List.of());
                    continue;
                }
                throw new PulmoException("split folder missing: " + dir
                        + " (data.layout pneumothorax expects train/, val/ and test/ with inputs/ and labels/)");
            }
            List<SegmentationItem> items = pairs(root, dir);
            if (items.isEmpty() && !split.equals("val")) {
                throw new PulmoException("no images in " + dir.resolve("inputs") + " (expected *.png)");
            }
            out.put(split, items);
        }
        return out;
    }

    private static List<SegmentationItem> pairs(Path root, Path splitDir) {
        Path inputs = splitDir.resolve("inputs");
        Path labels = splitDir.resolve("labels");
        Map<String, Path> images = pngs(inputs);
        Map<String, Path> masks = pngs(labels);
        if (!images.isEmpty() && !Files.isDirectory(labels)) {
            throw new PulmoException("mask folder missing: " + labels + " (one mask per image of " + inputs + ")");
        }
        for (Map.Entry<String, Path> m : masks.entrySet()) {
            if (!images.containsKey(m.getKey())) {
                throw new PulmoException("mask without image: " + m.getValue() + " (expected "
                        + inputs.resolve(m.getValue().getFileName()) + ")");
            }
        }
        List<SegmentationItem> items = new ArrayList<>(images.size());
        for (Map.Entry<String, Path> e : images.entrySet()) {
            Path image = e.getValue();
            Path mask = masks.get(e.getKey());
            if (mask == null) {
                throw new PulmoException("image without mask: " + image + " (expected "
                        + labels.resolve(image.getFileName()) + ")");
            }
            String name = image.getFileName().toString();
            String stem = name.substring(0, name.lastIndexOf('.'));
            items.add(new SegmentationItem(image, root.relativize(image).toString().replace('\\', '/'), mask, null,
                    stem));
        }
        return items;
    }

    /** The PNG files of a folder by file name, sorted; empty when the folder is missing. */
    private static Map<String, Path> pngs(Path dir) {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(p -> out.put(p.getFileName().toString(), p));
        } catch (IOException e) {
            throw new PulmoException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
