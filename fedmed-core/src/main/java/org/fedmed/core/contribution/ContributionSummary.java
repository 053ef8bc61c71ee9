package org.fedmed.core.contribution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study's contribution values: each player's per-round values summed over the rounds it took part in
 * (a round it missed adds nothing), the cost of each method, and the reward pool split by the Shapley
 * totals (leave-one-out's when only that ran); see {@link RewardSplit} for negative values.
 *
 * @param loo      total leave-one-out value by player, empty when not computed
 * @param shapley  total Shapley value by player, empty when not computed
 * @param rewards  each player's share of {@code pool}
 */
public record ContributionSummary(ContributionMethod method, List<RoundValues> rounds, Map<String, Double> loo,
                                  Map<String, Double> shapley, Map<String, Double> rewards, double pool,
                                  int looEvaluations, int shapleyEvaluations, double looSeconds, double shapleySeconds) {

    public static ContributionSummary of(ContributionMethod method, List<RoundValues> rounds, List<String> players, double pool) {
        Map<String, Double> loo = new LinkedHashMap<>();
        Map<String, Double> shapley = new LinkedHashMap<>();
        int looCost = 0;
        int shapleyCost = 0;
        double looSeconds = 0;
        double shapleySeconds = 0;
        for (String p : players) {
            if (method.leaveOneOut()) {
                loo.put(p, 0.0);
            }
            if (method.shapley()) {
                shapley.put(p, 0.0);
            }
        }
        for (RoundValues r : rounds) {
            add(loo, r.players(), r.loo());
            add(shapley, r.players(), r.shapley());
            looCost += r.looEvaluations();
            shapleyCost += r.shapleyEvaluations();
            looSeconds += r.looSeconds();
            shapleySeconds += r.shapleySeconds();
        }
        Map<String, Double> rewards = RewardSplit.split(method.shapley() ? shapley : loo, pool);
        return new ContributionSummary(method, List.copyOf(rounds), loo, shapley, rewards, pool, looCost, shapleyCost,
                looSeconds, shapleySeconds);
    }

    /**
     * Under grouped secure aggregation the players are the round's groups, drawn anew every round, so only
     * each round's group values exist: no per-site totals and no rewards.
     */
    public static ContributionSummary perRoundOnly(ContributionMethod method, List<RoundValues> rounds, double pool) {
        ContributionSummary s = of(method, rounds, List.of(), pool);
        return new ContributionSummary(method, s.rounds(), Map.of(), Map.of(), Map.of(), pool, s.looEvaluations(),
                s.shapleyEvaluations(), s.looSeconds(), s.shapleySeconds());
    }

    private static void add(Map<String, Double> totals, List<String> players, double[] values) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            totals.merge(players.get(i), values[i], Double::sum);
        }
    }

    /** Players from the best to the worst by the reward basis (Shapley, else leave-one-out). */
    public List<String> ranking() {
        Map<String, Double> basis = method.shapley() ? shapley : loo;
        return basis.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).map(Map.Entry::getKey).toList();
    }
}
