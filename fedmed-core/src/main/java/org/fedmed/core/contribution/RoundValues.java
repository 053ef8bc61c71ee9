package org.fedmed.core.contribution;

import java.util.List;

/**
 * One round's contribution values: its players (sites, or secure groups), the utility of the round's
 * starting model v(∅) and of the full aggregate v(N), and each method's values (null when not computed)
 * with what they cost.
 *
 * @param looEvaluations     distinct sub-models leave-one-out scored
 * @param shapleyEvaluations distinct sub-models the Shapley method scored
 * @param permutations       GTG-Shapley's permutations (0 when the round was truncated, or exact)
 * @param roundTruncated     GTG-Shapley's between-round truncation skipped this round
 */
public record RoundValues(int round, List<String> players, double utilityBefore, double utilityAfter, double[] loo,
                          double[] shapley, int looEvaluations, int shapleyEvaluations, double looSeconds,
                          double shapleySeconds, int permutations, boolean roundTruncated) {

    public RoundValues {
        players = List.copyOf(players);
    }
}
