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

/** LUNA16's CSVs and the book's malignancy file; the book's candidate list; finding volumes. */
class LunaCsvTest {

    @TempDir
    Path dir;

    private static final String UID = "1.3.6.1.4.1.14519.5.2.1.6279.6001.100225287222365663678666836860";

    @Test
    void readsTheBooksMalignancyRowsAsWritten() throws Exception {
        // the header and first row of dlwpt-code's data/part2/luna/annotations_with_malignancy.csv
        Path csv = dir.resolve(LunaCsv.MALIGNANCY);
        Files.writeString(csv, "seriesuid,coordX,coordY,coordZ,diameter_mm,mal_bool,mal_details,bboxLowX,bboxLowY,"
                + "bboxLowZ,bboxHighX,bboxHighY,bboxHighZ,len_mal_details\n"
                + UID + ",-128.6994211,-175.31927180000002,-298.38750639999995,5.651470635,True,\"[4, 2, 4, 2]\","
                + "-131.89648,-178.25976125,-299.8000036716461,-125.4511675,-172.45898,-296.2000037670135,4\n");
        List<MalignancyAnnotation> rows = LunaCsv.readMalignancy(csv);
        assertThat(rows).hasSize(1);
        MalignancyAnnotation a = rows.get(0);
        assertThat(a.seriesuid()).isEqualTo(UID);
        assertThat(a.centre()).isEqualTo(new XyzMm(-128.6994211, -175.31927180000002, -298.38750639999995));
        assertThat(a.diameterMm()).isEqualTo(5.651470635);
        assertThat(a.malignant()).isTrue();
        assertThat(a.ratings()).containsExactly(4, 2, 4, 2);
        assertThat(a.bboxLow()).isEqualTo(new XyzMm(-131.89648, -178.25976125, -299.8000036716461));
        assertThat(a.bboxHigh()).isEqualTo(new XyzMm(-125.4511675, -172.45898, -296.2000037670135));

        // and writes it back with the same columns
        Path again = dir.resolve("again.csv");
        LunaCsv.writeMalignancy(again, rows);
        assertThat(Files.readAllLines(again).get(0)).isEqualTo(Files.readAllLines(csv).get(0));
        assertThat(Files.readAllLines(again).get(1)).contains(",True,\"[4, 2, 4, 2]\",").endsWith(",4");
        assertThat(LunaCsv.readMalignancy(again)).isEqualTo(rows);
    }

    @Test
    void candidatesAndAnnotationsRoundTrip() throws Exception {
        List<LunaCandidate> candidates = List.of(
                new LunaCandidate(UID, new XyzMm(-56.08, -67.85, -311.92), false),
                new LunaCandidate(UID, new XyzMm(0.1 + 0.2, 1e-7, 1234.5), true));
        Path c = dir.resolve(LunaCsv.CANDIDATES);
        LunaCsv.writeCandidates(c, candidates);
        assertThat(Files.readAllLines(c)).containsExactly("seriesuid,coordX,coordY,coordZ,class",
                UID + ",-56.08,-67.85,-311.92,0", UID + ",0.30000000000000004,0.0000001,1234.5,1");
        assertThat(LunaCsv.readCandidates(c)).isEqualTo(candidates);

        List<LunaNodule> nodules = List.of(new LunaNodule(UID, new XyzMm(-128.7, -175.3, -298.4), 5.65),
                new LunaNodule("1.2", new XyzMm(1, 2, 3), -1));
        Path a = dir.resolve(LunaCsv.ANNOTATIONS);
        LunaCsv.writeAnnotations(a, nodules);
        assertThat(Files.readAllLines(a).get(0)).isEqualTo("seriesuid,coordX,coordY,coordZ,diameter_mm");
        assertThat(LunaCsv.readAnnotations(a)).isEqualTo(nodules);
    }

    @Test
    void columnsAreFoundByNameAndOptionalOnesMayBeMissing() throws Exception {
        Path csv = dir.resolve("m.csv");
        Files.writeString(csv, "mal_bool,coordZ,coordY,coordX,seriesuid,diameter_mm\nFalse,3,2,1,a,7\n");
        MalignancyAnnotation a = LunaCsv.readMalignancy(csv).get(0);
        assertThat(a.centre()).isEqualTo(new XyzMm(1, 2, 3));
        assertThat(a.malignant()).isFalse();
        assertThat(a.ratings()).isEmpty();
        assertThat(a.bboxLow()).isNull();
    }

