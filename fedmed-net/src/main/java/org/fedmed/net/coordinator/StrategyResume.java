package org.fedmed.net.coordinator;

import java.io.PrintStream;
import org.fedmed.core.strategy.StatefulStrategy;
import org.fedmed.core.strategy.Strategy;
import org.fedmed.net.store.RunStore;

/** A resumed strategy's server state (momentum, moments, SCAFFOLD's c), from the checkpoint it resumes from. */
public final class StrategyResume {

    private StrategyResume() {
    }

    /**
     * Gives a resumed strategy the server state stored with the checkpoint it resumes from, so the
     * resumed rounds are exactly those of an uninterrupted run. Only a store written before strategy
     * state was persisted lacks it; then the state restarts from zero and a warning says so.
     */
    public static void restore(Strategy strategy, RunStore.Checkpoint cp, PrintStream progress) {
        if (!(strategy instanceof StatefulStrategy stateful) || cp.round() == 0) {
            return;
        }
        if (cp.strategyState() == null) {
            progress.println("warning: the run store holds no " + strategy.name() + " server state (momentum / moments) for round "
                    + cp.round() + " (written by an older FedMed?); it restarts from zero, so resumed rounds differ from an"
                    + " uninterrupted run");
            return;
        }
        var state = cp.strategyState();
        for (String name : state.names()) {
            if (state.array(name).length != cp.weights().size()) {
                throw new IllegalStateException("run store: " + strategy.name() + " state '" + name + "' has " + state.array(name).length
                        + " values but the model has " + cp.weights().size());
            }
        }
        stateful.restoreState(state);
        progress.println("restored the " + strategy.name() + " server state of round " + cp.round() + " (" + state + ")");
    }
}
