package io.pulmo.classification;

import io.pulmo.common.config.ConfigLoader;
import io.pulmo.common.config.ConfigWriter;
import io.pulmo.common.config.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdTest {
    @TempDir
    Path tmp;

    @Test
    void youdensJPicksTheThresholdWithTheLargestTprMinusFpr() {
        // sklearn roc_curve: thresholds [inf, 0.8, 0.4, 0.35, 0.1], J = [0, .5, 0, .5, 0]; ties go to the higher one
        assertThat(ClassificationTask.youden(new double[]{0.1, 0.4, 0.35, 0.8}, new int[]{0, 0, 1, 1})).isEqualTo(0.8);
        // perfectly separated: the lowest positive score
        assertThat(ClassificationTask.youden(new double[]{0.2, 0.3, 0.6, 0.9}, new int[]{0, 0, 1, 1})).isEqualTo(0.6);
    }

    @Test
    void autoThresholdIsReadWrittenAndReloaded() throws Exception {
        Path f = Files.writeString(tmp.resolve("t.yaml"), "eval: {threshold: auto, tta: [hflip]}\n");
        ExperimentConfig c = ConfigLoader.load(f, List.of()).variants().get(0).config();
        assertThat(c.eval().autoThreshold()).isTrue();
        String yaml = ConfigWriter.toYaml(c);
        assertThat(yaml).contains("threshold: auto").doesNotContain("NaN");
        Path back = Files.writeString(tmp.resolve("back.yaml"), yaml);
        assertThat(ConfigLoader.load(back, List.of()).variants().get(0).config()).isEqualTo(c);
        assertThat(ConfigLoader.load(f, List.of("eval.threshold=0.8")).variants().get(0).config().eval().threshold())
                .isEqualTo(0.8);
        assertThatThrownBy(() -> ConfigLoader.load(f, List.of("eval.threshold=sometimes")))
                .hasMessageContaining("eval.threshold").hasMessageContaining("auto");
    }
}
