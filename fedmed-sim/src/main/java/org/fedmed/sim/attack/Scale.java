package org.fedmed.sim.attack;

import org.fedmed.core.model.ModelWeights;

/**
 * Model replacement (Bagdasaryan et al. 2020): sends global + s·(trained − global). With s about the
 * number of sites, a plain mean of n updates lands near the attacker's own model.
 */
public record Scale(double s) implements Attack {

    @Override
    public double parameter() {
        return s;
    }

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public ModelWeights craft(AttackRound round) {
        return Attack.scaled(round.honestDelta(), s);
    }
}
