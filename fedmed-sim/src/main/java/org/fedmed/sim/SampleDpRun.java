package org.fedmed.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.RoundListener;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.PrivacySpent;
import org.fedmed.core.privacy.budget.BudgetPolicy;
import org.fedmed.core.privacy.budget.BudgetedSite;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.study.SampleDpSpec;

/**
 * The sample-level DP side of one simulated study: wraps every site in a {@link BudgetedSite} over a
 * shared ledger (each site accounts under its own key), and after each round tells the listener
 * each site's ε and collects the rows of the report.
 */
final class SampleDpRun implements RoundListener {

    private final SampleDpSpec.Plan plan;
    private final int roundsPlanned;
    private final SimulationListener listener;
    private final PrivacyLedger ledger = new PrivacyLedger();
    private final BudgetPolicy budget;
    private final Map<String, BudgetedSite> sites = new LinkedHashMap<>();
    private final Map<String, Integer> roundsTrained = new LinkedHashMap<>();
    private final List<PrivacyReport.Round> rounds = new ArrayList<>();

    SampleDpRun(SampleDpSpec.Plan plan, int roundsPlanned, SimulationListener listener) {
        this.plan = plan;
        this.roundsPlanned = roundsPlanned;
        this.listener = listener;
        SampleDpSpec s = plan.spec();
        this.budget = Double.isNaN(s.epsilonBudget()) ? null : new BudgetPolicy(s.epsilonBudget(), s.delta(), Conversion.IMPROVED);
    }

    /** The sites' ledger: later releases (explanations) are booked in it too. */
    PrivacyLedger ledger() {
        return ledger;
    }

    DpSgd dpSgd() {
        return plan.dpSgd();
    }

    /**
     * DP-SGD for a baseline trained on {@code data} alone (pooled, or one site's) over the whole study:
     * its own noise multiplier for the same per-site budget (or the study's σ when that is given), and
     * class weights from noisy counts when balancing, as a site would, so baselines compare at equal ε.
     */
    DpSgd baselineDpSgd(LabeledSamples data, TrainingConfig training, String who) {
        SampleDpSpec s = plan.spec();
        double sigma = plan.calibrated()
                ? s.calibratedNoise(data.size(), roundsPlanned, training.localEpochs(), training.batchSize(), training.balanceClasses())
                : s.noiseMultiplier();
        DpSgd dp = plan.dpSgd().withNoiseMultiplier(sigma);
        if (!training.balanceClasses()) {
            return dp;
        }
        GaussianNoise noise = s.seededNoise() ? GaussianNoise.seeded(Seeds.salted(training.seed(), who.hashCode())) : GaussianNoise.secure();
        return dp.withClassWeights(BudgetedSite.noisyCounts(data.labelCounts(), noise));
    }

    /** One line for the progress output: the settings and what each site will spend. */
    String describe() {
        SampleDpSpec s = plan.spec();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "sample-level DP (DP-SGD): clip norm %.4g, %s, delta %.1e%s%s", s.clipNorm(),
                plan.perSiteNoise() ? "each site's noise multiplier calibrated to its budget"
                        : String.format(Locale.ROOT, "noise multiplier %.4g", s.noiseMultiplier()), s.delta(), budget == null ? "" : String.format(Locale.ROOT, ", budget epsilon %.4g per site",
                        s.epsilonBudget()), s.seededNoise() ? " [SEEDED NOISE: reproducible, not private]" : ""));
        plan.sites().forEach((site, p) -> b.append(String.format(Locale.ROOT, "%n          %s: %d examples, q=%.4g, %d steps/round, "
                + "noise multiplier %.4g, epsilon %.4g after all rounds%s", site, p.trainingExamples(), p.samplingRate(),
                p.stepsPerRound(), p.noiseMultiplier(),
                p.epsilonAfterAllRounds(), budget != null && p.affordableRounds() < roundsPlanned ? " - budget affords "
                        + p.affordableRounds() + " rounds" : "")));
        return b.toString();
    }

    SiteClient wrap(SiteClient site, long[] classCounts) {
        BudgetedSite b = new BudgetedSite(site, classCounts, ledger, plan.spec().delta(), budget,
                plan.sites().get(site.siteId()).noiseMultiplier());
        sites.put(site.siteId(), b);
        roundsTrained.put(site.siteId(), 0);
        return b;
    }

    @Override
    public void roundFinished(RoundResult r) {
        for (String p : r.participants()) {
            roundsTrained.merge(p, 1, Integer::sum);
        }
        Map<String, Double> eps = new LinkedHashMap<>();
        for (Map.Entry<String, PrivacySpent> e : ledger.siteSpending(plan.spec().delta(), Conversion.IMPROVED).entrySet()) {
            eps.put(e.getKey(), e.getValue().epsilon());
        }
        double study = eps.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        rounds.add(new PrivacyReport.Round(r.round(), Double.NaN, plan.spec().noiseMultiplier(), plan.spec().clipNorm(),
                r.participants().size(), study, eps));
        listener.sitePrivacySpent(r.round(), eps, study, plan.spec().delta());
    }

    PrivacyReport report() {
        Map<String, PrivacyReport.Site> out = new LinkedHashMap<>();
        plan.sites().forEach((site, p) -> out.put(site, new PrivacyReport.Site(p.trainingExamples(), p.samplingRate(),
                p.stepsPerRound(), p.noiseMultiplier(), roundsTrained.getOrDefault(site, 0),
                ledger.siteSpent(site, plan.spec().delta(), Conversion.IMPROVED).epsilon(), sites.get(site).budgetReached())));
        SampleDpSpec s = plan.spec();
        String mechanism = String.format(Locale.ROOT, "DP-SGD (Poisson sampling, per-example clipping C=%s, %s)%s%s",
                s.clipNorm(), plan.perSiteNoise() ? "noise multiplier per site" : "noise multiplier " + s.noiseMultiplier(), budget == null ? "" : String.format(Locale.ROOT,
                ", budget epsilon %.4g per site", s.epsilonBudget()), s.seededNoise() ? ", SEEDED NOISE (not private)" : "");
        return new PrivacyReport(PrivacyReport.SAMPLE, mechanism, s.delta(), Conversion.IMPROVED, rounds, out);
    }
}
