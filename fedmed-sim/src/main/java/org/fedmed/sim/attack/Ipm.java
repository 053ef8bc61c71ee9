package org.fedmed.sim.attack;

import org.fedmed.core.model.ModelWeights;

/**
 * Inner-product manipulation (Xie et al. 2020): every malicious site sends −ε times the mean of the
 * honest deltas the group can compute (their own). For a large enough share of attackers the
 * aggregate's inner product with the true direction turns negative, and robust rules that keep
 * updates near the crowd keep these too.
 */
public record Ipm(double epsilon) implements Attack {

    public static final double DEFAULT_EPSILON = 0.5;

    @Override
    public double parameter() {
        return epsilon;
    }

    @Override
    public String name() {
        return "ipm";
    }

    @Override
    public boolean needsGroup() {
        return true;
    }

    @Override
    public ModelWeights craft(AttackRound round) {
        var group = round.group().get();
        float[] out = new float[round.global().size()];
        for (ModelWeights g : group) {
            float[] v = g.values();
            for (int i = 0; i < out.length; i++) {
                out[i] += v[i];
            }
        }
        double f = -epsilon / group.size();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (f * out[i]);
        }
        return round.global().withValues(out);
    }
}
