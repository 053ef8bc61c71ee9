package org.fedmed.core.privacy.accounting;

import java.io.Serializable;

/**
 * One homogeneous stretch of training recorded by an accountant: {@code steps} applications of one
 * mechanism. For the sampled Gaussian mechanism ({@link #SAMPLED_GAUSSIAN}) the entry holds its
 * sampling rate q and noise multiplier σ, and a noise schedule over rounds is simply several entries
 * with different σ (and q). Any other mechanism is recorded by its RDP curve ({@link
 * RdpAccountant#recordCurve}); its entry then carries the mechanism's self-describing name (for
 * example {@code skellam(l1=…,l2=…,mu=…)}) and NaN for q and σ, which do not apply to it.
 *
 * @param samplingRate    q in [0, 1] for the sampled Gaussian; NaN for a mechanism recorded by its curve
 * @param noiseMultiplier σ &gt; 0 for the sampled Gaussian; NaN for a mechanism recorded by its curve
 * @param steps           how many times the mechanism ran (≥ 0)
 * @param mechanism       {@link #SAMPLED_GAUSSIAN}, or a curve mechanism's name: non-blank, without
 *                        whitespace (it is one token of the ledger's text form)
 */
public record LedgerEntry(double samplingRate, double noiseMultiplier, long steps, String mechanism)
        implements Serializable {

    /** The mechanism of every entry made by {@link RdpAccountant#record(double, double, long)}. */
    public static final String SAMPLED_GAUSSIAN = "sampled-gaussian";

    public LedgerEntry {
        if (mechanism == null) {
            // Entries serialized before the field existed were all sampled-Gaussian ones.
            mechanism = SAMPLED_GAUSSIAN;
        }
        Checks.steps(steps);
        if (mechanism.equals(SAMPLED_GAUSSIAN)) {
            Checks.samplingRate(samplingRate);
            Checks.noiseMultiplier(noiseMultiplier);
        } else {
            if (mechanism.isBlank() || mechanism.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("mechanism name must be non-blank and without whitespace, got '"
                        + mechanism + "'");
            }
            if (!Double.isNaN(samplingRate) || !Double.isNaN(noiseMultiplier)) {
                throw new IllegalArgumentException("an entry of mechanism " + mechanism
                        + " is recorded by its RDP curve and has no sampling rate or noise multiplier");
            }
        }
    }

    /** A sampled-Gaussian entry: {@code steps} steps at rate q with multiplier σ. */
    public LedgerEntry(double samplingRate, double noiseMultiplier, long steps) {
        this(samplingRate, noiseMultiplier, steps, SAMPLED_GAUSSIAN);
    }

    /** The entry of a mechanism recorded by its RDP curve. */
    public static LedgerEntry curve(String mechanism, long steps) {
        if (mechanism == null || mechanism.equals(SAMPLED_GAUSSIAN)) {
            throw new IllegalArgumentException("a curve entry needs its own mechanism name, got " + mechanism);
        }
        return new LedgerEntry(Double.NaN, Double.NaN, steps, mechanism);
    }

    /** Whether this entry is a sampled-Gaussian one, so q and σ are meaningful. */
    public boolean sampledGaussian() {
        return SAMPLED_GAUSSIAN.equals(mechanism);
    }
}
