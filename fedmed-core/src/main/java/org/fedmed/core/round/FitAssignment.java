package org.fedmed.core.round;

import org.fedmed.core.training.TrainingConfig;

/** One site chosen to train this round, with the settings it trains with. */
public record FitAssignment(String siteId, TrainingConfig config) {
}
