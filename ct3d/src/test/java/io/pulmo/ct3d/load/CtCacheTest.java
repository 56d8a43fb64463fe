package io.pulmo.ct3d.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte-bounded LRU caches of volumes and chunks. */
class CtCacheTest {

    /** 10 × 10 × 10 voxels = 2000 bytes; records which series were loaded. */
    private static final class Loader implements java.util.function.Function<String, CtVolume> {
        final List<String> loads = new ArrayList<>();

        @Override
        public CtVolume apply(String uid) {
            loads.add(uid);
            short[] hu = new short[1000];
            java.util.Arrays.fill(hu, (short) uid.hashCode());
            return CtVolume.of(uid, 10, 10, 10, Geometry.DEFAULT, hu);
        }
    }

    @Test
    void volumesAreKeptWithinTheirBudgetLeastRecentlyUsedFirstOut() {
        Loader loader = new Loader();
        CtCache cache = new CtCache(loader, 4000, 0); // two volumes
        cache.volume("a");
        cache.volume("b");
        cache.volume("a"); // a is now the most recent
        cache.volume("c"); // evicts b
        cache.volume("a");
        cache.volume("b"); // reloaded, evicts c
        assertThat(loader.loads).containsExactly("a", "b", "c", "b");
        CtCache.Stats s = cache.stats();
        assertThat(s.volumeLoads()).isEqualTo(4);
        assertThat(s.volumeHits()).isEqualTo(2);
        assertThat(s.volumes()).isEqualTo(2);
        assertThat(s.volumeBytes()).isEqualTo(4000);
    }

    @Test
    void entriesLargerThanTheBudgetAreServedButNotKept() {
        Loader loader = new Loader();
        CtCache cache = new CtCache(loader, 1999, 0);
        assertThat(cache.volume("a").seriesUid()).isEqualTo("a");
        cache.volume("a");
        assertThat(loader.loads).containsExactly("a", "a");
        assertThat(cache.stats().volumes()).isZero();
    }

    @Test
    void cachedChunksNeedNoVolume() {
        Loader loader = new Loader();
        ChunkShape shape = new ChunkShape(2, 4, 4); // 64 bytes
        CtCache cache = new CtCache(loader, 0, 3 * 64);
        XyzMm p = new XyzMm(5, 5, 5);
        CtChunk first = cache.chunk("a", p, shape);
        CtChunk again = cache.chunk("a", p, shape);
        assertThat(again).isSameAs(first);
        assertThat(first.hu(0, 0, 0)).isEqualTo((short) "a".hashCode());
        cache.chunk("a", new XyzMm(6, 5, 5), shape);
        cache.chunk("b", p, shape);
        cache.chunk("a", p, shape); // hit: (a, p) is now the most recent, (a, 6) the least
        cache.chunk("c", p, shape); // evicts (a, 6)
        cache.chunk("a", p, shape); // hit
        assertThat(loader.loads).containsExactly("a", "a", "b", "c");
        CtCache.Stats s = cache.stats();
        assertThat(s.chunkHits()).isEqualTo(3);
        assertThat(s.chunkMisses()).isEqualTo(4);
        assertThat(s.chunks()).isEqualTo(3);
        assertThat(s.chunkBytes()).isEqualTo(3 * 64);

        cache.clear();
        assertThat(cache.stats().chunks()).isZero();
        assertThat(cache.stats().volumes()).isZero();
    }
}
