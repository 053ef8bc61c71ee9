package org.fedmed.core.training;

import org.fedmed.core.model.ModelWeights;

/**
 * What local training produced.
 *
 * @param weights      the locally trained weights
 * @param meanLoss     mean training loss over the last local epoch (data loss, without the proximal term)
 * @param examplesSeen examples processed over all local epochs
 * @param steps        optimizer steps taken
 */
public record TrainingOutcome(ModelWeights weights, double meanLoss, long examplesSeen, int steps) {
}
