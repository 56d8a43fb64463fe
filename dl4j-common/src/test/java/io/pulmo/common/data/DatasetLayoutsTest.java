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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetLayoutsTest {

    private static final String ADENO_LONG = "adenocarcinoma_left.lower.lobe_T2_N0_M0_Ib";
    private static final String LARGE_LONG = "large.cell.carcinoma_left.hilum_T2_N2_M0_IIIa";

    @TempDir
    Path tmp;

    /** Creates empty files (the scan looks at names only) below {@code root}. */
    private static void touch(Path root, String... relative) throws IOException {
        for (String r : relative) {
            Path f = root.resolve(r);
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[]{1});
        }
    }

    private static List<String> ids(List<DatasetLayouts.RawItem> items) {
        return items.stream().map(DatasetLayouts.RawItem::id).toList();
    }

    @Test
    void kaggleXrayLayoutBySplitWithRelativeSlashIds() throws IOException {
        touch(tmp, "train/NORMAL/IM-0001-0001.jpeg", "train/PNEUMONIA/person1_virus_1.jpeg",
                "train/PNEUMONIA/person1_virus_2.jpg", "train/PNEUMONIA/notes.txt", "train/.hidden/x.png",
                "val/NORMAL/IM-0002-0001.jpeg", "val/PNEUMONIA/person2_bacteria_3.jpeg",
                "test/NORMAL/IM-0003-0001.PNG", "test/PNEUMONIA/person4_bacteria_5.jpeg");

        Map<String, List<DatasetLayouts.RawItem>> scanned = DatasetLayouts.scan(tmp, "kaggle-xray", Map.of());

        assertThat(scanned).containsOnlyKeys("train", "val", "test");
        assertThat(ids(scanned.get("train"))).containsExactly("train/NORMAL/IM-0001-0001.jpeg",
                "train/PNEUMONIA/person1_virus_1.jpeg", "train/PNEUMONIA/person1_virus_2.jpg");
        assertThat(ids(scanned.get("val"))).containsExactly("val/NORMAL/IM-0002-0001.jpeg",
                "val/PNEUMONIA/person2_bacteria_3.jpeg");
        assertThat(ids(scanned.get("test"))).containsExactly("test/NORMAL/IM-0003-0001.PNG",
                "test/PNEUMONIA/person4_bacteria_5.jpeg");
        assertThat(scanned.get("train")).extracting(DatasetLayouts.RawItem::className)
                .containsExactly("NORMAL", "PNEUMONIA", "PNEUMONIA");
        DatasetLayouts.RawItem first = scanned.get("train").get(0);
        assertThat(first.path()).isEqualTo(tmp.resolve("train/NORMAL/IM-0001-0001.jpeg"));
        assertThat(DatasetLayouts.classes(scanned)).containsExactly("NORMAL", "PNEUMONIA");
    }

    @Test
    void validFolderServesAsVal() throws IOException {
        touch(tmp, "train/a/1.png", "valid/a/2.png", "test/a/3.png");

        Map<String, List<DatasetLayouts.RawItem>> scanned = DatasetLayouts.scan(tmp, "kaggle-xray", Map.of());

        assertThat(ids(scanned.get("val"))).containsExactly("valid/a/2.png");
    }

    @Test
    void valFolderIsOptional() throws IOException {
        touch(tmp, "train/a/1.png", "test/a/3.png");

        Map<String, List<DatasetLayouts.RawItem>> scanned = DatasetLayouts.scan(tmp, "kaggle-xray", Map.of());

        assertThat(scanned.get("val")).isEmpty();
        assertThat(ids(scanned.get("test"))).containsExactly("test/a/3.png");
    }

    @Test
    void missingTrainFolderIsNamed() throws IOException {
        touch(tmp, "val/a/2.png", "test/a/3.png");

        assertThatThrownBy(() -> DatasetLayouts.scan(tmp, "kaggle-xray", Map.of()))
                .isInstanceOf(PulmoException.class)
                .hasMessageContaining("split folder missing: " + tmp.resolve("train"));
    }

    @Test
    void imageFolderLayoutHasOneSplitCalledAll() throws IOException {
        touch(tmp, "cats/1.png", "cats/2.jpeg", "dogs/3.jpg");

        Map<String, List<DatasetLayouts.RawItem>> scanned = DatasetLayouts.scan(tmp, "image-folder", Map.of());

        assertThat(scanned).containsOnlyKeys("all");
        assertThat(ids(scanned.get("all"))).containsExactly("cats/1.png", "cats/2.jpeg", "dogs/3.jpg");
    }

    @Test
    void classMapMapsExactNamesAndLongFolderPrefixes() throws IOException {
        // the Kaggle chest CT-scan set: long folder names in train/valid, short ones in test
        touch(tmp, "train/" + ADENO_LONG + "/a.png", "train/" + LARGE_LONG + "/b.png", "train/normal/c.png",
                "valid/" + ADENO_LONG + "/d.png", "test/adenocarcinoma/e.png", "test/large.cell.carcinoma/f.png",
                "test/normal/g.png");
        Map<String, String> classMap = Map.of("adenocarcinoma", "adenocarcinoma",
                "large.cell.carcinoma", "large.cell.carcinoma", "normal", "normal");

        Map<String, List<DatasetLayouts.RawItem>> scanned = DatasetLayouts.scan(tmp, "kaggle-xray", classMap);

        assertThat(scanned.get("train")).extracting(DatasetLayouts.RawItem::className)
                .containsExactly("adenocarcinoma", "large.cell.carcinoma", "normal");
        assertThat(scanned.get("val")).extracting(DatasetLayouts.RawItem::className).containsExactly("adenocarcinoma");
        assertThat(DatasetLayouts.classes(scanned)).containsExactly("adenocarcinoma", "large.cell.carcinoma", "normal");
        assertThat(scanned.get("train").get(0).id()).isEqualTo("train/" + ADENO_LONG + "/a.png");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "A,                                                     normal",
            "B,                                                     pneumonia",
            "adenocarcinoma,                                        adeno",
            "adenocarcinoma_left.lower.lobe_T2_N0_M0_Ib,            adeno",
            "adenocarcinoma.extra,                                  adeno",
            "adenocarcinomas,                                       adenocarcinomas",
            "squamous.cell.carcinoma_left.hilum_T1_N2_M0_IIIa,      squamous.cell.carcinoma_left.hilum_T1_N2_M0_IIIa",
            "C,                                                     C",
    })
    void classNameTable(String folder, String expected) {
        Map<String, String> classMap = new java.util.LinkedHashMap<>();
        classMap.put("A", "normal");
        classMap.put("B", "pneumonia");
        classMap.put("adenocarcinoma", "adeno");

        assertThat(DatasetLayouts.className(folder, classMap)).isEqualTo(expected);
    }

    @Test
    void missingRootNamesThePathAndTheKey() {
        Path missing = tmp.resolve("nowhere");

        assertThatThrownBy(() -> DatasetLayouts.scan(missing, "kaggle-xray", Map.of()))
                .isInstanceOf(PulmoException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("data.root");
    }

    @Test
    void emptyClassFolderIsNamed() throws IOException {
        touch(tmp, "cats/1.png", "dogs/readme.txt");

        assertThatThrownBy(() -> DatasetLayouts.scan(tmp, "image-folder", Map.of()))
                .isInstanceOf(PulmoException.class)
                .hasMessageContaining("empty class folder: " + tmp.resolve("dogs"));
    }

    @Test
    void rootWithoutClassFoldersIsNamed() throws IOException {
        touch(tmp, "loose.png");

        assertThatThrownBy(() -> DatasetLayouts.scan(tmp, "image-folder", Map.of()))
                .isInstanceOf(PulmoException.class)
                .hasMessage("no class folders in " + tmp);
    }

    @Test
    void unknownLayoutListsTheKnownOnes() throws IOException {
        touch(tmp, "a/1.png");

        assertThatThrownBy(() -> DatasetLayouts.scan(tmp, "coco", Map.of()))
                .isInstanceOf(PulmoException.class)
                .hasMessageContaining("image-folder")
                .hasMessageContaining("'coco'");
    }
}
