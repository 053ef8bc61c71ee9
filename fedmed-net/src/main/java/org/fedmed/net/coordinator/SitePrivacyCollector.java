package org.fedmed.net.coordinator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.federation.RoundListener;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.BudgetedSite;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.TrainingConfig;

/**
 * The coordinator's view of sample-level DP in a deployment: the ledgers belong to the hospitals,
 * which report the ε they have spent with each update ({@link BudgetedSite#EPSILON}); this collects
 * those reports per round for the progress line and the report. It accounts nothing itself.
 */
final class SitePrivacyCollector implements RoundListener {

    private final TrainingConfig training;
    private final PrintStream progress;
    private final Map<String, Double> latest = new LinkedHashMap<>();
    private final Map<String, Long> examples = new LinkedHashMap<>();
    private final Map<String, Integer> roundsTrained = new LinkedHashMap<>();
    private final Map<String, Boolean> budgetReached = new LinkedHashMap<>();
    private final List<PrivacyReport.Round> rounds = new ArrayList<>();

    SitePrivacyCollector(TrainingConfig training, PrintStream progress) {
        this.training = training;
        this.progress = progress;
    }

    SiteClient wrap(SiteClient site) {
        return SiteClient.withFit(site, instructions -> {
            SiteUpdate u = site.fit(instructions);
            Double eps = u.metrics().get(BudgetedSite.EPSILON);
            synchronized (this) {
                if (eps != null && Double.isFinite(eps) && eps >= 0) {
                    latest.put(u.siteId(), eps);
                }
                examples.put(u.siteId(), u.numSamples());
            }
            return u;
        });
    }

    /** A site released its explanation under sample-level DP: its ledger's total now includes it. */
    synchronized void explanationReleased(String site, double epsilonTotal) {
        if (Double.isFinite(epsilonTotal) && epsilonTotal >= 0) {
            latest.put(site, epsilonTotal);
        }
    }

    @Override
    public synchronized void roundFinished(RoundResult r) {
        for (String p : r.participants()) {
            roundsTrained.merge(p, 1, Integer::sum);
        }
        r.failures().forEach((site, why) -> {
            if (why.contains("privacy budget reached")) {
                budgetReached.put(site, true);
            }
        });
        double study = latest.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        rounds.add(new PrivacyReport.Round(r.round(), Double.NaN, training.dpSgd().noiseMultiplier(), training.dpSgd().clipNorm(),
                r.participants().size(), study, latest));
        StringBuilder sites = new StringBuilder();
        latest.forEach((s, e) -> sites.append(String.format(Locale.ROOT, "  %s %.3f", s, e)));
        progress.printf(Locale.ROOT, "          sample-level privacy reported by the sites after round %d: study epsilon %.4f;%s%n",
                r.round(), study, sites);
    }

    /** What the sites reported, as a report section (δ and budgets are the hospitals'; ε as they reported it). */
    synchronized PrivacyReport report(double delta) {
        Map<String, PrivacyReport.Site> out = new LinkedHashMap<>();
        examples.forEach((site, n) -> {
            int size = (int) Math.min(Integer.MAX_VALUE, n);
            out.put(site, new PrivacyReport.Site(size, DpSgd.samplingRate(size, training.batchSize()),
                    (long) training.localEpochs() * DpSgd.stepsPerEpoch(size, training.batchSize()), training.dpSgd().noiseMultiplier(),
                    roundsTrained.getOrDefault(site, 0), latest.getOrDefault(site, 0.0), budgetReached.getOrDefault(site, false)));
        });
        String mechanism = String.format(Locale.ROOT, "DP-SGD at each hospital (Poisson sampling, per-example clipping C=%s, noise "
                + "multiplier %s asked; each hospital keeps its own ledger and budget, epsilon as the sites reported it)",
                training.dpSgd().clipNorm(), training.dpSgd().noiseMultiplier());
        return new PrivacyReport(PrivacyReport.SAMPLE, mechanism, delta, Conversion.IMPROVED, rounds, out);
    }
}
