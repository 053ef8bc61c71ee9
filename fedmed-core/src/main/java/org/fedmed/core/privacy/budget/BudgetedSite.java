package org.fedmed.core.privacy.budget;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.fedmed.core.aggregate.ClipStage;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.LedgerEntry;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.ControlVariate;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.TrainingConfig;

/**
 * A site that guards its own patients under sample-level DP: it trains only with DP-SGD, accounts
 * every round it trains in its {@link PrivacyLedger} (q = its Poisson rate, σ, steps = epochs ×
 * steps per epoch, exactly as its trainer runs them), reports the ε spent so far with each update
 * ({@link #EPSILON}, an aggregate) and no other metric (a training loss or validation score computed
 * without noise would leak what DP-SGD protects; the sample count is treated as public, as the
 * accountant's sampling rate already is), and refuses a round that would take it past its budget: the
 * round then goes on without it (the coordinator records the refusal). When the study balances
 * classes, the site releases its class counts once through a Gaussian mechanism
 * ({@link DpSgd#CLASS_COUNT_NOISE}, accounted like any step) and trains with weights from those noisy
 * counts, never from the exact labels. The check sits at the site,
 * not at the coordinator, because the hospital owns the budget and knows its own data size; the
 * same wrapper runs in simulation and around a deployed node's local site.
 */
public final class BudgetedSite implements SiteClient {

    /** Metric key: ε this site has spent, after the round, at the ledger's δ. */
    public static final String EPSILON = "dp_epsilon";

    /** Thrown when the next round would exceed the budget; the message says by how much. */
    public static final class BudgetExhaustedException extends PrivacyRefusal {
        private static final long serialVersionUID = 1L;

        BudgetExhaustedException(String message) {
            super(message);
        }
    }

    private final SiteClient inner;
    private final long[] classCounts;
    private final int trainingExamples;
    private final PrivacyLedger ledger;
    private final double delta;
    private final BudgetPolicy budget;
    private final double ownNoiseMultiplier;
    private volatile boolean budgetReached;
    private double[] noisyClassCounts; // released once, when a round first balances classes

    /**
     * @param inner            the site that trains
     * @param classCounts      its training examples per class (exact; they never leave the site)
     * @param ledger           where this site's spending is recorded (may be shared; keyed by site id)
     * @param delta            δ at which ε is reported (the budget's δ when there is one)
     * @param budget           the site's budget, or null to account without a limit
     * @param ownNoiseMultiplier the σ this site trains with whatever the round asks (e.g. calibrated to
     *                         its own budget and data size), or NaN to use the round's
     */
    public BudgetedSite(SiteClient inner, long[] classCounts, PrivacyLedger ledger, double delta, BudgetPolicy budget,
                        double ownNoiseMultiplier) {
        this.inner = Objects.requireNonNull(inner, "site");
        this.classCounts = classCounts.clone();
        this.trainingExamples = Math.toIntExact(Arrays.stream(classCounts).sum());
        if (trainingExamples <= 0) {
            throw new IllegalArgumentException("site " + inner.siteId() + " has no training examples");
        }
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.delta = Checks.delta(budget != null ? budget.delta() : delta);
        this.budget = budget;
        if (!Double.isNaN(ownNoiseMultiplier)) {
            Checks.noiseMultiplier(ownNoiseMultiplier);
        }
        this.ownNoiseMultiplier = ownNoiseMultiplier;
    }

    /** Accounting without a budget, with the round's σ. */
    public BudgetedSite(SiteClient inner, long[] classCounts, PrivacyLedger ledger, double delta) {
        this(inner, classCounts, ledger, delta, null, Double.NaN);
    }

    @Override
    public String siteId() {
        return inner.siteId();
    }

    @Override
    public ControlVariate controlVariate() {
        return inner.controlVariate();
    }

    /** The sampling rate, noise multiplier (this site's own, if it has one) and steps one round of {@code config} costs here. */
    public LedgerEntry costOf(TrainingConfig config) {
        double sigma = Double.isNaN(ownNoiseMultiplier) ? config.dpSgd().noiseMultiplier() : ownNoiseMultiplier;
        long steps = (long) config.localEpochs() * DpSgd.stepsPerEpoch(trainingExamples, config.batchSize());
        return new LedgerEntry(DpSgd.samplingRate(trainingExamples, config.batchSize()), sigma, steps);
    }

    /**
     * Records in {@code acc} the one-time release of noisy class counts (a Gaussian mechanism of
     * sensitivity 1 at {@link DpSgd#CLASS_COUNT_NOISE}) that a site balancing its classes makes.
     */
    public static RdpAccountant recordCountRelease(RdpAccountant acc) {
        return acc.record(1.0, DpSgd.CLASS_COUNT_NOISE, 1);
    }

    /** {@code counts}, each plus N(0, {@link DpSgd#CLASS_COUNT_NOISE}²): what a balancing site releases. */
    public static double[] noisyCounts(long[] counts, GaussianNoise noise) {
        double[] noisy = new double[counts.length];
        for (int c = 0; c < noisy.length; c++) {
            noisy[c] = counts[c] + noise.next(DpSgd.CLASS_COUNT_NOISE);
        }
        return noisy;
    }

