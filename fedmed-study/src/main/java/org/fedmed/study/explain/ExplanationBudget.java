package org.fedmed.study.explain;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.Release;
import org.fedmed.study.ExplainSpec;
import org.fedmed.study.StudySpec;

/**
 * How the sites' mean |SHAP| leave them in a simulation, and what that costs: in clear (a study
 * without DP), or clipped and noised under the study's DP ({@link org.fedmed.core.explain.SiteExplainer})
 * and booked first. Sample level protects one record: a Poisson sample at rate q, noise σC on the sum
 * of clipped rows, booked in the site's own ledger as an {@value #KIND} release (a sampled Gaussian
 * (q, σ, 1 step), so the site's reported ε includes it). Client level protects a whole site: noise σC
 * on the site's mean, composed with the coordinator's client-level accountant for the site's total.
 */
public final class ExplanationBudget {

    /** The ledger's name for an explanation release. */
    public static final String KIND = Release.EXPLANATION;

    private final ExplainRequest.Release release;
    private final ExplainSpec spec;
    private final double delta;
    private final boolean seeded;
    private final long seed;
    private final PrivacyLedger siteLedger;
    private final int round;
    private final RdpAccountant clientLevel;
    private final Map<String, Double> explanationEpsilon = new LinkedHashMap<>();
    private final Map<String, Double> totalEpsilon = new LinkedHashMap<>();

    private ExplanationBudget(ExplainRequest.Release release, ExplainSpec spec, double delta, boolean seeded, long seed,
                              PrivacyLedger siteLedger, int round, RdpAccountant clientLevel) {
        this.release = release;
        this.spec = spec;
        this.delta = delta;
        this.seeded = seeded;
        this.seed = seed;
        this.siteLedger = siteLedger;
        this.round = round;
        this.clientLevel = clientLevel;
    }

    /** No DP in the study: the means are released in clear. */
    public static ExplanationBudget clear(ExplainSpec spec, long seed) {
        return new ExplanationBudget(ExplainRequest.Release.CLEAR, spec, Double.NaN, false, seed, null, 0, null);
    }

    /** Sample-level DP: each site books its release in {@code ledger} (the sites' DP-SGD ledger), after {@code round}. */
    public static ExplanationBudget sampleLevel(ExplainSpec spec, PrivacyLedger ledger, int round, double delta, boolean seeded,
                                                long seed) {
        return new ExplanationBudget(ExplainRequest.Release.SAMPLE, spec, delta, seeded, seed, ledger, round, null);
    }

    /** Client-level DP: {@code clientLevel} is the coordinator's accountant after training (a copy; not changed). */
    public static ExplanationBudget clientLevel(ExplainSpec spec, RdpAccountant clientLevel, double delta, boolean seeded, long seed) {
        return new ExplanationBudget(ExplainRequest.Release.CLIENT, spec, delta, seeded, seed, null, 0, clientLevel.copy());
    }

    /**
     * The budget a study's own DP makes: sample level, booked in {@code sampleLedger} (the sites' DP-SGD ledger);
     * client level, composed with {@code clientLevel} (the coordinator's accountant after training); else clear.
     */
    public static ExplanationBudget of(StudySpec spec, PrivacyLedger sampleLedger, RdpAccountant clientLevel) {
        if (spec.sampleDp() != null) {
            return sampleLevel(spec.explain(), sampleLedger, spec.rounds(), spec.sampleDp().delta(), spec.sampleDp().seededNoise(),
                    spec.seed());
        }
        if (spec.clientDp() != null) {
            return clientLevel(spec.explain(), clientLevel, spec.clientDp().delta(), spec.clientDp().seededNoise(), spec.seed());
        }
        return clear(spec.explain(), spec.seed());
    }

    public boolean isPrivate() {
        return release != ExplainRequest.Release.CLEAR;
    }

    /** What every site is asked: explain {@code weights} under the study's settings. */
    public ExplainRequest request(ModelWeights weights) {
        return request(spec, release, round, weights, seeded, seed);
    }

    private static ExplainRequest request(ExplainSpec spec, ExplainRequest.Release release, int round, ModelWeights weights,
                                          boolean seeded, long seed) {
        return new ExplainRequest(round, weights, spec.rows(), spec.minRows(), release, spec.clip(), spec.noiseMultiplier(), seeded,
                seed);
    }

    /**
     * What a study with {@code explain} asks each site after its last round: released under the
     * study's own DP (sample level with DP-SGD, client level with client-level DP), else in clear.
     */
    public static ExplainRequest request(StudySpec spec, ModelWeights weights) {
        ExplainRequest.Release release = spec.sampleDp() != null ? ExplainRequest.Release.SAMPLE
                : spec.clientDp() != null ? ExplainRequest.Release.CLIENT : ExplainRequest.Release.CLEAR;
        boolean seeded = spec.sampleDp() != null ? spec.sampleDp().seededNoise() : spec.clientDp() != null && spec.clientDp().seededNoise();
        return request(spec.explain(), release, spec.rounds(), weights, seeded, spec.seed());
    }

    /** The study's δ under DP (NaN without). */
    public static double delta(StudySpec spec) {
        return spec.sampleDp() != null ? spec.sampleDp().delta() : spec.clientDp() != null ? spec.clientDp().delta() : Double.NaN;
    }

    /** ε at {@code delta} of one explanation release: a Gaussian of multiplier σ on a sample at rate q (1: every row or the site). */
    public static double epsilon(double q, double sigma, double delta) {
        return new RdpAccountant().record(q, sigma, 1).spent(delta, Conversion.IMPROVED).epsilon();
    }

    /** ε at {@code delta} of the client-level accounting after training ({@code clientLevel}, not changed) and one explanation at σ. */
    public static double clientLevelTotal(RdpAccountant clientLevel, double sigma, double delta) {
        return clientLevel.copy().record(1.0, sigma, 1).spent(delta, Conversion.IMPROVED).epsilon();
    }

    /** Books {@code site}'s release of {@code request} ({@code n} training rows) before it is computed. */
    void book(String site, ExplainRequest request, int n) {
        double sigma = request.noiseMultiplier();
        if (release == ExplainRequest.Release.SAMPLE) {
            double q = request.samplingRate(n);
            explanationEpsilon.put(site, epsilon(q, sigma, delta));
            siteLedger.record(site, new Release(KIND, round, q, sigma, 1));
            totalEpsilon.put(site, siteLedger.siteSpent(site, delta, Conversion.IMPROVED).epsilon());
        } else if (release == ExplainRequest.Release.CLIENT) {
            explanationEpsilon.put(site, epsilon(1.0, sigma, delta));
            totalEpsilon.put(site, clientLevelTotal(clientLevel, sigma, delta));
        }
    }

    /** The settings and what each site spent, or null in clear. */
    ExplanationDp describe() {
        return isPrivate() ? new ExplanationDp(release.id(), spec.clip(), spec.noiseMultiplier(), delta, explanationEpsilon, totalEpsilon,
                seeded) : null;
    }
}
