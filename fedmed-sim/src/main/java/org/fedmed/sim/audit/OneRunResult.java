package org.fedmed.sim.audit;

/**
 * What a one-run audit found.
 *
 * @param canaries          examples whose membership was decided by a coin
 * @param included          how many of them stayed in the training data
 * @param guesses           how many the auditor guessed (the rest it abstained on)
 * @param correct           right guesses
 * @param epsilonLowerBound the ε the training cannot be below, at {@code confidence} (Steinke et al. 2023)
 * @param confidence        the bound's confidence
 */
public record OneRunResult(int canaries, int included, int guesses, int correct, double epsilonLowerBound, double confidence) {
}
