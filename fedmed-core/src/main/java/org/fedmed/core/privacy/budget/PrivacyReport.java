package org.fedmed.core.privacy.budget;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.privacy.accounting.Conversion;

/**
 * The privacy of a run, round by round, for reports: the level ({@link #CLIENT}: each hospital's
 * whole contribution is protected; {@link #SAMPLE}: each patient record is, by DP-SGD at its site),
 * the mechanism, the δ, and after each round the ε spent. For sample-level DP every site has its
 * own ε (its own data size and so its own sampling rate); the study's ε is the largest of them,
 * since a patient's records live at one site.
 *
 * @param sites per site (sample level only): data size, rate, steps and final ε
 */
public record PrivacyReport(String level, String mechanism, double delta, Conversion conversion, List<Round> rounds,
                            Map<String, Site> sites) {

    public static final String CLIENT = "client";
    public static final String SAMPLE = "sample";

    /**
     * One round. {@code clipNorm} is the global C (the root of Σ C_i² for per-layer clipping);
     * {@code samplingRate} is NaN at sample level, where each site has its own.
     *
     * @param epsilon     the study's cumulative ε after the round
     * @param siteEpsilon sample level: each site's cumulative ε (sites that have trained so far)
     */
    public record Round(int round, double samplingRate, double noiseMultiplier, double clipNorm,
                        int participants, double epsilon, Map<String, Double> siteEpsilon) {
        public Round {
            siteEpsilon = Map.copyOf(siteEpsilon);
        }

        /** A client-level round. */
        public Round(int round, double samplingRate, double noiseMultiplier, double clipNorm, int participants, double epsilon) {
            this(round, samplingRate, noiseMultiplier, clipNorm, participants, epsilon, Map.of());
        }
    }

    /**
     * A site under sample-level DP.
     *
     * @param budgetReached whether the site refused a round because it would have exceeded its budget
     */
    public record Site(int trainingExamples, double samplingRate, long stepsPerRound, double noiseMultiplier,
                       int roundsTrained, double epsilon, boolean budgetReached) {
    }

    public PrivacyReport {
        rounds = List.copyOf(rounds);
        sites = Collections.unmodifiableMap(new LinkedHashMap<>(sites));
    }

    /** A client-level report. */
    public PrivacyReport(String mechanism, double delta, Conversion conversion, List<Round> rounds) {
        this(CLIENT, mechanism, delta, conversion, rounds, Map.of());
    }

    /** ε after the last round (0 before any). */
    public double finalEpsilon() {
        return rounds.isEmpty() ? 0.0 : rounds.get(rounds.size() - 1).epsilon();
    }

    /** A small plain-text table. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s-level DP: %s, delta=%s, conversion=%s%n", level, mechanism, delta,
                conversion.name().toLowerCase(Locale.ROOT)));
        out.append(String.format(Locale.ROOT, "%6s %10s %10s %10s %6s %10s%n", "round", "q", "sigma", "clip", "sites",
                "epsilon"));
        for (Round r : rounds) {
            out.append(String.format(Locale.ROOT, "%6d %10.4g %10.4g %10.4g %6d %10.4g%n", r.round(), r.samplingRate(),
                    r.noiseMultiplier(), r.clipNorm(), r.participants(), r.epsilon()));
        }
        sites.forEach((name, s) -> out.append(String.format(Locale.ROOT,
                "site %s: %d examples, q=%.4g, %d steps/round, sigma=%.4g, %d rounds trained, epsilon=%.4g%s%n", name,
                s.trainingExamples(), s.samplingRate(), s.stepsPerRound(), s.noiseMultiplier(), s.roundsTrained(), s.epsilon(), s.budgetReached() ? " (budget reached)" : "")));
        return out.toString();
    }
}