    @Override
    public synchronized SiteUpdate fit(FitInstructions instructions) {
        TrainingConfig config = instructions.config();
        if (config.dpSgd() == null) {
            throw new IllegalStateException("site " + siteId() + " trains only with DP-SGD (its data is under a privacy "
                    + "budget), but round " + instructions.round() + " asked for non-private training");
        }
        LedgerEntry cost = costOf(config);
        DpSgd dp = config.dpSgd().withNoiseMultiplier(cost.noiseMultiplier());
        boolean releaseCounts = config.balanceClasses() && noisyClassCounts == null;
        RdpAccountant after = ledger.site(siteId()).copy();
        if (releaseCounts) {
            recordCountRelease(after);
        }
        after.record(cost.samplingRate(), cost.noiseMultiplier(), cost.steps());
        if (budget != null) {
            double now = ledger.siteSpent(siteId(), delta, Conversion.IMPROVED).epsilon();
            double then = after.spent(delta, Conversion.IMPROVED).epsilon();
            if (then > budget.epsilonBudget()) {
                budgetReached = true;
                throw new BudgetExhaustedException(String.format(Locale.ROOT,
                        "privacy budget reached: round %d would raise epsilon from %.4g to %.4g, above the site's budget "
                                + "%.4g (delta %.1e); the site no longer trains", instructions.round(), now, then,
                        budget.epsilonBudget(), delta));
            }
        }
        if (releaseCounts) {
            GaussianNoise noise = dp.seededNoise() ? GaussianNoise.seeded(Seeds.salted(config.seed(), 0x636F756E7473L)) : GaussianNoise.secure();
            noisyClassCounts = noisyCounts(classCounts, noise);
            ledger.record(siteId(), Release.once(Release.CLASS_COUNTS, instructions.round(), DpSgd.CLASS_COUNT_NOISE));
        }
        if (config.balanceClasses()) {
            dp = dp.withClassWeights(noisyClassCounts);
        }
        SiteUpdate update = inner.fit(instructions.withConfig(config.withDpSgd(dp)));
        ledger.record(siteId(), new Release(Release.FIT, instructions.round(), cost.samplingRate(), cost.noiseMultiplier(),
                cost.steps()));
        // only what DP covers leaves: the weights (or the delta of the round's site stages), the ε spent and
        // the clip bit a clip stage computed on that DP output. The training loss, a validation score or the
        // share of complete records are computed on the private data without noise, so they stay here.
        Map<String, Double> metrics = new HashMap<>();
        metrics.put(EPSILON, ledger.siteSpent(siteId(), delta, Conversion.IMPROVED).epsilon());
        Double clipBit = update.metrics().get(ClipStage.BELOW);
        if (clipBit != null) {
            metrics.put(ClipStage.BELOW, clipBit);
        }
        return new SiteUpdate(update.siteId(), update.round(), update.weights(), update.numSamples(), metrics, update.isDelta());
    }

    /**
     * Books {@code release} of {@code site} in {@code ledger} before it leaves, or refuses it (and
     * books nothing) when it would take the site's ε past {@code budget}.
     *
     * @param budget the site's budget, or null to account without a limit
     * @throws BudgetExhaustedException naming the release, the round, ε now and after, and the budget
     */
    public static void book(PrivacyLedger ledger, String site, BudgetPolicy budget, Release release) {
        synchronized (ledger) {
            if (budget != null) {
                RdpAccountant acc = ledger.site(site);
                double now = acc.spent(budget.delta(), Conversion.IMPROVED).epsilon();
                double then = acc.spentIfRecorded(release.samplingRate(), release.noiseMultiplier(), release.steps(), budget.delta(),
                        Conversion.IMPROVED).epsilon();
                if (then > budget.epsilonBudget()) {
                    throw new BudgetExhaustedException(String.format(Locale.ROOT,
                            "privacy budget reached: the %s release of round %d would raise epsilon from %.4g to %.4g, above the "
                                    + "site's budget %.4g (delta %.1e); not released", release.kind(), release.round(), now, then,
                            budget.epsilonBudget(), budget.delta()));
                }
            }
            ledger.record(site, release);
        }
    }

    /** The class counts this site released with noise (already accounted), or null before any balanced round. */
    public synchronized double[] releasedClassCounts() {
        return noisyClassCounts == null ? null : noisyClassCounts.clone();
    }

    /**
     * Reuses class counts this site released (and accounted in its ledger) earlier, e.g. before a
     * node restart, so they are not released, and paid for, again.
     */
    public synchronized void reuseReleasedClassCounts(double[] counts) {
        if (counts.length != classCounts.length) {
            throw new IllegalArgumentException("released counts for " + counts.length + " classes, the site has " + classCounts.length);
        }
        noisyClassCounts = counts.clone();
    }

    /** Whether this site has refused a round for its budget. */
    public boolean budgetReached() {
        return budgetReached;
    }

    @Override
    public SiteEvaluation evaluate(EvaluateInstructions instructions) {
        return inner.evaluate(instructions);
    }
}
