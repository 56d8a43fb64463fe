package io.pulmo.ct3d.load;

import io.pulmo.common.PulmoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The object of {@code ./pulmo ct3d info}. */
class VolumeInfoTest {

    @TempDir
    Path dir;

    @Test
    void describesAVolumeWithExactlyTheContractKeys() {
        Geometry g = new Geometry(new XyzMm(-198.1, -195, -335.2), new XyzMm(0.76, 0.76, 2.5),
                new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1});
        short[] hu = {-3024, -1000, 0, 40, 1000, 3071};
        MetaImage.ofShorts(3, 2, 1, g, hu).write(dir.resolve("ct.mhd"), new MetaImage.WriteOptions(true, true));
        Map<String, Object> info = VolumeInfo.json(dir.resolve("ct.mhd"));
        assertThat(info).containsOnlyKeys("dims", "spacing", "origin", "direction", "element_type", "min", "max",
                "mean");
        assertThat(info.keySet()).containsExactly("dims", "spacing", "origin", "direction", "element_type", "min",
                "max", "mean");
        assertThat(info.get("dims")).isEqualTo(List.of(3, 2, 1));
        assertThat(info.get("spacing")).isEqualTo(List.of(0.76, 0.76, 2.5));
        assertThat(info.get("origin")).isEqualTo(List.of(-198.1, -195.0, -335.2));
        assertThat(info.get("direction")).isEqualTo(List.of(0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0));
        assertThat(info.get("element_type")).isEqualTo("MET_SHORT");
        assertThat(info.get("min")).isEqualTo(-3024L);
        assertThat(info.get("max")).isEqualTo(3071L);
        assertThat((Double) info.get("mean")).isCloseTo(87.0 / 6, within(1e-12));
    }

    @Test
    void floatVolumesSkipNaN() {
        MetaImage.ofFloats(2, 2, 1, Geometry.DEFAULT, new float[] {0.25f, Float.NaN, 0.75f, -1f})
                .write(dir.resolve("heat.mha"));
        Map<String, Object> info = VolumeInfo.json(dir.resolve("heat.mha"));
        assertThat(info.get("element_type")).isEqualTo("MET_FLOAT");
        assertThat(info.get("min")).isEqualTo(-1.0);
        assertThat(info.get("max")).isEqualTo(0.75);
        assertThat((Double) info.get("mean")).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void errorsNameTheVolume() throws Exception {
        MetaImage.ofShorts(2, 2, 1, Geometry.DEFAULT, new short[4]).write(dir.resolve("x.mhd"));
        Files.delete(dir.resolve("x.raw"));
        assertThatThrownBy(() -> VolumeInfo.json(dir.resolve("x.mhd"))).isInstanceOf(PulmoException.class)
                .hasMessageContaining("x.raw");
    }
}
