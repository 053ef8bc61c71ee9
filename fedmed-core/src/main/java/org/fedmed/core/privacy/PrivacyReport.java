package org.fedmed.core.privacy;

import java.util.List;
import java.util.Locale;

/**
 * Client-level privacy of a run, round by round, for reports: the mechanism, the δ, and after each
 * round the sampling rate, the noise multiplier accounted, the clip norm used, the number of
 * participants and the cumulative ε.
 */
public record PrivacyReport(String mechanism, double delta, Conversion conversion, List<Round> rounds) {

    /** One aggregation. {@code clipNorm} is the global C (the root of Σ C_i² for per-layer clipping). */
    public record Round(int round, double samplingRate, double noiseMultiplier, double clipNorm,
                        int participants, double epsilon) {
    }

    public PrivacyReport {
        rounds = List.copyOf(rounds);
    }

    /** ε after the last round (0 before any). */
    public double finalEpsilon() {
        return rounds.isEmpty() ? 0.0 : rounds.get(rounds.size() - 1).epsilon();
    }

    /** A small plain-text table. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "client-level DP: %s, delta=%s, conversion=%s%n", mechanism, delta,
                conversion.name().toLowerCase(Locale.ROOT)));
        out.append(String.format(Locale.ROOT, "%6s %10s %10s %10s %6s %10s%n", "round", "q", "sigma", "clip", "sites",
                "epsilon"));
        for (Round r : rounds) {
            out.append(String.format(Locale.ROOT, "%6d %10.4g %10.4g %10.4g %6d %10.4g%n", r.round(), r.samplingRate(),
                    r.noiseMultiplier(), r.clipNorm(), r.participants(), r.epsilon()));
        }
        return out.toString();
    }
}
