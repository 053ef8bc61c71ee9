package org.fedmed.core.strategy;

/**
 * A strategy that keeps server-side optimizer state between rounds (FedAvgM's velocity, the FedOpt
 * family's moments m and v). A coordinator that stores {@link #saveState()} with each round's
 * checkpoint and calls {@link #restoreState} on a fresh strategy before resuming gets exactly the
 * rounds an uninterrupted run would have produced.
 */
public interface StatefulStrategy extends Strategy {

    /** A deep copy of the state after the last aggregated round (empty before the first one). */
    StrategyState saveState();

    /**
     * Replaces the state with {@code state} (copied). Refuses a state of another strategy or with
     * unexpected arrays, so a store never silently feeds FedYogi the moments of FedAdam.
     */
    void restoreState(StrategyState state);
}
