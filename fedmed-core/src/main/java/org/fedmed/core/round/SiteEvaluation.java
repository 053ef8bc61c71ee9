package org.fedmed.core.round;

import org.fedmed.core.metrics.EvaluationResult;

/** A site's evaluation of a model on its own held-out data. */
public record SiteEvaluation(String siteId, int round, EvaluationResult result) {
}
