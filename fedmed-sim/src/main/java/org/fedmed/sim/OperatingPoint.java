package org.fedmed.sim;

import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.OperatingThreshold;

/**
 * The final federated model at an operating threshold chosen on the sites' validation data, to be
 * read beside its figures at 0.5 (two classes only).
 *
 * @param threshold the threshold with its target and the pooled validation figures it was chosen on
 * @param sites     how many sites released validation counts
 * @param test      the model on the global test set, calling a case diseased when its score is at or above the threshold
 */
public record OperatingPoint(OperatingThreshold threshold, int sites, ClassificationMetrics test) {
}
