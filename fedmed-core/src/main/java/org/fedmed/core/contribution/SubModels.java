package org.fedmed.core.contribution;

import java.util.BitSet;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.SiteUpdate;

/**
 * The worth of a coalition as GTG-Shapley defines it (Liu et al. 2022): the model the round would have
 * produced from that coalition's updates alone, global + the sample-weighted mean of their deltas, scored
 * by a {@link ModelUtility}. No site retrains; v(∅) is the round's starting global model.
 *
 * <p>The reconstruction is FedAvg's mean whatever the study's strategy: a server optimizer's momentum, a
 * robust rule or central DP noise are not replayed for each coalition (replaying stateful rules per subset
 * would change their state).
 */
public final class SubModels implements SubsetUtility {

    private final ModelWeights global;
    private final List<ModelWeights> deltas;
    private final double[] weights;
    private final ModelUtility utility;

    public SubModels(ModelWeights global, List<SiteUpdate> updates, ModelUtility utility) {
        this.global = global;
        this.utility = utility;
        this.deltas = updates.stream().map(u -> u.isDelta() ? u.weights() : u.weights().minus(global)).toList();
        this.weights = updates.stream().mapToDouble(u -> Math.max(1, u.numSamples())).toArray();
        for (ModelWeights d : deltas) {
            global.requireSameLayout(d, "an update");
        }
    }

    /** Players in this round, in the order of the updates. */
    public int players() {
        return deltas.size();
    }

    @Override
    public double value(BitSet coalition) {
        return utility.score(model(coalition));
    }

    /** global + Σ_{i∈S} w_i Δ_i / Σ_{i∈S} w_i; the global model itself for the empty coalition. */
    public ModelWeights model(BitSet coalition) {
        double total = 0;
        for (int i = coalition.nextSetBit(0); i >= 0; i = coalition.nextSetBit(i + 1)) {
            total += weights[i];
        }
        if (total == 0) {
            return global;
        }
        float[] out = global.values().clone();
        for (int i = coalition.nextSetBit(0); i >= 0; i = coalition.nextSetBit(i + 1)) {
            float share = (float) (weights[i] / total);
            float[] d = deltas.get(i).values();
            for (int k = 0; k < out.length; k++) {
                out[k] += share * d[k];
            }
        }
        return global.withValues(out);
    }
}
