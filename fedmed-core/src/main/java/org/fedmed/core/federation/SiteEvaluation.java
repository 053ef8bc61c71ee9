package org.fedmed.core.federation;

/** A site's evaluation of a model on its own held-out data. */
public record SiteEvaluation(String siteId, int round, EvaluationResult result) {
}
