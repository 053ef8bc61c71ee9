package org.fedmed.core.trail;

/**
 * One finding of a verification: which chain ("coordinator" or "node site-1"), the entry number
 * (0 when it concerns the chain as a whole) and why.
 */
public record Problem(String chain, long seq, String reason) {

    @Override
    public String toString() {
        return chain + (seq > 0 ? " entry " + seq : "") + ": " + reason;
    }
}
