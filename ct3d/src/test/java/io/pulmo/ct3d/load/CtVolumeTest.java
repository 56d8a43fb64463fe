package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hounsfield volumes and the book's chunks: centring, edge shifting, clipping. */
class CtVolumeTest {

    @TempDir
    Path dir;

    /** A volume whose voxel (i, r, c) holds i·100 + r·10 + c: every chunk voxel says where it came from. */
    static CtVolume coded(int depth, int rows, int cols) {
        short[] hu = new short[depth * rows * cols];
        for (int i = 0; i < depth; i++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    hu[(i * rows + r) * cols + c] = (short) (i * 100 + r * 10 + c);
                }
            }
        }
        return CtVolume.of("1.2.3", depth, rows, cols, Geometry.DEFAULT, hu);
    }

    @ParameterizedTest(name = "centre {0} width {1} size {2} -> start {3}")
    @CsvSource({
        // interior: centre - width/2, the book's round(centre - width/2) for even widths
        "50, 32, 100, 34",
        "16, 32, 100, 0",
        // low edge: shifted to 0
        "3, 32, 100, 0",
        "0, 48, 512, 0",
        // high edge: shifted to end at the volume's end
        "99, 32, 100, 68",
        "90, 32, 100, 68",
        "84, 32, 100, 68",
        "83, 32, 100, 67",
        // exactly as wide as the volume
        "5, 32, 32, 0",
        // odd width: the centre voxel is the middle one
        "5, 3, 10, 4",
        // thinner than the chunk: the volume is centred, the rest is padding
        "3, 32, 20, -6",
        "0, 32, 1, -16",
        "0, 48, 45, -2",
    })
    void chunkStartsAsTheBookShiftsThem(int centre, int width, int size, int start) {
        assertThat(CtVolume.chunkStart(centre, width, size)).isEqualTo(start);
    }

    @Test
    void aChunkIsCutAroundItsCentre() {
        CtVolume v = coded(9, 9, 9);
        CtChunk chunk = v.chunk(new IrcIndex(4, 4, 4), new ChunkShape(3, 3, 3));
        assertThat(chunk.start()).isEqualTo(new IrcIndex(3, 3, 3));
        assertThat(chunk.hu(1, 1, 1)).isEqualTo(v.hu(4, 4, 4));
        assertThat(chunk.hu(0, 0, 0)).isEqualTo((short) 333);
        assertThat(chunk.hu(2, 2, 2)).isEqualTo((short) 555);
        assertThat(chunk.centre()).isEqualTo(new IrcIndex(4, 4, 4));
        assertThat(chunk.toFloatArray()[13]).isEqualTo(444f);
    }

    @Test
    void edgeChunksAreShiftedInsideNotPadded() {
        CtVolume v = coded(9, 9, 9);
        CtChunk chunk = v.chunk(new IrcIndex(0, 8, 1), new ChunkShape(4, 4, 4));
        assertThat(chunk.start()).isEqualTo(new IrcIndex(0, 5, 0));
        assertThat(chunk.hu(0, 0, 0)).isEqualTo((short) 50);
        assertThat(chunk.hu(3, 3, 3)).isEqualTo((short) 383);
    }

    @Test
    void thinVolumesArePaddedWithAir() {
        CtVolume v = coded(2, 9, 9);
        CtChunk chunk = v.chunk(new IrcIndex(1, 4, 4), new ChunkShape(4, 3, 3));
        assertThat(chunk.start().index()).isEqualTo(-1);
        assertThat(chunk.hu(0, 1, 1)).isEqualTo(CtVolume.HU_MIN);
        assertThat(chunk.hu(1, 1, 1)).isEqualTo((short) 44);
        assertThat(chunk.hu(2, 1, 1)).isEqualTo((short) 144);
        assertThat(chunk.hu(3, 1, 1)).isEqualTo(CtVolume.HU_MIN);
    }

    @Test
    void chunksAreClippedTheVolumeIsNot() {
        short[] hu = {-3024, -1001, -1000, 0, 1000, 1001, 3071, 40};
        CtVolume v = CtVolume.of("x", 1, 2, 4, Geometry.DEFAULT, hu);
        CtChunk chunk = v.chunk(new IrcIndex(0, 1, 1), new ChunkShape(1, 2, 4));
        assertThat(chunk.hu()).containsExactly(-1000, -1000, -1000, 0, 1000, 1000, 1000, 40);
        assertThat(v.hu(0, 0, 0)).isEqualTo((short) -3024);
        assertThat(v.huClipped(0, 0, 0)).isEqualTo((short) -1000);
    }

    @Test
    void chunksAroundPatientCoordinatesUseTheGeometry() {
        Geometry g = new Geometry(new XyzMm(-10, -20, -30), new XyzMm(0.5, 0.5, 2), GeometryTest.tiltedRotation());
        CtVolume v = CtVolume.of("g", 20, 20, 20, g, coded(20, 20, 20).huArray());
        XyzMm centre = g.toXyz(new IrcIndex(7, 8, 9));
        CtChunk chunk = v.chunk(centre, new ChunkShape(2, 2, 2));
        assertThat(chunk.centre()).isEqualTo(new IrcIndex(7, 8, 9));
        assertThat(chunk.start()).isEqualTo(new IrcIndex(6, 7, 8));
    }

    @Test
    void aCentreOutsideTheVolumeIsAnError() {
        CtVolume v = coded(4, 4, 4);
        assertThatThrownBy(() -> v.chunk(new IrcIndex(4, 0, 0), ChunkShape.LUNA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lies outside series 1.2.3");
    }

    @Test
    void readsMetaImagesAsHounsfieldUnits() {
        Geometry g = Geometry.identity(new XyzMm(1, 2, 3), new XyzMm(0.7, 0.7, 2.5));
        MetaImage.ofShorts(3, 2, 2, g, new short[] {-1024, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3071})
                .write(dir.resolve("1.3.6.1.mhd"));
        CtVolume v = CtVolume.read(dir.resolve("1.3.6.1.mhd"));
        assertThat(v.seriesUid()).isEqualTo("1.3.6.1");
        assertThat(new int[] {v.depth(), v.rows(), v.cols()}).containsExactly(2, 2, 3);
        assertThat(v.hu(1, 1, 2)).isEqualTo((short) 3071);
        assertThat(v.hu(0, 1, 0)).isEqualTo((short) 2);
        assertThat(v.geometry()).isEqualTo(g);
        assertThat(v.bytes()).isEqualTo(24);

        MetaImage.ofFloats(2, 1, 1, g, new float[] {-1000.4f, 40.6f}).write(dir.resolve("f.mha"));
        assertThat(CtVolume.read(dir.resolve("f.mha")).huArray()).containsExactly(-1000, 41);
        assertThatThrownBy(() -> CtVolume.read(dir.resolve("none.mhd"))).isInstanceOf(PulmoException.class)
                .hasMessageContaining("none.mhd");
    }
}
