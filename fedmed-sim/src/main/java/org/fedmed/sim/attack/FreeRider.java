package org.fedmed.sim.attack;

import org.fedmed.core.model.ModelWeights;

/**
 * A free rider: sends the global model back (σ = 0) or with tiny N(0, σ²) noise so that it does not
 * look stale; it contributes nothing yet takes its share of the weight and gets the final model.
 */
public record FreeRider(double sigma) implements Attack {

    @Override
    public double parameter() {
        return sigma;
    }

    @Override
    public String name() {
        return "free_rider";
    }

    @Override
    public ModelWeights craft(AttackRound round) {
        return Gaussian.noise(round.global(), sigma, round.seed());
    }
}
