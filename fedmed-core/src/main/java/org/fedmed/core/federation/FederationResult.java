package org.fedmed.core.federation;

import java.util.List;
import org.fedmed.core.model.ModelWeights;

/** The final global model and the history of rounds that produced it. */
public record FederationResult(ModelWeights finalWeights, List<RoundResult> rounds) {

    public RoundResult lastRound() {
        return rounds.get(rounds.size() - 1);
    }
}
