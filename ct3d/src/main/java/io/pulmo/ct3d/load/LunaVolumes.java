package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds LUNA16's volumes: {@code ROOT/subset*}{@code /{seriesuid}.mhd}, as the book's
 * {@code glob('subset*}{@code /{}.mhd')}. Only directories whose name starts with {@code subset} are searched, one
 * level deep.
 */
public final class LunaVolumes {

    private LunaVolumes() {
    }

    /**
     * Every volume under {@code root}, by series UID, in UID order.
     *
     * @throws PulmoException when {@code root} is not a directory, cannot be listed, or a series UID appears in
     *                        two subsets (both paths named)
     */
    public static Map<String, Path> index(Path root) {
        if (!Files.isDirectory(root)) {
            throw new PulmoException("LUNA16 root " + root + " is not a directory");
        }
        Map<String, Path> out = new TreeMap<>();
        try {
            List<Path> subsets = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "subset*")) {
                for (Path p : ds) {
                    if (Files.isDirectory(p)) {
                        subsets.add(p);
                    }
                }
            }
            Collections.sort(subsets);
            for (Path subset : subsets) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(subset, "*.mhd")) {
                    for (Path mhd : ds) {
                        String name = mhd.getFileName().toString();
                        String uid = name.substring(0, name.length() - 4);
                        Path previous = out.put(uid, mhd);
                        if (previous != null) {
                            throw new PulmoException("series " + uid + " appears twice under " + root + ": "
                                    + previous + " and " + mhd);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new PulmoException("cannot list LUNA16 root " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The {@code .mhd} of one series.
     *
     * @throws PulmoException when no {@code subset*}{@code /{seriesuid}.mhd} exists under {@code root}
     */
    public static Path find(Path root, String seriesuid) {
        Path found = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "subset*")) {
            for (Path subset : ds) {
                Path mhd = subset.resolve(seriesuid + ".mhd");
                if (Files.isRegularFile(mhd) && (found == null || mhd.compareTo(found) < 0)) {
                    found = mhd;
                }
            }
        } catch (IOException e) {
            throw new PulmoException("cannot list LUNA16 root " + root + ": " + e.getMessage(), e);
        }
        if (found == null) {
            throw new PulmoException("no volume " + root + "/subset*/" + seriesuid + ".mhd");
        }
        return found;
    }
}
