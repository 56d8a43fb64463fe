package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Two small least-recently-used caches in front of a volume loader, each bounded in bytes: whole volumes by
 * series UID, and chunks by (series UID, centre in mm, shape) — the book's {@code getCt} ({@code lru_cache(1)})
 * and its on-disk {@code getCtRawCandidate} memo, in memory. With a chunk budget that holds one epoch's chunks,
 * later epochs read no volume at all; with a volume budget of a few scans, consecutive samples of one scan
 * read it once.
 *
 * <p>An entry larger than its whole budget is served but not kept. Returned volumes and chunks are shared:
 * callers must not modify their arrays. Thread-safe; loading happens under the cache's lock, one volume at a
 * time (a second thread asking for a chunk waits rather than loading a second copy).
 */
public final class CtCache {

    /** Counters since construction, and the current contents. */
    public record Stats(long volumeLoads, long volumeHits, long chunkHits, long chunkMisses, int volumes,
                        long volumeBytes, int chunks, long chunkBytes) {
    }

    private record ChunkKey(String seriesUid, XyzMm centre, ChunkShape shape) {
    }

    private final Function<String, CtVolume> loader;
    private final long volumeBudget;
    private final long chunkBudget;
    private final LinkedHashMap<String, CtVolume> volumes = new LinkedHashMap<>(16, 0.75f, true);
    private final LinkedHashMap<ChunkKey, CtChunk> chunks = new LinkedHashMap<>(256, 0.75f, true);
    private long volumeBytes;
    private long chunkBytes;
    private long volumeLoads;
    private long volumeHits;
    private long chunkHits;
    private long chunkMisses;

    /**
     * @param loader       series UID → volume, e.g. {@code uid -> CtVolume.read(LunaVolumes.find(root, uid))}
     * @param volumeBudget bytes of volumes to keep (0: none)
     * @param chunkBudget  bytes of chunks to keep (0: none)
     */
    public CtCache(Function<String, CtVolume> loader, long volumeBudget, long chunkBudget) {
        if (loader == null || volumeBudget < 0 || chunkBudget < 0) {
            throw new IllegalArgumentException("need a loader and non-negative budgets, got " + volumeBudget + ", "
                    + chunkBudget);
        }
        this.loader = loader;
        this.volumeBudget = volumeBudget;
        this.chunkBudget = chunkBudget;
    }

    /**
     * A cache over the volumes of a LUNA16 root ({@code subset*}{@code /{seriesuid}.mhd}), indexed once.
     *
     * @throws PulmoException when the root cannot be listed; later, from {@link #volume}, for an unknown series
     */
    public static CtCache onLunaRoot(Path root, long volumeBudget, long chunkBudget) {
        Map<String, Path> index = LunaVolumes.index(root);
        return new CtCache(uid -> {
            Path mhd = index.get(uid);
            if (mhd == null) {
                throw new PulmoException("no volume " + root + "/subset*/" + uid + ".mhd");
            }
            return CtVolume.read(mhd);
        }, volumeBudget, chunkBudget);
    }

    /** The volume of {@code seriesUid}, from the cache or the loader. */
    public synchronized CtVolume volume(String seriesUid) {
        CtVolume v = volumes.get(seriesUid);
        if (v != null) {
            volumeHits++;
            return v;
        }
        v = loader.apply(seriesUid);
        volumeLoads++;
        if (v.bytes() <= volumeBudget) {
            volumes.put(seriesUid, v);
            volumeBytes += v.bytes();
            evict(volumes, volumeBudget, true);
        }
        return v;
    }

    /** The chunk of {@code shape} around {@code centre} ({@link CtVolume#chunk(XyzMm, ChunkShape)}), cached. */
    public synchronized CtChunk chunk(String seriesUid, XyzMm centre, ChunkShape shape) {
        ChunkKey key = new ChunkKey(seriesUid, centre, shape);
        CtChunk c = chunks.get(key);
        if (c != null) {
            chunkHits++;
            return c;
        }
        chunkMisses++;
        c = volume(seriesUid).chunk(centre, shape);
        if (c.bytes() <= chunkBudget) {
            chunks.put(key, c);
            chunkBytes += c.bytes();
            evict(chunks, chunkBudget, false);
        }
        return c;
    }

    /** Drops every cached volume and chunk. */
    public synchronized void clear() {
        volumes.clear();
        chunks.clear();
        volumeBytes = 0;
        chunkBytes = 0;
    }

    public synchronized Stats stats() {
        return new Stats(volumeLoads, volumeHits, chunkHits, chunkMisses, volumes.size(), volumeBytes,
                chunks.size(), chunkBytes);
    }

    private <K, V> void evict(LinkedHashMap<K, V> map, long budget, boolean isVolume) {
        Iterator<V> it = map.values().iterator();
        while ((isVolume ? volumeBytes : chunkBytes) > budget && it.hasNext()) {
            V eldest = it.next();
            it.remove();
            if (isVolume) {
                volumeBytes -= ((CtVolume) eldest).bytes();
            } else {
                chunkBytes -= ((CtChunk) eldest).bytes();
            }
        }
    }
}
