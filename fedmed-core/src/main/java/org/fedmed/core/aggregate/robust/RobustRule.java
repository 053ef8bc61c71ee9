package org.fedmed.core.aggregate.robust;

import java.util.Map;
import org.fedmed.core.aggregate.Reducer;

/**
 * A reducer that bounds what a few poisoned updates can do to the round: it combines the sites'
 * deltas from the global model (never their models: a rule compares directions of change) into one
 * delta. Most rules are a function of the deltas alone ({@link VectorRule}); the scoring rules also
 * consult the coordinator's root data or a per-site reputation. Every rule is unweighted: sample
 * counts are reported by the sites themselves, and a poisoner that claims a million samples would
 * otherwise buy back the influence the rule takes away.
 */
public interface RobustRule extends Reducer {

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

    /**
     * How many examples the coordinator's root dataset must hold for this rule ({@link ServerReference});
     * 0 when the rule needs none.
     */
    default int rootExamples() {
        return 0;
    }

    /** Whether the rule follows sites across rounds (a reputation), which it cannot do over secure group sums. */
    default boolean followsSites() {
        return false;
    }

    /** Gives the rule the coordinator's root dataset (called before round 1 when {@link #rootExamples} > 0). */
    default void useReference(ServerReference reference) {
    }

    /** How the rule scored each update of the last round it aggregated, by site; empty for rules that do not score. */
    default Map<String, SiteScore> lastScores() {
        return Map.of();
    }
}
