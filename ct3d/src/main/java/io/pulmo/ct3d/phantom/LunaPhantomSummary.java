package io.pulmo.ct3d.phantom;

import io.pulmo.common.phantom.PhantomSummary;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LunaPhantom#write} wrote.
 *
 * @param root                the dataset root
 * @param seriesUids          the series, in generation order (index 0 first)
 * @param nodules             rows of {@code annotations.csv}
 * @param malignant           nodules with {@code mal_bool = True}
 * @param candidates          rows of {@code candidates.csv}
 * @param positiveCandidates  rows of {@code candidates.csv} with {@code class = 1}
 * @param malignantPatients   series with at least one malignant nodule
 * @param benignPatients      series with nodules, none malignant
 * @param noNodulePatients    series without nodules
 */
public record LunaPhantomSummary(Path root, List<String> seriesUids, int nodules, int malignant, int candidates,
                                 int positiveCandidates, int malignantPatients, int benignPatients,
                                 int noNodulePatients) {

    public LunaPhantomSummary {
        seriesUids = List.copyOf(seriesUids);
    }

    /** Number of series (patients). */
    public int series() {
        return seriesUids.size();
    }

    /**
     * The common phantom summary: {@code subset0} → patient-level class → series, the classes being
     * {@code malignant}, {@code benign} and {@code no-nodule} (by the worst nodule of the series);
     * {@code total()} is the number of series.
     */
    public PhantomSummary toPhantomSummary() {
        Map<String, Integer> perClass = new LinkedHashMap<>();
        perClass.put("malignant", malignantPatients);
        perClass.put("benign", benignPatients);
        perClass.put("no-nodule", noNodulePatients);
        return new PhantomSummary(root, Map.of(LunaPhantom.SUBSET, perClass), series());
    }
}
