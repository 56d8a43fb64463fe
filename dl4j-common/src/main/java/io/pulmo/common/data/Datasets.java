package io.pulmo.common.data;

import io.pulmo.common.PulmoException;
import io.pulmo.common.config.DataConfig;
import io.pulmo.common.config.ExperimentConfig;
import io.pulmo.common.config.PhantomConfig;
import io.pulmo.common.phantom.Phantoms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The dataset of an experiment: {@code data.root} scanned in {@code data.layout} and split per
 * {@code data.split}; or, when {@code data.root} is absent and {@code data.phantom} present, a phantom generated
 * once into {@code data/phantom/<kind>-<hash>/} (the hash covers the phantom's parameters) and reused.
 */
public final class Datasets {
    private static final Logger log = LoggerFactory.getLogger(Datasets.class);
    /** Where generated phantoms live, relative to the working directory (git-ignored). */
    public static final Path PHANTOM_HOME = Path.of("data", "phantom");

    private Datasets() {
    }

    /** The dataset root this config reads: {@code data.root}, or its generated phantom. */
    public static Path root(ExperimentConfig config) {
        DataConfig data = config.data();
        if (data.root() != null) {
            return data.root();
        }
        PhantomConfig p = data.phantom();
        if (p == null) {
            throw new PulmoException("data.root: no dataset given (set data.root, or data.phantom for a synthetic one)");
        }
        Path dir = PHANTOM_HOME.resolve(p.kind() + "-" + phantomHash(p));
        if (!Files.isDirectory(dir)) { // phantoms are written to a hidden sibling and moved into place when complete
            log.info("generating the {} phantom ({} images, {} px, seed {}) into {}", p.kind(), p.n(), p.size(), p.seed(), dir);
            try {
                Phantoms.write(p.kind(), dir, p.n(), p.size(), p.seed());
            } catch (PulmoException e) {
                throw new PulmoException("data.phantom.kind " + p.kind() + ": " + e.getMessage(), e);
            }
        }
        return dir;
    }

    /** Scans and splits the experiment's dataset. */
    public static DatasetSplits load(ExperimentConfig config) {
        Path root = root(config);
        DataConfig data = config.data();
        DatasetSplits splits = Splits.make(DatasetLayouts.scan(root, data.layout(), data.classMap()), data.split(),
                config.seed());
        if (splits.train().isEmpty() || splits.test().isEmpty()) {
            throw new PulmoException("dataset " + root + " has no " + (splits.train().isEmpty() ? "training" : "test")
                    + " images after splitting (data.split)");
        }
        log.info("dataset {}: classes {}, images {}", root, splits.classes(), splits.counts());
        return splits;
    }

    /** Scans and splits the experiment's segmentation dataset ({@code data.layout} pneumothorax or siim). */
    public static SegmentationSplits loadSegmentation(ExperimentConfig config) {
        Path root = root(config);
        DataConfig data = config.data();
        List<List<SegmentationItem>> parts = Splits.split(SegmentationLayouts.scan(root, data.layout()), data.layout(),
                data.split(), config.seed(), SegmentationItem::id, SegmentationItem::group);
        SegmentationSplits splits = new SegmentationSplits(parts.get(0), parts.get(1), parts.get(2));
        if (splits.train().isEmpty() || splits.test().isEmpty()) {
            throw new PulmoException("dataset " + root + " has no " + (splits.train().isEmpty() ? "training" : "test")
                    + " images after splitting (data.split)");
        }
        log.info("dataset {}: images with masks: train {}, val {}, test {}", root, splits.train().size(),
                splits.val().size(), splits.test().size());
        return splits;
    }

    static String phantomHash(PhantomConfig p) {
        String key = p.kind() + "|" + p.n() + "|" + p.size() + "|" + p.seed();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
