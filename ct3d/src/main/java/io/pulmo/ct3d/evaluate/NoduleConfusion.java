package io.pulmo.ct3d.evaluate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The book's end-to-end confusion table ({@code match_and_score} in {@code p2ch14/nodule_analysis.py}): how
 * the pipeline's candidates and the true nodules of a scan met.
 *
 * <p>Rows are the truth — {@link Truth#NON_NODULE} (a candidate that matched no nodule), {@link Truth#BENIGN},
 * {@link Truth#MALIGNANT}; columns the pipeline's outcome — {@link Outcome#COMPLETE_MISS} (no candidate at all),
 * {@link Outcome#FILTERED_OUT} (a candidate the nodule classifier rejected: nodule probability below the
 * threshold), {@link Outcome#PREDICTED_NODULE} (accepted as a nodule, malignancy below its threshold) and
 * {@link Outcome#PREDICTED_MALIGNANT}. Without a malignancy model pass malignancy probability 0 (the book
 * does) and every accepted candidate lands in {@code PREDICTED_NODULE}. The book compares the malignancy
 * probability with the nodule threshold (its {@code threshold_mal} is unused); here each has its own.
 *
 * <p>Matching: a candidate hits a nodule when {@code ‖nodule − candidate‖ < 0.7 × diameter} (in mm). A nodule
 * hit by several candidates takes the highest outcome among them; a candidate hitting several nodules counts
 * for each; candidates hitting none are counted in the non-nodule row under their own outcome, so
 * {@code NON_NODULE × COMPLETE_MISS} is always 0. A nodule of diameter 0 can never be hit (the book's
 * {@code distance / diameter} is NaN or infinite there).
 *
 * @param counts a 3 × 4 matrix {@code counts[truth][outcome]}; copied in and out
 */
public record NoduleConfusion(long[][] counts) {

    /** The book's hit radius, as a fraction of the nodule's diameter. */
    public static final double HIT_DIAMETER_FRACTION = 0.7;

    /** Rows: the truth of a nodule or of an unmatched candidate. */
    public enum Truth {
        NON_NODULE("Non-Nodules"), BENIGN("Benign"), MALIGNANT("Malignant");

        private final String label;

        Truth(String label) {
            this.label = label;
        }

        /** The book's row label. */
        public String label() {
            return label;
        }
    }

    /** Columns: what the pipeline made of it. */
    public enum Outcome {
        COMPLETE_MISS("Complete Miss"), FILTERED_OUT("Filtered Out"), PREDICTED_NODULE("Pred. Nodule"),
        PREDICTED_MALIGNANT("Pred. Malignant");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** The book's column label. */
        public String label() {
            return label;
        }
    }

    /**
     * A classified candidate.
     *
     * @param x                     patient x in mm
     * @param y                     patient y in mm
     * @param z                     patient z in mm
     * @param noduleProbability     the nodule classifier's P(nodule)
     * @param malignancyProbability the malignancy classifier's P(malignant), 0 without one
     */
    public record Candidate(double x, double y, double z, double noduleProbability, double malignancyProbability) {
        public Candidate {
            if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
                throw new IllegalArgumentException("candidate position must be finite, got (" + x + ", " + y + ", "
                        + z + ")");
            }
            if (Double.isNaN(noduleProbability) || Double.isNaN(malignancyProbability)) {
                throw new IllegalArgumentException("candidate probabilities must not be NaN");
            }
        }
    }

    /**
     * A true nodule.
     *
     * @param x          patient x of the centre in mm
     * @param y          patient y of the centre in mm
     * @param z          patient z of the centre in mm
     * @param diameterMm its diameter, at least 0
     * @param malignant  whether it is malignant
     */
    public record Nodule(double x, double y, double z, double diameterMm, boolean malignant) {
        public Nodule {
            if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
                throw new IllegalArgumentException("nodule centre must be finite, got (" + x + ", " + y + ", " + z
                        + ")");
            }
            if (!(diameterMm >= 0) || Double.isInfinite(diameterMm)) {
                throw new IllegalArgumentException("nodule diameter must be finite and >= 0, got " + diameterMm);
            }
        }

        Truth truth() {
            return malignant ? Truth.MALIGNANT : Truth.BENIGN;
        }
    }

    public NoduleConfusion {
        if (counts.length != Truth.values().length) {
            throw new IllegalArgumentException("the nodule confusion has 3 rows, got " + counts.length);
        }
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            if (counts[t].length != Outcome.values().length) {
                throw new IllegalArgumentException("the nodule confusion has 4 columns, row " + t + " has "
                        + counts[t].length);
            }
            for (long v : counts[t]) {
                if (v < 0) {
                    throw new IllegalArgumentException("counts must be >= 0, got " + v + " in row " + t);
                }
            }
            copy[t] = counts[t].clone();
        }
        counts = copy;
    }

    /** An all-zero table, to {@link #plus add} scans to. */
    public static NoduleConfusion empty() {
        return new NoduleConfusion(new long[Truth.values().length][Outcome.values().length]);
    }

    /**
     * The table of one scan (the book's {@code match_and_score}).
     *
     * @param candidates          the pipeline's classified candidates
     * @param nodules             the scan's true nodules
     * @param noduleThreshold     a candidate is a nodule when its nodule probability is {@code ≥} this (book: 0.5)
     * @param malignancyThreshold an accepted candidate is malignant when its malignancy probability is {@code ≥}
     *                            this (book: 0.5)
     */
    public static NoduleConfusion score(List<Candidate> candidates, List<Nodule> nodules, double noduleThreshold,
                                        double malignancyThreshold) {
        long[][] counts = new long[Truth.values().length][Outcome.values().length];
        Outcome[] outcome = new Outcome[candidates.size()];
        for (int d = 0; d < outcome.length; d++) {
            outcome[d] = outcome(candidates.get(d), noduleThreshold, malignancyThreshold);
        }
        boolean[] matched = new boolean[candidates.size()];
        for (Nodule nodule : nodules) {
            Outcome best = Outcome.COMPLETE_MISS;
            double radius = HIT_DIAMETER_FRACTION * nodule.diameterMm();
            for (int d = 0; d < outcome.length; d++) {
                Candidate c = candidates.get(d);
                double distance = Math.sqrt(square(nodule.x() - c.x()) + square(nodule.y() - c.y())
                        + square(nodule.z() - c.z()));
                if (distance < radius) {
                    matched[d] = true;
                    if (outcome[d].ordinal() > best.ordinal()) {
                        best = outcome[d];
                    }
                }
            }
            counts[nodule.truth().ordinal()][best.ordinal()]++;
        }
        for (int d = 0; d < outcome.length; d++) {
            if (!matched[d]) {
                counts[Truth.NON_NODULE.ordinal()][outcome[d].ordinal()]++;
            }
        }
        return new NoduleConfusion(counts);
    }

    private static Outcome outcome(Candidate c, double noduleThreshold, double malignancyThreshold) {
        if (c.noduleProbability() < noduleThreshold) {
            return Outcome.FILTERED_OUT;
        }
        return c.malignancyProbability() < malignancyThreshold ? Outcome.PREDICTED_NODULE : Outcome.PREDICTED_MALIGNANT;
    }

    private static double square(double v) {
        return v * v;
    }

    /** The count in one cell. */
    public long count(Truth truth, Outcome outcome) {
        return counts[truth.ordinal()][outcome.ordinal()];
    }

    /** The cell-wise sum, e.g. the total over scans. */
    public NoduleConfusion plus(NoduleConfusion other) {
        long[][] sum = counts();
        for (int t = 0; t < sum.length; t++) {
            for (int o = 0; o < sum[t].length; o++) {
                sum[t][o] += other.counts[t][o];
            }
        }
        return new NoduleConfusion(sum);
    }

    @Override
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            copy[t] = counts[t].clone();
        }
        return copy;
    }

    /**
     * The table as the book prints it: a header line and one line per truth row, cells right-aligned in 16
     * characters and separated by {@code " | "}, the non-nodule row's complete-miss cell blank. With
     * {@code withMalignancy == false} the two predicted columns are merged into {@code Pred. Nodule}.
     */
    public String format(String title, boolean withMalignancy) {
        StringBuilder out = new StringBuilder();
        if (title != null) {
            out.append(title).append('\n');
        }
        String[] columns = withMalignancy
                ? new String[] {"", "Complete Miss", "Filtered Out", "Pred. Benign", "Pred. Malignant"}
                : new String[] {"", "Complete Miss", "Filtered Out", "Pred. Nodule"};
        out.append(row(columns)).append('\n');
        for (Truth truth : Truth.values()) {
            long[] r = counts[truth.ordinal()];
            String[] cells = new String[columns.length];
            cells[0] = truth.label();
            cells[1] = truth == Truth.NON_NODULE ? "" : Long.toString(r[0]);
            cells[2] = Long.toString(r[1]);
            if (withMalignancy) {
                cells[3] = Long.toString(r[2]);
                cells[4] = Long.toString(r[3]);
            } else {
                cells[3] = Long.toString(r[2] + r[3]);
            }
            out.append(row(cells)).append('\n');
        }
        return out.toString();
    }

    private static String row(String[] cells) {
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < cells.length; k++) {
            if (k > 0) {
                line.append(" | ");
            }
            line.append(String.format(Locale.ROOT, "%16s", cells[k]));
        }
        return line.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoduleConfusion other && Arrays.deepEquals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        return "NoduleConfusion" + Arrays.deepToString(counts);
    }
}
