package io.pulmo.ct3d.diagnose;

import java.util.List;

/**
 * The pipeline's verdict on one scan (one patient in LUNA16): the book's chapter 14 rule, positive when any candidate
 * is a nodule ({@code P(nodule) ≥ nodule_threshold}) and malignant ({@code P(malignant) ≥ malignancy_threshold}).
 *
 * @param seriesuid  the scan
 * @param findings   every candidate, in grouping order
 * @param score      the largest malignancy probability among the candidates that count as nodules, 0 when none does
 * @param nodules    candidates that count as nodules
 * @param diagnosed  whether the patient is diagnosed with a malignant nodule
 */
public record ScanDiagnosis(String seriesuid, List<Finding> findings, double score, int nodules, boolean diagnosed) {
    public ScanDiagnosis {
        findings = List.copyOf(findings);
    }

    /** The verdict on {@code findings} under the two thresholds. */
    public static ScanDiagnosis of(String seriesuid, List<Finding> findings, double noduleThreshold,
                                   double malignancyThreshold) {
        double score = 0;
        int nodules = 0;
        for (Finding f : findings) {
            if (f.noduleProbability() >= noduleThreshold) {
                nodules++;
                score = Math.max(score, f.malignancyProbability());
            }
        }
        return new ScanDiagnosis(seriesuid, findings, score, nodules, nodules > 0 && score >= malignancyThreshold);
    }
}
