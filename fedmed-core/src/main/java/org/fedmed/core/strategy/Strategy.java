package org.fedmed.core.strategy;

import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.robust.SiteScore;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureInputSpec;

/**
 * How the coordinator runs a round: who trains with what settings, and how their updates become
 * the next global model. The same strategy object runs in simulation and in deployment; it never
 * sees how sites are reached.
 */
public interface Strategy {

    /** Short name for reports, e.g. {@code fedavg}. */
    String name();

    /** Sites that train in {@code round} (1-based) and their local training settings. */
    List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites);

    /** The next global model from the updates that arrived (never empty). */
    ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates);

    /** Sites that evaluate the global model on their own data after {@code round}. */
    default List<String> configureEvaluate(int round, List<String> availableSites) {
        return availableSites;
    }

    /**
     * Why an update that passed the generic checks does not fit this strategy's round (for example
     * its site stages were not applied), or null when it fits. A refused update is left out of the round.
     */
    default String checkUpdate(int round, SiteUpdate update) {
        return null;
    }

    /** The aggregation written out, e.g. {@code clip(c=1.0) → mean(uniform, fixed denominator) → gaussian(σ=1.1) → adam(…)}. */
    default String aggregation() {
        return name();
    }

    /**
     * Whether round results may name participants and carry per-site metrics and train loss. Under
     * client-level DP they may not (they are computed without noise, and naming who took part voids
     * amplification by sampling), unless the run is a seeded research run, which is not private anyway.
     */
    default boolean withholdsSiteDetails() {
        return false;
    }

    /**
     * What this strategy needs from a secure sum of {@code participants} sealed updates, of which at
     * least {@code threshold} are summed in a completed round: FedAvg's sample-weighted mean by
     * default. A strategy that cannot work from a sum refuses (IllegalArgumentException, naming why).
     */
    default SecureInputSpec secureInput(int round, int participants, int threshold) {
        return SecureInputSpec.WEIGHTED;
    }

    /** How the strategy's scoring rule judged each update of the round it last aggregated, by site; empty when it does not score. */
    default Map<String, SiteScore> lastScores() {
        return Map.of();
    }

    /** Fewest updates a round needs; with fewer the global model is left unchanged. */
    default int minimumSites() {
        return 1;
    }
}
