package io.pulmo.ct3d.phantom;

import io.pulmo.common.PulmoException;
import io.pulmo.common.phantom.PhantomSummary;
import io.pulmo.ct3d.load.CandidateInfo;
import io.pulmo.ct3d.load.CtVolume;
import io.pulmo.ct3d.load.ElementType;
import io.pulmo.ct3d.load.IrcIndex;
import io.pulmo.ct3d.load.LunaCandidate;
import io.pulmo.ct3d.load.LunaCsv;
import io.pulmo.ct3d.load.LunaNodule;
import io.pulmo.ct3d.load.LunaVolumes;
import io.pulmo.ct3d.load.MalignancyAnnotation;
import io.pulmo.ct3d.load.MetaImageHeader;
import io.pulmo.ct3d.load.XyzMm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The LUNA phantom: layout, headers, nodules where the annotations say, candidates, determinism. */
class LunaPhantomTest {

    static final int N = 8;
    static final int SIZE = 64;
    static final long SEED = 11;

    @TempDir
    static Path tmp;
    static Path root;
    static LunaPhantomSummary summary;

    @BeforeAll
    static void writeOnce() throws IOException {
        root = tmp.resolve("luna");
        summary = LunaPhantom.write(root, N, SIZE, SEED);
    }

    @Test
    void hasLunasLayout() throws IOException {
        try (Stream<Path> top = Files.list(root)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("subset0",
                    "annotations.csv", "candidates.csv", "annotations_with_malignancy.csv");
        }
        Map<String, Path> volumes = LunaVolumes.index(root);
        assertThat(volumes.keySet()).containsExactlyInAnyOrderElementsOf(summary.seriesUids()).hasSize(N);
        for (String uid : volumes.keySet()) {
            assertThat(uid).matches("1\\.3\\.6\\.1\\.4\\.1\\.14519\\.5\\.2\\.1\\.6279\\.6001\\.[1-9][0-9]{29}");
            assertThat(root.resolve("subset0").resolve(uid + ".raw")).isRegularFile();
        }
        try (Stream<Path> files = Files.list(root.resolve("subset0"))) {
            assertThat(files.count()).isEqualTo(2L * N);
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
        }
    }

    @Test
    void headersLookLikeLunas() throws IOException {
        boolean rotated = false;
        for (Path mhd : LunaVolumes.index(root).values()) {
            MetaImageHeader h = MetaImageHeader.read(mhd);
            assertThat(h.elementType()).isEqualTo(ElementType.MET_SHORT);
            assertThat(h.msb()).isFalse();
            assertThat(h.compressed()).isFalse();
            assertThat(h.nDims()).isEqualTo(3);
            assertThat(h.sizeX()).isEqualTo(SIZE);
            assertThat(h.sizeY()).isEqualTo(SIZE);
            assertThat(h.sizeZ()).isBetween(SIZE / 4, 3 * SIZE / 8);
            String uid = mhd.getFileName().toString().replace(".mhd", "");
            assertThat(h.elementDataFile()).isEqualTo(uid + ".raw");
            assertThat(Files.size(mhd.resolveSibling(uid + ".raw"))).isEqualTo(h.dataBytes());
            XyzMm s = h.geometry().spacing();
            assertThat(s.x()).isEqualTo(s.y()).isBetween(0.6 * Math.sqrt(8), 0.8 * Math.sqrt(8));
            assertThat(s.z()).isGreaterThan(s.x());
            assertThat(h.geometry().origin().x()).isLessThan(-40);
            assertThat(h.geometry().origin().z()).isBetween(-350.0, -50.0);
            double[] d = h.geometry().direction();
            assertThat(d[8]).isEqualTo(1.0);
            assertThat(d[0]).isGreaterThan(0.998);
            rotated |= !h.geometry().isIdentityDirection();
            assertThat(Files.readAllLines(mhd).get(0)).isEqualTo("ObjectType = Image");
        }
        assertThat(rotated).as("some scan with a rotated, non-symmetric direction").isTrue();
    }

