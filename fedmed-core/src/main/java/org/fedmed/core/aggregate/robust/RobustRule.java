package org.fedmed.core.aggregate.robust;

import java.util.List;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.aggregate.Reducer;
import org.fedmed.core.model.ModelWeights;

/**
 * A reducer that bounds what a few poisoned updates can do to the round: it combines the sites'
 * deltas from the global model (never their models: a rule compares directions of change) into one
 * delta. Every rule is unweighted: sample counts are reported by the sites themselves, and a
 * poisoner that claims a million samples would otherwise buy back the influence the rule takes away.
 */
public interface RobustRule extends Reducer {

    /** The aggregated delta of {@code deltas} (one row per update, all the same length, never empty). */
    float[] combine(float[][] deltas);

    /** Fewest updates the rule works with (its tolerated f decides it). */
    default int minimumSites() {
        return 1;
    }

    /** The rule's condition on the number of updates n, e.g. {@code n > 2f + 2 = 6}; empty when any n ≥ 1 works. */
    default String requirement() {
        return "";
    }

    /**
     * Refuses a study whose rounds have too few sites for the rule, before round 1.
     *
     * @param sitesPerRound the sites each round asks for (the study's sites × fraction, at least its minimum)
     */
    default void checkSites(int sitesPerRound) {
        if (sitesPerRound < minimumSites()) {
            throw new IllegalArgumentException("aggregator " + describe() + " needs " + requirement() + " updates per round,"
                    + " but the study has " + sitesPerRound + " sites per round (at least " + minimumSites() + " needed)");
        }
    }

    @Override
    default ModelWeights reduce(AggregationRound round, List<Contribution> in) {
        if (in.isEmpty()) {
            throw new IllegalArgumentException("no updates to aggregate");
        }
        ModelWeights global = round.global();
        float[][] deltas = new float[in.size()][];
        for (int k = 0; k < deltas.length; k++) {
            ModelWeights d = in.get(k).delta(global);
            global.requireSameLayout(d, "update of " + in.get(k).siteId());
            deltas[k] = d.values();
        }
        float[] delta = combine(deltas);
        float[] g = global.values();
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] + delta[i];
        }
        return global.withValues(out);
    }
}
