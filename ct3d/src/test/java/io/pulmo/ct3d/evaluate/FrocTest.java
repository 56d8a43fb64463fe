package io.pulmo.ct3d.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** LUNA16's evaluation rules on cases small enough to check by hand. */
class FrocTest {

    static LunaAnnotation nodule(String uid, double x, double y, double z, double diameter) {
        return new LunaAnnotation(uid, x, y, z, diameter);
    }

    static LunaDetection mark(String uid, double x, double y, double z, double p) {
        return new LunaDetection(uid, x, y, z, p);
    }

    /** Scan A: nodules n1 (10 mm), n2 (6 mm, missed) and an excluded one; scan B: 102 marks; scan C: n4 (4 mm). */
    static List<LunaAnnotation> annotations() {
        return List.of(
                nodule("A", 0, 0, 0, 10),   // n1, radius 5
                nodule("A", 50, 0, 0, 6),   // n2, radius 3
                nodule("B", 0, 0, 0, 20),   // n3, radius 10
                nodule("C", 0, 0, 0, 4));   // n4, radius 2
    }

    static List<LunaAnnotation> excluded() {
        return List.of(nodule("A", 100, 0, 0, 8));
    }

    static List<LunaDetection> detections() {
        List<LunaDetection> d = new ArrayList<>();
        d.add(mark("A", 1, 0, 0, 0.9));      // hits n1
        d.add(mark("A", 0, 2, 0, 0.6));      // hits n1 again: ignored_double
        d.add(mark("A", 100, 1, 0, 0.8));    // on the excluded nodule: ignored_excluded
        d.add(mark("A", 50, 0, 3, 0.4));     // exactly 3 mm from n2: not < radius, a false positive
        d.add(mark("A", 200, 0, 0, 0.7));    // false positive
        for (int k = 0; k < 100; k++) {
            d.add(mark("B", 1000 + 10 * k, 0, 0, 0.1)); // 100 false positives
        }
        d.add(mark("B", 1, 1, 1, 0.05));     // would hit n3, but B has 102 marks and 0.05 is not above the 101st
        d.add(mark("B", 900, 0, 0, 0.05));   // dropped likewise
        d.add(mark("C", 1, 1, 1, 0.1));      // √3 mm from n4: hit
        d.add(mark("C", 300, 0, 0, 0.8));    // false positive
        return d;
    }

    /**
     * By hand. Nodules: 4 (n1–n4), detected: n1 (score 0.9, best of 0.9 and 0.6) and n4 (0.1); false positives:
     * 0.7, 0.4 (A), 100 × 0.1 (B), 0.8 (C) = 103; scans 3. Curve by decreasing threshold (FP/scan, sensitivity):
     * ∞ (0, 0); 0.9 (0, 1/4); 0.8 (1/3, 1/4); 0.7 (2/3, 1/4); 0.4 (1, 1/4); 0.1 (103/3, 2/4).
     * Sensitivity at 1/8, 1/4, 1/2 and 1: 0.25 (flat up to the point at exactly 1). Between (1, 0.25) and
     * (103/3, 0.5) the slope is 0.25 / (100/3) = 0.0075 per FP/scan: at 2: 0.2575, at 4: 0.2725, at 8: 0.3025.
     * CPM = (4 × 0.25 + 0.2575 + 0.2725 + 0.3025) / 7 = 1.8325 / 7 = 0.26178571…
     * (Cross-checked with the official script's logic, sklearn's roc_curve and np.interp in numpy.)
     * Without the 100-mark limit, n3 would be detected at 0.05.
     */
    @Test
    void handMadeCase() {
        FrocResult r = Froc.evaluate(detections(), annotations(), excluded(), List.of("A", "B", "C"));
        assertThat(r.scans()).isEqualTo(3);
        assertThat(r.nodules()).isEqualTo(4);
        assertThat(r.detected()).isEqualTo(2);
        assertThat(r.falsePositives()).isEqualTo(103);
        assertThat(r.ignoredDouble()).isEqualTo(1);
        assertThat(r.ignoredExcluded()).isEqualTo(1);
        assertThat(r.froc()).containsOnlyKeys("0.125", "0.25", "0.5", "1", "2", "4", "8");
        assertThat(r.froc().keySet()).containsExactly("0.125", "0.25", "0.5", "1", "2", "4", "8");
        double[] expected = {0.25, 0.25, 0.25, 0.25, 0.2575, 0.2725, 0.3025};
        Iterator<Double> values = r.froc().values().iterator();
        for (double e : expected) {
            assertThat(values.next()).isCloseTo(e, within(1e-12));
        }
        assertThat(r.cpm()).isCloseTo(1.8325 / 7, within(1e-12));
        assertThat(r.curve().fpsPerScan()).containsExactly(new double[] {0, 0, 1.0 / 3, 2.0 / 3, 1, 103.0 / 3},
                within(1e-12));
        assertThat(r.curve().sensitivity()).containsExactly(0, 0.25, 0.25, 0.25, 0.25, 0.5);
        assertThat(r.curve().thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.4, 0.1);
    }

