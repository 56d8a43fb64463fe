package io.pulmo.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulmo.common.PulmoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code pneumothorax} layout's pairing of {@code inputs/} and {@code labels/} (file names only). */
class SegmentationLayoutsTest {

    @TempDir
    Path tmp;

    private static void touch(Path root, String... relative) throws IOException {
        for (String r : relative) {
            Path f = root.resolve(r);
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[]{1});
        }
    }

    @Test
    void pairsImagesWithMasksBySplit() throws IOException {
        touch(tmp, "train/inputs/b.png", "train/inputs/a.png", "train/labels/a.png", "train/labels/b.png",
                "train/inputs/notes.txt", "test/inputs/1.2.3.png", "test/labels/1.2.3.png");

        Map<String, List<SegmentationItem>> s = SegmentationLayouts.scan(tmp, "pneumothorax");

        assertThat(s).containsOnlyKeys("train", "val", "test");
        assertThat(s.get("val")).isEmpty();
        assertThat(s.get("train")).extracting(SegmentationItem::id)
                .containsExactly("train/inputs/a.png", "train/inputs/b.png");
        SegmentationItem a = s.get("train").get(0);
        assertThat(a.image()).isEqualTo(tmp.resolve("train/inputs/a.png"));
        assertThat(a.mask()).isEqualTo(tmp.resolve("train/labels/a.png"));
        assertThat(a.rle()).isNull();
        assertThat(a.group()).isEqualTo("a");
        assertThat(s.get("test").get(0).group()).isEqualTo("1.2.3");
    }

    @Test
    void emptyValFolderIsAllowed() throws IOException {
        touch(tmp, "train/inputs/a.png", "train/labels/a.png", "test/inputs/c.png", "test/labels/c.png");
        Files.createDirectories(tmp.resolve("val/inputs"));
        Files.createDirectories(tmp.resolve("val/labels"));

        assertThat(SegmentationLayouts.pneumothorax(tmp).get("val")).isEmpty();
    }

    @Test
    void imageWithoutMaskNamesTheImage() throws IOException {
        touch(tmp, "train/inputs/a.png", "train/inputs/b.png", "train/labels/a.png", "test/inputs/c.png",
                "test/labels/c.png");
        assertThatThrownBy(() -> SegmentationLayouts.pneumothorax(tmp)).isInstanceOf(PulmoException.class)
                .hasMessage("image without mask: " + tmp.resolve("train/inputs/b.png") + " (expected "
                        + tmp.resolve("train/labels/b.png") + ")");
    }

    @Test
    void maskWithoutImageNamesTheMask() throws IOException {
        touch(tmp, "train/inputs/a.png", "train/labels/a.png", "test/inputs/c.png", "test/labels/c.png",
                "test/labels/d.png");
        assertThatThrownBy(() -> SegmentationLayouts.pneumothorax(tmp)).isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("mask without image: " + tmp.resolve("test/labels/d.png"));
    }

    @Test
    void missingLabelsFolderIsNamed() throws IOException {
        touch(tmp, "train/inputs/a.png", "test/inputs/c.png", "test/labels/c.png");
        assertThatThrownBy(() -> SegmentationLayouts.pneumothorax(tmp))
                .hasMessageStartingWith("mask folder missing: " + tmp.resolve("train/labels"));
    }

    @Test
    void missingOrEmptyTrainOrTestIsAnErrorNamingTheFolder() throws IOException {
        touch(tmp, "train/inputs/a.png", "train/labels/a.png");
        assertThatThrownBy(() -> SegmentationLayouts.pneumothorax(tmp)).isInstanceOf(PulmoException.class)
                .hasMessageStartingWith("split folder missing: " + tmp.resolve("test"));

        Files.createDirectories(tmp.resolve("test/inputs"));
        assertThatThrownBy(() -> SegmentationLayouts.pneumothorax(tmp))
                .hasMessageStartingWith("no images in " + tmp.resolve("test/inputs"));
    }

    @Test
    void unknownLayoutAndMissingRootAreNamed() {
        assertThatThrownBy(() -> SegmentationLayouts.scan(tmp, "pneumothorx"))
                .hasMessageContaining("'pneumothorx'").hasMessageContaining("pneumothorax, siim");
        assertThatThrownBy(() -> SegmentationLayouts.scan(tmp.resolve("nope"), "siim"))
                .hasMessageStartingWith("dataset root not found");
    }
}