    @Test
    void badLinesNameTheFileAndLine() throws Exception {
        Path csv = dir.resolve(LunaCsv.CANDIDATES);
        Files.writeString(csv, "seriesuid,coordX,coordY,coordZ,class\na,1,2,3,0\n\nb,1,x,3,1\n");
        assertThatThrownBy(() -> LunaCsv.readCandidates(csv)).isInstanceOf(PulmoException.class)
                .hasMessage(csv + ":4: column coordY is 'x', expected a finite number");

        Files.writeString(csv, "seriesuid,coordX,coordY,coordZ,class\na,1,2,3,2\n");
        assertThatThrownBy(() -> LunaCsv.readCandidates(csv)).hasMessage(csv + ":2: column class is '2', expected 0 or 1");

        Files.writeString(csv, "seriesuid,coordX,coordY,coordZ,class\na,1,2\n");
        assertThatThrownBy(() -> LunaCsv.readCandidates(csv)).hasMessageStartingWith(csv + ":2: row has 3 fields");

        Files.writeString(csv, "seriesuid,coordX,coordY,class\n");
        assertThatThrownBy(() -> LunaCsv.readCandidates(csv)).hasMessageContaining("missing column 'coordZ'");

        Path m = dir.resolve("m.csv");
        Files.writeString(m, "seriesuid,coordX,coordY,coordZ,diameter_mm,mal_bool,mal_details\na,1,2,3,4,maybe,[1]\n");
        assertThatThrownBy(() -> LunaCsv.readMalignancy(m)).hasMessage(m + ":2: column mal_bool is 'maybe', expected True or False");
        Files.writeString(m, "seriesuid,coordX,coordY,coordZ,diameter_mm,mal_bool,mal_details\na,1,2,3,4,True,\"[1, x]\"\n");
        assertThatThrownBy(() -> LunaCsv.readMalignancy(m)).hasMessageContaining(":2: column mal_details");

        assertThatThrownBy(() -> LunaCsv.readAnnotations(dir.resolve("none.csv"))).isInstanceOf(PulmoException.class)
                .hasMessageContaining("none.csv does not exist");
    }

    @Test
    void theBooksCandidateListPutsNodulesFirstAndDropsClassOneRows() {
        XyzMm p = new XyzMm(1, 2, 3);
        List<MalignancyAnnotation> annotations = List.of(
                new MalignancyAnnotation("s1", p, 5, false, List.of(1, 2, 3), null, null),
                new MalignancyAnnotation("s1", p, 12, true, List.of(4, 5, 3), null, null),
                new MalignancyAnnotation("gone", p, 30, true, List.of(5, 5, 5), null, null));
        List<LunaCandidate> candidates = List.of(new LunaCandidate("s1", p, true),
                new LunaCandidate("s1", new XyzMm(9, 9, 9), false), new LunaCandidate("s2", p, false),
                new LunaCandidate("gone", p, false));
        List<CandidateInfo> infos = CandidateInfo.merge(annotations, candidates, uid -> !uid.equals("gone"));
        assertThat(infos).extracting(CandidateInfo::nodule, CandidateInfo::malignant, CandidateInfo::diameterMm,
                CandidateInfo::seriesuid).containsExactly(
                org.assertj.core.groups.Tuple.tuple(true, true, 12.0, "s1"),
                org.assertj.core.groups.Tuple.tuple(true, false, 5.0, "s1"),
                org.assertj.core.groups.Tuple.tuple(false, false, 0.0, "s2"),
                org.assertj.core.groups.Tuple.tuple(false, false, 0.0, "s1"));
    }

    @Test
    void volumesAreFoundInSubsetFolders() throws Exception {
        Path a = Files.createDirectories(dir.resolve("subset0")).resolve("1.2.mhd");
        Path b = Files.createDirectories(dir.resolve("subset7")).resolve("1.3.mhd");
        Files.createDirectories(dir.resolve("other")).resolve("1.4.mhd").toFile().createNewFile();
        MetaImage.ofShorts(1, 1, 1, Geometry.DEFAULT, new short[1]).write(a);
        MetaImage.ofShorts(1, 1, 1, Geometry.DEFAULT, new short[1]).write(b);
        Map<String, Path> index = LunaVolumes.index(dir);
        assertThat(index).containsOnlyKeys("1.2", "1.3");
        assertThat(index.get("1.3")).isEqualTo(b);
        assertThat(LunaVolumes.find(dir, "1.2")).isEqualTo(a);
        assertThatThrownBy(() -> LunaVolumes.find(dir, "1.4")).isInstanceOf(PulmoException.class)
                .hasMessageContaining("subset*/1.4.mhd");

        MetaImage.ofShorts(1, 1, 1, Geometry.DEFAULT, new short[1]).write(
                Files.createDirectories(dir.resolve("subset9")).resolve("1.2.mhd"));
        assertThatThrownBy(() -> LunaVolumes.index(dir)).isInstanceOf(PulmoException.class)
                .hasMessageContaining("series 1.2 appears twice");
        assertThatThrownBy(() -> LunaVolumes.index(dir.resolve("nope"))).hasMessageContaining("is not a directory");
    }
}
