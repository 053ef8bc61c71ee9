package org.fedmed.sim.attack;

import org.fedmed.core.model.ModelWeights;

/** An attack on the labels alone: the site trains honestly on its poisoned data and sends what it trained. */
interface LabelAttack extends Attack {

    @Override
    default double parameter() {
        return Double.NaN;
    }

    @Override
    default ModelWeights craft(AttackRound round) {
        return round.honestDelta();
    }
}
