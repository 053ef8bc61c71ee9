package org.fedmed.core.aggregate;

import java.util.Map;

/**
 * How much each site's update counts in the weighted mean.
 *
 * <p>The quality-aware rules multiply the sample count by a score in [0, 1] rather than replacing
 * it, so a tiny site with a lucky score cannot outweigh a large one (the sample count stays the
 * unbiased estimator's weight; the score discounts doubtful contributions).
 */
public enum AggregationWeighting {
    /** n_k, the number of training examples (McMahan et al. 2017). */
    SAMPLE_COUNT("samples"),
    /** n_k × the site's reported validation accuracy of its updated model. */
    VALIDATION_SCORE("validation"),
    /** n_k × the share of the site's records that were complete (no missing values). */
    DATA_QUALITY("quality");

    /** Report key: accuracy of the site's updated model on its validation data. */
    public static final String VALIDATION_ACCURACY = "val_accuracy";
    /** Report key: share of the site's records that were complete before imputation, in [0, 1]. */
    public static final String COMPLETENESS = "completeness";

    private final String id;

    AggregationWeighting(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The (unnormalized) weight of one update; a required score that is missing is an error naming the site. */
    /** The weight of one contribution; a required score that is missing is an error naming the site. */
    public double weight(Contribution c) {
        return weight(c.siteId(), c.round(), c.numSamples(), c.reports());
    }

    /** The weight of a site's contribution from its sample count and reported scores. */
    public double weight(String siteId, int round, long numSamples, Map<String, Double> metrics) {
        double n = numSamples;
        return switch (this) {
            case SAMPLE_COUNT -> n;
            case VALIDATION_SCORE -> n * score(siteId, round, metrics, VALIDATION_ACCURACY);
            case DATA_QUALITY -> n * score(siteId, round, metrics, COMPLETENESS);
        };
    }

    private static double score(String siteId, int round, Map<String, Double> metrics, String key) {
        Double s = metrics.get(key);
        if (s == null || !(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException("site " + siteId + " round " + round
                    + ": weighting needs metric '" + key + "' in [0, 1], got " + s);
        }
        return s;
    }

    public static AggregationWeighting parse(String s) {
        for (AggregationWeighting w : values()) {
            if (w.id.equalsIgnoreCase(s.trim()) || w.name().equalsIgnoreCase(s.trim())) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown aggregation weighting '" + s + "' (expected samples, validation or quality)");
    }
}
