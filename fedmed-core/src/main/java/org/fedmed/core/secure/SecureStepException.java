package org.fedmed.core.secure;

/**
 * A SecAgg+ message or round that cannot go on: a refused message (bad signature, replay, wrong
 * step, tampered share) names the site and the step; an abort (too few sites left) names the step
 * and the counts. Messages never contain secrets.
 */
public final class SecureStepException extends RuntimeException {

    private final String step;

    public SecureStepException(String step, String message) {
        super(message);
        this.step = step;
    }

    /** The protocol step the problem was found at (advertise_keys, share_keys, masked_input, consistency, unmask, reconstruct). */
    public String step() {
        return step;
    }
}
