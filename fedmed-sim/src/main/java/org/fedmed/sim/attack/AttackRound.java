package org.fedmed.sim.attack;

import java.util.List;
import java.util.function.Supplier;
import org.fedmed.core.model.ModelWeights;

/**
 * What one malicious site knows when it crafts its update for a round.
 *
 * @param siteId      the malicious site
 * @param seed        a seed for this site and round (noise attacks draw from it)
 * @param honestDelta what the site would send if it were honest: its trained model minus the global one
 * @param group       the honest deltas of every malicious site this round (colluders share them), asked
 *                    only by attacks that need them, since it makes every member train
 */
public record AttackRound(int round, String siteId, long seed, ModelWeights global, ModelWeights honestDelta,
                          Supplier<List<ModelWeights>> group) {
}
