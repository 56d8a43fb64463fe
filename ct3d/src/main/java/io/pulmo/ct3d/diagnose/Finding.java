package io.pulmo.ct3d.diagnose;

import io.pulmo.ct3d.group.CandidateComponent;
import io.pulmo.ct3d.load.XyzMm;

/**
 * One candidate of a scan after the pipeline: where grouping found it and what the classifiers say.
 *
 * @param component             the heat-map component (centre in voxel coordinates, size)
 * @param centre                its centre in patient mm
 * @param noduleProbability     P(nodule) of the nodule model
 * @param malignancyProbability P(malignant) of the malignancy model (computed for every candidate; it matters only
 *                              where the candidate counts as a nodule)
 */
public record Finding(CandidateComponent component, XyzMm centre, double noduleProbability,
                      double malignancyProbability) {
}
