package org.fedmed.study.prep;

import java.util.List;
import java.util.Objects;
import org.fedmed.data.prep.FeatureStats;

/**
 * What a site shares in the statistics step: its feature column names and the sufficient
 * statistics of its training rows in that order (protocol message {@code StatisticsResult}).
 */
public record SiteStatistics(List<String> featureNames, FeatureStats stats) {

    public SiteStatistics {
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(stats, "stats");
        if (featureNames.size() != stats.features()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for statistics of " + stats.features()
                    + " features");
        }
    }
}
