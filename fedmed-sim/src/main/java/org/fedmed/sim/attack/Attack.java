package org.fedmed.sim.attack;

import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;

/**
 * What a malicious simulated site does differently from an honest one: it may train on changed data
 * ({@link #poison}) and it may send another update than the one it trained ({@link #craft}). Updates
 * are handled as deltas from the round's global model, whatever form the site sends them in.
 */
public interface Attack {

    /** The attack's name as the study key spells it. */
    String name();

    /** The parameter in effect (the study's or the attack's default), NaN for an attack without one. */
    double parameter();

    /** The data a malicious site trains on; its own by default. */
    default LabeledSamples poison(LabeledSamples train) {
        return train;
    }

    /** The delta a malicious site sends instead of {@code round.honestDelta()}. */
    ModelWeights craft(AttackRound round);

    /** Whether {@link #craft} reads the group's honest deltas (then every member trains honestly first). */
    default boolean needsGroup() {
        return false;
    }

    /** {@code delta} times {@code s}, a new instance. */
    static ModelWeights scaled(ModelWeights delta, double s) {
        float[] v = delta.values();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (s * v[i]);
        }
        return delta.withValues(out);
    }
}
