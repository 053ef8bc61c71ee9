package org.fedmed.core.privacy.accounting;

/**
 * Streaming log-sum-exp: accumulates log(Σ e^{t_i}) without ever forming e^{t_i}, which would
 * overflow for the e^{(k²−k)/(2σ²)} factors of the RDP series when σ is small. The running value
 * is kept as max + log(scaled sum), rescaling whenever a larger term arrives.
 */
final class LogSum {

    private double max = Double.NEGATIVE_INFINITY;
    private double scaled; // Σ e^{t_i − max}

    void add(double logTerm) {
        if (logTerm == Double.NEGATIVE_INFINITY) {
            return;
        }
        if (logTerm > max) {
            scaled = scaled * Math.exp(max - logTerm) + 1.0;
            max = logTerm;
        } else {
            scaled += Math.exp(logTerm - max);
        }
    }

    /** log of the sum so far; −∞ for an empty (zero) sum. */
    double value() {
        return max == Double.NEGATIVE_INFINITY ? max : max + Math.log(scaled);
    }
}
