package org.fedmed.core.privacy.accounting;

import java.io.Serializable;

/**
 * One homogeneous stretch of training recorded by an accountant: {@code steps} applications of the
 * sampled Gaussian mechanism with sampling rate q and noise multiplier σ. A noise schedule over
 * rounds is simply several entries with different σ (and q).
 */
public record LedgerEntry(double samplingRate, double noiseMultiplier, long steps) implements Serializable {

    public LedgerEntry {
        Checks.samplingRate(samplingRate);
        Checks.noiseMultiplier(noiseMultiplier);
        Checks.steps(steps);
    }
}