    @Test
    void annotationsLandInsideNodules() {
        List<LunaNodule> nodules = LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS));
        assertThat(nodules).hasSize(summary.nodules()).hasSizeGreaterThanOrEqualTo(N);
        Map<String, Path> volumes = LunaVolumes.index(root);
        Map<String, CtVolume> cts = new HashMap<>();
        for (LunaNodule n : nodules) {
            CtVolume ct = cts.computeIfAbsent(n.seriesuid(), uid -> CtVolume.read(volumes.get(uid)));
            IrcIndex irc = ct.toIrc(n.centre());
            assertThat(ct.contains(irc)).isTrue();
            assertThat((int) ct.hu(irc.index(), irc.row(), irc.col())).as("HU at %s of %s", irc, n)
                    .isBetween(-150, 200);
            assertThat(n.diameterMm()).isBetween(3.0, 30.0 + 4);
            // the nodule stands out from lung around it (a juxtapleural one has wall on one side)
            assertThat(lungAround(ct, irc, n.diameterMm())).as("lung points around %s", n).isGreaterThanOrEqualTo(4);
        }
        // and the lungs themselves are lung
        CtVolume any = cts.values().iterator().next();
        short[] hu = any.huArray();
        long lung = 0;
        for (short v : hu) {
            if (v > -950 && v < -750) {
                lung++;
            }
        }
        assertThat(lung).as("lung voxels").isGreaterThan(hu.length / 20);
    }

    /** How many of 16 in-plane points 0.75 diameters + 2 pixels from the centre are lung (below −600 HU). */
    private static int lungAround(CtVolume ct, IrcIndex c, double diameterMm) {
        double px = 0.75 * diameterMm / ct.geometry().spacing().x() + 2;
        int lung = 0;
        for (int k = 0; k < 16; k++) {
            int r = (int) Math.round(c.row() + px * Math.sin(k * Math.PI / 8));
            int col = (int) Math.round(c.col() + px * Math.cos(k * Math.PI / 8));
            if (r >= 0 && r < ct.rows() && col >= 0 && col < ct.cols() && ct.hu(c.index(), r, col) < -600) {
                lung++;
            }
        }
        return lung;
    }

    @Test
    void candidatesHoldEveryAnnotationAndManyNegatives() {
        List<LunaCandidate> candidates = LunaCsv.readCandidates(root.resolve(LunaCsv.CANDIDATES));
        List<LunaNodule> nodules = LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS));
        assertThat(candidates).hasSize(summary.candidates());
        for (LunaNodule n : nodules) {
            assertThat(candidates).contains(new LunaCandidate(n.seriesuid(), n.centre(), true));
        }
        List<LunaCandidate> positives = candidates.stream().filter(LunaCandidate::nodule).toList();
        List<LunaCandidate> negatives = candidates.stream().filter(c -> !c.nodule()).toList();
        assertThat(positives).hasSize(summary.positiveCandidates()).hasSizeGreaterThanOrEqualTo(nodules.size());
        assertThat(negatives.size()).isGreaterThan(5 * positives.size());
        // every positive lies on a nodule, every negative away from all of them
        for (LunaCandidate c : positives) {
            assertThat(nodules).anyMatch(n -> n.seriesuid().equals(c.seriesuid())
                    && n.centre().distance(c.centre()) <= n.diameterMm() / 2);
        }
        for (LunaCandidate c : negatives) {
            assertThat(nodules).noneMatch(n -> n.seriesuid().equals(c.seriesuid())
                    && n.centre().distance(c.centre()) <= n.diameterMm() / 2);
        }
        // every candidate can be cut out of its volume
        Map<String, Path> volumes = LunaVolumes.index(root);
        Map<String, List<LunaCandidate>> bySeries = candidates.stream()
                .collect(Collectors.groupingBy(LunaCandidate::seriesuid));
        assertThat(bySeries.keySet()).isEqualTo(volumes.keySet());
        bySeries.forEach((uid, list) -> {
            CtVolume ct = CtVolume.read(volumes.get(uid));
            for (LunaCandidate c : list) {
                assertThat(ct.contains(ct.toIrc(c.centre()))).as("%s inside", c).isTrue();
            }
        });
    }

    @Test
    void malignancyFollowsTheBooksFormat() {
        List<MalignancyAnnotation> rows = LunaCsv.readMalignancy(root.resolve(LunaCsv.MALIGNANCY));
        List<LunaNodule> nodules = LunaCsv.readAnnotations(root.resolve(LunaCsv.ANNOTATIONS));
        assertThat(rows.stream().map(MalignancyAnnotation::nodule).toList()).isEqualTo(nodules);
        assertThat(rows.stream().filter(MalignancyAnnotation::malignant).count()).isEqualTo(summary.malignant());
        assertThat(summary.malignant()).isPositive().isLessThan(summary.nodules());
        for (MalignancyAnnotation a : rows) {
            assertThat(a.ratings()).hasSizeBetween(3, 4).allMatch(r -> r >= 1 && r <= 5);
            assertThat(a.ratings().stream().filter(r -> r >= 4).count() >= 2).isEqualTo(a.malignant());
            assertThat(a.bboxLow().x()).isLessThan(a.centre().x());
            assertThat(a.bboxHigh().z()).isGreaterThan(a.centre().z());
        }
        double malignantMean = rows.stream().filter(MalignancyAnnotation::malignant)
                .mapToDouble(MalignancyAnnotation::diameterMm).average().orElseThrow();
        double benignMean = rows.stream().filter(a -> !a.malignant())
                .mapToDouble(MalignancyAnnotation::diameterMm).average().orElseThrow();
        assertThat(malignantMean).isGreaterThan(benignMean);
        // the book's sample list can be built from the files
        List<CandidateInfo> infos = CandidateInfo.merge(rows,
                LunaCsv.readCandidates(root.resolve(LunaCsv.CANDIDATES)), LunaVolumes.index(root)::containsKey);
        assertThat(infos.get(0).nodule()).isTrue();
        assertThat(infos).hasSize(summary.nodules() + summary.candidates() - summary.positiveCandidates());
    }

    @Test
    void summaryCountsPatients() {
        assertThat(summary.series()).isEqualTo(N);
        assertThat(summary.malignantPatients() + summary.benignPatients() + summary.noNodulePatients()).isEqualTo(N);
        PhantomSummary common = summary.toPhantomSummary();
        assertThat(common.total()).isEqualTo(N);
        assertThat(common.patients()).isEqualTo(N);
        assertThat(common.counts().get("subset0")).containsOnlyKeys("malignant", "benign", "no-nodule");
    }

    @Test
    void theSameArgumentsGiveTheSameBytes() throws IOException {
        Path again = tmp.resolve("again");
        LunaPhantom.write(again, N, SIZE, SEED);
        assertThat(tree(again)).isEqualTo(tree(root));
        for (String file : tree(root)) {
            assertThat(Files.readAllBytes(again.resolve(file))).as(file).isEqualTo(Files.readAllBytes(root.resolve(file)));
        }
        Path other = tmp.resolve("other");
        LunaPhantom.write(other, 2, SIZE, SEED + 1);
        assertThat(Files.readAllBytes(other.resolve(LunaCsv.ANNOTATIONS)))
                .isNotEqualTo(Files.readAllBytes(root.resolve(LunaCsv.ANNOTATIONS)));
        // the first series of a smaller phantom with the same seed is the same scan
        Path fewer = tmp.resolve("fewer");
        LunaPhantomSummary s = LunaPhantom.write(fewer, 1, SIZE, SEED);
        String uid = s.seriesUids().get(0);
        assertThat(uid).isEqualTo(summary.seriesUids().get(0));
        assertThat(Files.readAllBytes(fewer.resolve("subset0").resolve(uid + ".raw")))
                .isEqualTo(Files.readAllBytes(root.resolve("subset0").resolve(uid + ".raw")));
        assertThat(LunaCsv.readMalignancy(fewer.resolve(LunaCsv.MALIGNANCY))).isEqualTo(
                LunaCsv.readMalignancy(root.resolve(LunaCsv.MALIGNANCY)).stream()
                        .filter(a -> a.seriesuid().equals(uid)).toList());
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void refusesBadArgumentsAndNonEmptyTargets() throws IOException {
        assertThatThrownBy(() -> LunaPhantom.write(tmp.resolve("a"), 0, SIZE, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n must be >= 1");
        assertThatThrownBy(() -> LunaPhantom.write(tmp.resolve("b"), 1, 16, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size must be 32..1024");
        assertThatThrownBy(() -> LunaPhantom.writeOrFail(root, 1, SIZE, 1)).isInstanceOf(PulmoException.class)
                .hasMessageContaining("not empty");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(LunaPhantom.writeOrFail(empty, 1, 32, 3).series()).isEqualTo(1);
        assertThat(Arrays.asList(empty.toFile().list())).contains("subset0");
    }
}
