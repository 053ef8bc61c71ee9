package org.fedmed.sim.explain;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.fedmed.core.explain.ShapRelease;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.Release;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.study.ExplainSpec;

/**
 * How a site's mean |SHAP| leaves it: in clear (a study without DP), or clipped and noised under the
 * study's DP and booked. Sample level protects one record: the rows are a Poisson sample at rate q,
 * noise σC goes on the sum of their clipped rows, which is divided by the expected count qn, and the
 * release is booked in the site's own ledger as an {@value #KIND} release (a sampled Gaussian
 * (q, σ, 1 step), so the site's reported ε includes it). Client level protects a whole site: noise σC on the site's mean (whose norm the clipping
 * bounds by C), composed with the coordinator's client-level accountant for the site's total.
 */
public final class ExplanationBudget {

    /** The ledger's name for an explanation release. */
    public static final String KIND = "explanation";

    private final String level;
    private final ExplainSpec spec;
    private final int rows;
    private final double delta;
    private final boolean seeded;
    private final long seed;
    private final PrivacyLedger siteLedger;
    private final int round;
    private final RdpAccountant clientLevel;
    private final Map<String, Double> explanationEpsilon = new LinkedHashMap<>();
    private final Map<String, Double> totalEpsilon = new LinkedHashMap<>();

    private ExplanationBudget(String level, ExplainSpec spec, int rows, double delta, boolean seeded, long seed, PrivacyLedger siteLedger,
                              int round, RdpAccountant clientLevel) {
        this.level = level;
        this.spec = spec;
        this.rows = rows;
        this.delta = delta;
        this.seeded = seeded;
        this.seed = seed;
        this.siteLedger = siteLedger;
        this.round = round;
        this.clientLevel = clientLevel;
    }

    /** No DP in the study: the means are released in clear. */
    public static ExplanationBudget clear(ExplainSpec spec, long seed) {
        return new ExplanationBudget(null, spec, spec.rows(), Double.NaN, false, seed, null, 0, null);
    }

    /** Sample-level DP: each site books its release in {@code ledger} (the sites' DP-SGD ledger), after {@code round}. */
    public static ExplanationBudget sampleLevel(ExplainSpec spec, PrivacyLedger ledger, int round, double delta, boolean seeded,
                                                long seed) {
        return new ExplanationBudget("sample", spec, spec.rows(), delta, seeded, seed, ledger, round, null);
    }

    /** Client-level DP: {@code clientLevel} is the coordinator's accountant after training (a copy; not changed). */
    public static ExplanationBudget clientLevel(ExplainSpec spec, RdpAccountant clientLevel, double delta, boolean seeded, long seed) {
        return new ExplanationBudget("client", spec, spec.rows(), delta, seeded, seed, null, 0, clientLevel.copy());
    }

    public boolean isPrivate() {
        return level != null;
    }

    /**
     * Which of a site's {@code n} rows it explains. Record level: each row independently with
     * probability q = min(1, rows / n), so one record's presence changes nothing else (and the
     * release enjoys the sampling's amplification); otherwise the first {@code rows} of a seeded shuffle.
     */
    int[] select(String site, int n) {
        Random random = seeded || !isPrivate() ? new Random(Seeds.salted(seed, site.hashCode())) : GaussianNoise.drbg();
        if (!recordLevel()) {
            return Arrays.copyOf(Shuffle.permutation(n, random), Math.min(n, rows));
        }
        double q = samplingRate(n);
        return IntStream.range(0, n).filter(i -> random.nextDouble() < q).toArray();
    }

    /** The row count a site reports: the drawn one, or under record-level DP the expected one (the draw stays secret). */
    int reportedRows(int n, int drawn) {
        return recordLevel() ? Math.min(rows, n) : drawn;
    }

    private boolean recordLevel() {
        return siteLedger != null;
    }

    private double samplingRate(int n) {
        return Math.min(1.0, rows / (double) n);
    }

    /** The site's mean |φ| over the {@code selected} of its {@code n} rows as it leaves the site, with its cost booked first. */
    double[] release(String site, List<double[]> shap, int features, int n) {
        if (!isPrivate()) {
            return ShapRelease.meanAbs(shap);
        }
        GaussianNoise noise = seeded ? GaussianNoise.seeded(Seeds.salted(seed, site.hashCode() + 1L)) : GaussianNoise.secure();
        double sigma = spec.noiseMultiplier();
        if (recordLevel()) {
            double q = samplingRate(n);
            Release release = new Release(KIND, round, q, sigma, 1);
            explanationEpsilon.put(site, new RdpAccountant().record(q, sigma, 1).spent(delta, Conversion.IMPROVED).epsilon());
            siteLedger.record(site, release);
            totalEpsilon.put(site, siteLedger.siteSpent(site, delta, Conversion.IMPROVED).epsilon());
            double[] sum = ShapRelease.noisySumAbs(shap, features, spec.clip(), sigma, noise);
            for (int j = 0; j < features; j++) {
                sum[j] /= q * n;
            }
            return sum;
        }
        explanationEpsilon.put(site, new RdpAccountant().record(1.0, sigma, 1).spent(delta, Conversion.IMPROVED).epsilon());
        totalEpsilon.put(site, clientLevel.copy().record(1.0, sigma, 1).spent(delta, Conversion.IMPROVED).epsilon());
        return ShapRelease.siteLevelNoisyMeanAbs(shap, spec.clip(), sigma, noise);
    }

    /** The settings and what each site spent, or null in clear. */
    ExplanationDp describe() {
        return isPrivate() ? new ExplanationDp(level, spec.clip(), spec.noiseMultiplier(), delta, explanationEpsilon, totalEpsilon, seeded)
                : null;
    }
}
