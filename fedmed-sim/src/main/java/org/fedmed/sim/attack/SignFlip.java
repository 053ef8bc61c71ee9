package org.fedmed.sim.attack;

import org.fedmed.core.model.ModelWeights;

/** Sign flipping and scaling: sends global − s·(trained − global), pushing the mean away from the honest direction. */
public record SignFlip(double s) implements Attack {

    public static final double DEFAULT_S = 10;

    @Override
    public double parameter() {
        return s;
    }

    @Override
    public String name() {
        return "sign_flip";
    }

    @Override
    public ModelWeights craft(AttackRound round) {
        return Attack.scaled(round.honestDelta(), -s);
    }
}