    @Test
    void theMarkLimitDropsEverythingTiedWithThe101st() {
        List<LunaDetection> marks = new ArrayList<>();
        for (int k = 0; k < 99; k++) {
            marks.add(mark("S", k, 0, 0, 0.9));
        }
        marks.add(mark("S", 99, 0, 0, 0.5));
        marks.add(mark("S", 100, 0, 0, 0.5));
        assertThat(Froc.limitMarks(marks, 100)).hasSize(99).allSatisfy(m -> assertThat(m.probability()).isEqualTo(0.9));
        assertThat(Froc.limitMarks(marks.subList(0, 100), 100)).hasSize(100);
        // 102 marks, the 101st highest 0.5: both 0.5 marks and the 0.1 go; the kept marks keep their order
        List<LunaDetection> reversed = new ArrayList<>(marks);
        reversed.add(mark("S", 500, 0, 0, 0.1));
        Collections.reverse(reversed);
        List<LunaDetection> kept = Froc.limitMarks(reversed, 100);
        assertThat(kept).hasSize(99);
        assertThat(kept).extracting(LunaDetection::x).startsWith(98.0, 97.0);
    }

    @Test
    void aMarkInsideTwoNodulesDetectsBothAndIncludedBeatsExcluded() {
        List<LunaAnnotation> nodules = List.of(nodule("S", 0, 0, 0, 10), nodule("S", 4, 0, 0, 10));
        List<LunaAnnotation> excluded = List.of(nodule("S", 2, 0, 0, 10));
        FrocResult r = Froc.evaluate(List.of(mark("S", 2, 0, 0, 0.7)), nodules, excluded, null);
        assertThat(r.detected()).isEqualTo(2);
        assertThat(r.falsePositives()).isZero();
        assertThat(r.ignoredDouble()).isZero();
        assertThat(r.ignoredExcluded()).isZero();
        assertThat(r.cpm()).isEqualTo(1.0);
    }

    @Test
    void aNegativeDiameterMeansTenMillimetres() {
        List<LunaAnnotation> nodules = List.of(nodule("S", 0, 0, 0, -1));
        assertThat(Froc.evaluate(List.of(mark("S", 4.9, 0, 0, 0.5)), nodules, List.of(), null).detected()).isEqualTo(1);
        assertThat(Froc.evaluate(List.of(mark("S", 5.0, 0, 0, 0.5)), nodules, List.of(), null).detected()).isZero();
    }

    @Test
    void theSeriesListSetsTheDivisorAndFiltersMarks() {
        List<LunaAnnotation> nodules = List.of(nodule("A", 0, 0, 0, 10));
        List<LunaDetection> marks = List.of(mark("A", 0, 0, 0, 0.9), mark("A", 50, 0, 0, 0.8),
                mark("B", 0, 0, 0, 0.7), mark("Z", 0, 0, 0, 0.95));
        // default: A (annotations) then B and Z (detections)
        assertThat(Froc.defaultSeries(nodules, marks)).containsExactly("A", "B", "Z");
        FrocResult byDefault = Froc.evaluate(marks, nodules, List.of(), null);
        assertThat(byDefault.scans()).isEqualTo(3);
        assertThat(byDefault.falsePositives()).isEqualTo(3);
        // listed: A, B and an empty scan E; Z's mark is ignored; 2 FPs over 3 scans
        FrocResult listed = Froc.evaluate(marks, nodules, List.of(), List.of("A", "B", "E"));
        assertThat(listed.scans()).isEqualTo(3);
        assertThat(listed.falsePositives()).isEqualTo(2);
        assertThat(listed.curve().fpsPerScan()).containsExactly(0, 0, 1.0 / 3, 2.0 / 3);
        assertThatThrownBy(() -> Froc.evaluate(marks, nodules, List.of(), List.of("A", "A")))
                .hasMessageContaining("A is listed twice");
        assertThatThrownBy(() -> Froc.evaluate(List.of(), List.of(), List.of(), null))
                .hasMessageContaining("no series");
    }

    @Test
    void noFalsePositivesAtAll() {
        List<LunaAnnotation> nodules = List.of(nodule("A", 0, 0, 0, 10), nodule("A", 40, 0, 0, 10));
        FrocResult r = Froc.evaluate(List.of(mark("A", 0, 0, 0, 0.3)), nodules, List.of(), null);
        assertThat(r.froc().values()).containsOnly(0.5);
        assertThat(r.cpm()).isEqualTo(0.5);
    }

    @Test
    void jsonHasExactlyTheCommandsKeys() throws Exception {
        FrocResult r = Froc.evaluate(detections(), annotations(), excluded(), List.of("A", "B", "C"));
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("cpm", "froc", "scans", "nodules", "detected", "false_positives",
                "ignored_double", "ignored_excluded");
        List<String> frocKeys = new ArrayList<>();
        json.get("froc").fieldNames().forEachRemaining(frocKeys::add);
        assertThat(frocKeys).containsExactly("0.125", "0.25", "0.5", "1", "2", "4", "8");
        assertThat(json.get("false_positives").asLong()).isEqualTo(103);
        assertThat(json.get("froc").get("8").asDouble()).isCloseTo(0.3025, within(1e-12));
        assertThat(r.toJson()).doesNotContain("\n");
    }
}
