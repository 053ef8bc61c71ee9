package org.fedmed.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.units.ByteSize;
import org.fedmed.sim.SimulationListener;

/** One line per round and per baseline, for people watching a run. */
final class ProgressPrinter implements SimulationListener {

    private final PrintStream out;
    private final int rounds;

    ProgressPrinter(PrintStream out, int rounds) {
        this.out = out;
        this.rounds = rounds;
    }

    @Override
    public void phase(String message) {
        out.println(message);
    }

    @Override
    public void roundFinished(RoundResult r) {
        EvaluationResult g = r.globalEvaluation();
        if (g != null && g.isSurvival()) {
            out.printf("round %3d/%d  train_loss %.4f  test_loss %.4f  c_index %.4f  sites %d  %.2f s  sent %s  received %s%n",
                    r.round(), rounds, r.trainLoss(), g.loss(), g.survival().cIndex(), r.participants().size(), r.seconds(),
                    ByteSize.human(r.bytesToSites()), ByteSize.human(r.bytesFromSites()));
            failures(r);
            return;
        }
        out.printf("round %3d/%d  train_loss %.4f  test_loss %.4f  accuracy %.4f  auc %.4f  sites %d  %.2f s  sent %s  received %s%n",
                r.round(), rounds, r.trainLoss(), g == null ? Double.NaN : g.loss(),
                g == null ? Double.NaN : g.metrics().accuracy(), g == null ? Double.NaN : g.metrics().rocAuc(),
                r.participants().size(), r.seconds(), ByteSize.human(r.bytesToSites()), ByteSize.human(r.bytesFromSites()));
        failures(r);
    }

    private void failures(RoundResult r) {
        for (Map.Entry<String, String> f : r.failures().entrySet()) {
            out.printf("          site %s left out: %s%n", f.getKey(), f.getValue());
        }
    }

    @Override
    public void privacySpent(int round, double epsilon, double delta) {
        out.printf("          client-level privacy after round %d: epsilon %.4f at delta %.1e%n", round, epsilon, delta);
    }

    @Override
    public void sitePrivacySpent(int round, Map<String, Double> epsilonBySite, double studyEpsilon, double delta) {
        StringBuilder sites = new StringBuilder();
        epsilonBySite.forEach((site, eps) -> sites.append(String.format(Locale.ROOT, "  %s %.3f", site, eps)));
        out.printf(Locale.ROOT, "          sample-level privacy after round %d at delta %.1e: study epsilon %.4f;%s%n",
                round, delta, studyEpsilon, sites);
    }

    @Override
    public void baselineFinished(String name, EvaluationResult onGlobalTest, double seconds) {
        if (onGlobalTest.isSurvival()) {
            out.printf("baseline %-24s c_index %.4f  %.2f s%n", name, onGlobalTest.survival().cIndex(), seconds);
            return;
        }
        out.printf("baseline %-24s accuracy %.4f  auc %.4f  %.2f s%n", name, onGlobalTest.metrics().accuracy(),
                onGlobalTest.metrics().rocAuc(), seconds);
    }
}
