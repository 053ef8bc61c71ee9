package org.fedmed.sim;

import org.fedmed.core.federation.EvaluationResult;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.federation.RoundListener;

/** Progress of a simulation: data prepared, each federated round, each baseline. */
public interface SimulationListener extends RoundListener {

    default void phase(String message) {
    }

    @Override
    default void roundFinished(RoundResult result) {
    }

    default void baselineFinished(String name, EvaluationResult onGlobalTest, double seconds) {
    }

    SimulationListener SILENT = new SimulationListener() {
    };
}
