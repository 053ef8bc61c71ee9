package org.fedmed.core.round;

import java.util.Map;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.model.ModelWeights;

/**
 * What a site returns after local training: its new weights (never data), how many examples they
 * were trained on, and a few scalar metrics (see the keys below). When the round has site stages
 * (clipping, a noise share) the site sends instead the delta {@code trained − global} those stages
 * produced, and {@code isDelta} says so.
 */
public record SiteUpdate(String siteId, int round, ModelWeights weights, long numSamples, Map<String, Double> metrics,
                         boolean isDelta) {

    /** Mean local training loss of the last local epoch. */
    public static final String TRAIN_LOSS = "train_loss";
    /** Accuracy of the updated model on the site's validation data. */
    public static final String VALIDATION_ACCURACY = AggregationWeighting.VALIDATION_ACCURACY;
    /** Share of the site's records that were complete before imputation, in [0, 1]. */
    public static final String COMPLETENESS = AggregationWeighting.COMPLETENESS;

    public SiteUpdate {
        metrics = Map.copyOf(metrics);
    }

    /** A site's trained model. */
    public SiteUpdate(String siteId, int round, ModelWeights weights, long numSamples, Map<String, Double> metrics) {
        this(siteId, round, weights, numSamples, metrics, false);
    }

    /** What a site answers to a secure round's training: that it has an update, and nothing about it. */
    public static SiteUpdate sealed(String siteId, int round) {
        return new SiteUpdate(siteId, round, null, 0, Map.of(), true);
    }

    /** Whether this is a sealed acknowledgement (no weights, no count, no metric). */
    public boolean isSealed() {
        return weights == null && isDelta && metrics.isEmpty() && numSamples == 0;
    }

    /** This update as the aggregation stages see it. */
    public Contribution contribution() {
        return new Contribution(siteId, round, weights, isDelta, numSamples, metrics);
    }

    /** A metric, or {@code fallback} when the site did not report it. */
    public double metric(String key, double fallback) {
        Double v = metrics.get(key);
        return v == null ? fallback : v;
    }
}
