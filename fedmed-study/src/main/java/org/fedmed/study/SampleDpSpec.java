package org.fedmed.study;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.NoiseCalibration;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.budget.BudgetedSite;
import org.fedmed.core.training.DpSgd;

/**
 * Sample-level differential privacy for a study: every site trains with DP-SGD (per-example
 * clipping to {@code clipNorm}, Gaussian noise with multiplier σ, Poisson sampling) and keeps its
 * own ledger; with a budget each site stops training when its next round would exceed it.
 *
 * @param noiseMultiplier σ, or NaN to calibrate it to {@code epsilonBudget}
 * @param epsilonBudget   each site's budget at {@code delta}, or NaN for accounting without a limit
 * @param seededNoise     draw sampling and noise from the run seed (reproducible research; NOT private)
 */
public record SampleDpSpec(double clipNorm, double noiseMultiplier, double epsilonBudget, double delta, boolean seededNoise) {

    public SampleDpSpec {
        Checks.positive("DP clip norm", clipNorm);
        if (!Double.isNaN(epsilonBudget)) {
            Checks.positive("DP epsilon budget", epsilonBudget);
        }
        if (Double.isNaN(noiseMultiplier) && Double.isNaN(epsilonBudget)) {
            throw new IllegalArgumentException("sample-level DP needs a noise multiplier (--dp-noise) or a target epsilon "
                    + "(--dp-epsilon)");
        }
        if (!Double.isNaN(noiseMultiplier)) {
            Checks.positive("DP noise multiplier", noiseMultiplier);
        }
        Checks.openUnit("DP delta", delta);
    }

    /**
     * What one site will spend: its data size, Poisson rate, steps per round, its noise multiplier,
     * and the rounds its budget affords.
     */
    public record SitePlan(int trainingExamples, double samplingRate, long stepsPerRound, double noiseMultiplier,
                           int affordableRounds, double epsilonAfterAllRounds) {
    }

    /**
     * The settings resolved against the sites' data (σ known: the largest site's) and each site's plan.
     *
     * @param calibrated whether each site's σ was calibrated to the budget (rather than given)
     */
    public record Plan(SampleDpSpec spec, Map<String, SitePlan> sites, boolean calibrated) {

        /** The DP-SGD settings the coordinator asks for (each site may replace σ by its own, see {@link SitePlan}). */
        public DpSgd dpSgd() {
            return new DpSgd(spec.clipNorm(), spec.noiseMultiplier(), spec.seededNoise());
        }

        /** Whether the sites use noise multipliers of their own (calibrated each to its budget). */
        public boolean perSiteNoise() {
            return sites.values().stream().mapToDouble(SitePlan::noiseMultiplier).distinct().count() > 1;
        }
    }

    /** What a site spends before its first step: the release of its noisy class counts when it balances classes. */
    static RdpAccountant priorSpending(boolean balanceClasses) {
        RdpAccountant prior = new RdpAccountant();
        return balanceClasses ? BudgetedSite.recordCountRelease(prior) : prior;
    }

    /** The σ with which {@code n} examples spend exactly the budget over the whole study. */
    public double calibratedNoise(int n, int rounds, int localEpochs, int batchSize, boolean balanceClasses) {
        long steps = (long) rounds * localEpochs * DpSgd.stepsPerEpoch(n, batchSize);
        return priorSpending(balanceClasses).noiseMultiplierFor(DpSgd.samplingRate(n, batchSize), steps, epsilonBudget, delta,
                Conversion.IMPROVED);
    }

    /**
     * Checks the settings against the sites' training set sizes before anything trains: δ below
     * 1/n at every site; without a given σ, each site's σ calibrated to finish all rounds exactly
     * within its budget (a small site samples a larger share per step and needs more noise; one σ
     * for all would force the smallest site's noise on every site); a given σ is used everywhere and
     * refused when no site could train even one round.
     */
    public Plan plan(Map<String, Integer> trainingExamples, int rounds, int localEpochs, int batchSize, boolean balanceClasses) {
        for (var e : trainingExamples.entrySet()) {
            if (delta >= 1.0 / e.getValue()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "DP delta %.3g must be below 1/(training "
                        + "examples) = 1/%d at site %s: a delta that large allows releasing a whole record",
                        delta, e.getValue(), e.getKey()));
            }
        }
        Map<String, SitePlan> sites = new LinkedHashMap<>();
        boolean anyTrains = false;
        double largest = 0;
        for (var e : trainingExamples.entrySet()) {
            int n = e.getValue();
            double q = DpSgd.samplingRate(n, batchSize);
            long perRound = (long) localEpochs * DpSgd.stepsPerEpoch(n, batchSize);
            RdpAccountant prior = priorSpending(balanceClasses);
            double sigma = !Double.isNaN(noiseMultiplier) ? noiseMultiplier
                    : calibratedNoise(n, rounds, localEpochs, batchSize, balanceClasses);
            largest = Math.max(largest, sigma);
            int affordable = rounds;
            if (!Double.isNaN(epsilonBudget)) {
                long steps = prior.remainingSteps(q, sigma, epsilonBudget, delta, Conversion.IMPROVED);
                affordable = (int) Math.min(rounds, steps / perRound);
            }
            anyTrains |= affordable > 0;
            double eps = prior.copy().record(q, sigma, (long) rounds * perRound).spent(delta, Conversion.IMPROVED).epsilon();
            sites.put(e.getKey(), new SitePlan(n, q, perRound, sigma, affordable, eps));
        }
        if (!anyTrains) {
            SitePlan first = sites.values().iterator().next();
            double oneRound = new RdpAccountant().record(first.samplingRate(), noiseMultiplier, first.stepsPerRound())
                    .spent(delta, Conversion.IMPROVED).epsilon();
            double needed = NoiseCalibration.noiseMultiplier(first.samplingRate(), first.stepsPerRound(), epsilonBudget, delta,
                    Conversion.IMPROVED);
            throw new IllegalArgumentException(String.format(Locale.ROOT, "noise multiplier %.4g lets no site train even "
                            + "one round within epsilon %.4g at delta %.1e (site %s would spend %.4g in its first round); it "
                            + "needs a noise multiplier of at least %.4g for one round", noiseMultiplier, epsilonBudget, delta,
                    sites.keySet().iterator().next(), oneRound, needed));
        }
        return new Plan(new SampleDpSpec(clipNorm, largest, epsilonBudget, delta, seededNoise), sites, Double.isNaN(noiseMultiplier));
    }
}
