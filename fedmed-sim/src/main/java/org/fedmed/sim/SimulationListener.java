package org.fedmed.sim;

import java.util.Map;
import org.fedmed.core.federation.RoundListener;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;

/** Progress of a simulation: data prepared, each federated round, each baseline. */
public interface SimulationListener extends RoundListener {

    default void phase(String message) {
    }

    @Override
    default void roundFinished(RoundResult result) {
    }

    /** Client-level privacy spent so far, after each round of a DP study. */
    default void privacySpent(int round, double epsilon, double delta) {
    }

    /**
     * Sample-level privacy after each round of a DP-SGD study: each site's ε so far (sites that have
     * trained) and the study's, the largest of them.
     */
    default void sitePrivacySpent(int round, Map<String, Double> epsilonBySite, double studyEpsilon, double delta) {
    }

    default void baselineFinished(String name, EvaluationResult onGlobalTest, double seconds) {
    }

    SimulationListener SILENT = new SimulationListener() {
    };
}
