package io.pulmo.ct3d.evaluate;

import io.pulmo.ct3d.evaluate.NoduleConfusion.Candidate;
import io.pulmo.ct3d.evaluate.NoduleConfusion.Nodule;
import io.pulmo.ct3d.evaluate.NoduleConfusion.Outcome;
import io.pulmo.ct3d.evaluate.NoduleConfusion.Truth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The book's match_and_score on a scan built by hand. */
class NoduleConfusionTest {

    static final List<Nodule> NODULES = List.of(
            new Nodule(0, 0, 0, 10, false),     // B1: hit radius 7
            new Nodule(100, 0, 0, 5, true),     // M1: 3.5
            new Nodule(200, 0, 0, 6, false),    // B2: nothing near
            new Nodule(300, 0, 0, 10, true),    // M2: 7
            new Nodule(700, 0, 0, 10, false),   // B3 and B4 overlap
            new Nodule(704, 0, 0, 10, false));

    static final List<Candidate> CANDIDATES = List.of(
            new Candidate(5, 0, 0, 0.9, 0.2),    // B1, predicted nodule
            new Candidate(0, 6, 0, 0.3, 0.0),    // B1 again, filtered out: B1 keeps the higher outcome
            new Candidate(101, 1, 1, 0.8, 0.7),  // M1, predicted malignant
            new Candidate(300, 8, 0, 0.95, 0.9), // 8 mm from M2 (≥ 7): a non-nodule predicted malignant
            new Candidate(301, 0, 0, 0.1, 0.0),  // M2, filtered out
            new Candidate(500, 0, 0, 0.6, 0.1),  // non-nodule, predicted nodule
            new Candidate(600, 0, 0, 0.2, 0.0),  // non-nodule, filtered out
            new Candidate(702, 0, 0, 0.7, 0.1)); // inside B3 and B4: counts for both

    /**
     * By hand: non-nodules — filtered 1 (600), predicted nodule 1 (500), predicted malignant 1 (300, 8, 0);
     * benign — complete miss 1 (B2), predicted nodule 3 (B1, B3, B4); malignant — filtered 1 (M2), predicted
     * malignant 1 (M1).
     */
    @Test
    void handMadeScan() {
        NoduleConfusion c = NoduleConfusion.score(CANDIDATES, NODULES, 0.5, 0.5);
        assertThat(c.counts()).isDeepEqualTo(new long[][] {{0, 1, 1, 1}, {1, 0, 3, 0}, {0, 1, 0, 1}});
        assertThat(c.count(Truth.BENIGN, Outcome.PREDICTED_NODULE)).isEqualTo(3);
        assertThat(c.plus(c).count(Truth.MALIGNANT, Outcome.PREDICTED_MALIGNANT)).isEqualTo(2);
    }

    @Test
    void theHitRuleIsStrictlyBelowSevenTenthsOfTheDiameter() {
        List<Nodule> one = List.of(new Nodule(0, 0, 0, 10, false));
        NoduleConfusion inside = NoduleConfusion.score(List.of(new Candidate(6.99, 0, 0, 1, 0)), one, 0.5, 0.5);
        NoduleConfusion outside = NoduleConfusion.score(List.of(new Candidate(7.01, 0, 0, 1, 0)), one, 0.5, 0.5);
        assertThat(inside.count(Truth.BENIGN, Outcome.PREDICTED_NODULE)).isEqualTo(1);
        assertThat(outside.count(Truth.BENIGN, Outcome.COMPLETE_MISS)).isEqualTo(1);
        assertThat(outside.count(Truth.NON_NODULE, Outcome.PREDICTED_NODULE)).isEqualTo(1);
    }

    @Test
    void emptySidesAreHandled() {
        assertThat(NoduleConfusion.score(List.of(), NODULES, 0.5, 0.5).counts())
                .isDeepEqualTo(new long[][] {{0, 0, 0, 0}, {4, 0, 0, 0}, {2, 0, 0, 0}});
        assertThat(NoduleConfusion.score(CANDIDATES, List.of(), 0.5, 0.5).counts())
                .isDeepEqualTo(new long[][] {{0, 3, 3, 2}, {0, 0, 0, 0}, {0, 0, 0, 0}});
        assertThat(NoduleConfusion.empty().plus(NoduleConfusion.empty())).isEqualTo(NoduleConfusion.empty());
    }

    @Test
    void printsLikeTheBook() {
        String table = NoduleConfusion.score(CANDIDATES, NODULES, 0.5, 0.5).format("Total", false);
        assertThat(table.split("\n")).containsExactly(
                "Total",
                "                 |    Complete Miss |     Filtered Out |     Pred. Nodule",
                "     Non-Nodules |                  |                1 |                2",
                "          Benign |                1 |                0 |                3",
                "       Malignant |                0 |                1 |                1");
        assertThat(NoduleConfusion.score(CANDIDATES, NODULES, 0.5, 0.5).format(null, true))
                .contains("Pred. Malignant").contains("   Malignant |                0 |                1 |"
                        + "                0 |                1");
    }

    @Test
    void rejectsBadShapesAndValues() {
        assertThatThrownBy(() -> new NoduleConfusion(new long[2][4])).hasMessageContaining("3 rows");
        assertThatThrownBy(() -> new Nodule(0, 0, 0, -1, false)).hasMessageContaining("diameter");
        assertThatThrownBy(() -> new Candidate(0, 0, Double.NaN, 0.5, 0)).hasMessageContaining("finite");
    }
}
