package io.pulmo.ct3d.segment;

import io.pulmo.common.PulmoException;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.Geometry;
import io.pulmo.ct3d.load.IrcIndex;
import io.pulmo.ct3d.load.LunaNodule;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.load.MetaImageHeader;
import io.pulmo.ct3d.load.XyzMm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The scans of the segmentation data and their {@link NoduleMask}s, by series: what {@link SegmentBatchIterator}
 * reads. The book's {@code getCt} ({@code lru_cache(1)}) with the mask its {@code Ct} builds on loading.
 *
 * <p><b>Memory.</b> At most {@code maxVolumes} volumes are held (least recently used first out; LUNA16's scans are
 * 50–250 MB each), whatever their size; a mask is built the first time its series is asked for and kept (a few KB
 * per nodule, {@link NoduleMask}); a series' grid (sizes and geometry) comes from its header, without reading its
 * voxels. Thread-safe: loading happens under the holder's lock, one volume at a time.
 */
public final class SeriesVolumes {

    /** Volumes held by {@link #onLunaRoot}: enough for two decoding threads walking the series in order. */
    public static final int DEFAULT_MAX_VOLUMES = 2;

    /**
     * The voxel grid of a scan.
     *
     * @param depth    slices
     * @param rows     rows per slice
     * @param cols     columns per row
     * @param geometry where the voxels lie
     */
    public record Grid(int depth, int rows, int cols, Geometry geometry) {

        /** The grid of a loaded volume. */
        public static Grid of(CtVolume ct) {
            return new Grid(ct.depth(), ct.rows(), ct.cols(), ct.geometry());
        }

        /** The voxel nearest to {@code xyz}. */
        public IrcIndex toIrc(XyzMm xyz) {
            return geometry.toIrc(xyz);
        }

        /** Whether {@code irc} lies inside the grid. */
        public boolean contains(IrcIndex irc) {
            return irc.index() >= 0 && irc.index() < depth && irc.row() >= 0 && irc.row() < rows && irc.col() >= 0
                    && irc.col() < cols;
        }
    }

    private final Function<String, CtVolume> loader;
    private final Function<String, Grid> gridReader;
    private final Map<String, List<XyzMm>> nodules = new HashMap<>();
    private final int maxVolumes;
    private final LinkedHashMap<String, CtVolume> volumes = new LinkedHashMap<>(8, 0.75f, true);
    private final Map<String, Grid> grids = new HashMap<>();
    private final Map<String, NoduleMask> masks = new HashMap<>();
    private int loads;

    /**
     * @param loader      series UID → volume; fails with a {@link PulmoException} naming the file for a bad one
     * @param gridReader  series UID → its grid, cheaply (from the header); null: from the loaded volume
     * @param annotations the annotated nodules (any series; each series' mask is built from its own)
     * @param maxVolumes  volumes held at once, at least 1
     */
    public SeriesVolumes(Function<String, CtVolume> loader, Function<String, Grid> gridReader,
                         List<LunaNodule> annotations, int maxVolumes) {
        if (loader == null || annotations == null) {
            throw new IllegalArgumentException("a loader and the annotations must be given");
        }
        if (maxVolumes < 1) {
            throw new IllegalArgumentException("maxVolumes must be positive, got " + maxVolumes);
        }
        this.loader = loader;
        this.gridReader = gridReader != null ? gridReader : uid -> Grid.of(volume(uid));
        this.maxVolumes = maxVolumes;
        for (LunaNodule a : annotations) {
            nodules.computeIfAbsent(a.seriesuid(), k -> new ArrayList<>()).add(a.centre());
        }
    }

    /**
     * The scans of a LUNA16 root ({@code subset*}{@code /{seriesuid}.mhd}), indexed once, {@value #DEFAULT_MAX_VOLUMES}
     * volumes held.
     *
     * @throws PulmoException when the root cannot be listed; later, for a series without a volume
     */
    public static SeriesVolumes onLunaRoot(Path root, List<LunaNodule> annotations) {
        Map<String, Path> index = LunaVolumes.index(root);
        Function<String, Path> find = uid -> {
            Path mhd = index.get(uid);
            if (mhd == null) {
                throw new PulmoException("no volume " + root + "/subset*/" + uid + ".mhd");
            }
            return mhd;
        };
        return new SeriesVolumes(uid -> CtVolume.read(find.apply(uid)), uid -> {
            MetaImageHeader h = MetaImageHeader.read(find.apply(uid));
            return new Grid(h.sizeZ(), h.sizeY(), h.sizeX(), h.geometry());
        }, annotations, DEFAULT_MAX_VOLUMES);
    }

    /** Volumes already in memory (tests, a single scan at inference), all held. */
    public static SeriesVolumes of(List<CtVolume> cts, List<LunaNodule> annotations) {
        Map<String, CtVolume> byUid = new HashMap<>();
        for (CtVolume ct : cts) {
            byUid.put(ct.seriesUid(), ct);
        }
        return new SeriesVolumes(uid -> {
            CtVolume ct = byUid.get(uid);
            if (ct == null) {
                throw new PulmoException("no volume of series " + uid + " among " + byUid.size() + " in memory");
            }
            return ct;
        }, null, annotations, Math.max(1, cts.size()));
    }

    /** The volume of {@code seriesuid}, held or loaded. */
    public synchronized CtVolume volume(String seriesuid) {
        CtVolume ct = volumes.get(seriesuid);
        if (ct == null) {
            ct = loader.apply(seriesuid);
            loads++;
            volumes.put(seriesuid, ct);
            while (volumes.size() > maxVolumes) {
                volumes.remove(volumes.keySet().iterator().next());
            }
        }
        return ct;
    }

    /** The grid of {@code seriesuid}, from its header (read once). */
    public synchronized Grid grid(String seriesuid) {
        Grid g = grids.get(seriesuid);
        if (g == null) {
            g = gridReader.apply(seriesuid);
            grids.put(seriesuid, g);
        }
        return g;
    }

    /** The annotated nodule centres of {@code seriesuid}, in annotation order (empty for none). */
    public List<XyzMm> nodules(String seriesuid) {
        return List.copyOf(nodules.getOrDefault(seriesuid, List.of()));
    }

    /** The nodule mask of {@code seriesuid}, built from its annotations on first use (loading its volume). */
    public synchronized NoduleMask mask(String seriesuid) {
        NoduleMask m = masks.get(seriesuid);
        if (m == null) {
            m = NoduleMask.build(volume(seriesuid), nodules(seriesuid));
            masks.put(seriesuid, m);
        }
        return m;
    }

    /** Volumes read from the loader so far. */
    public synchronized int loads() {
        return loads;
    }
}
