package org.fedmed.net.coordinator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.net.ExplainProtocol;
import org.fedmed.net.proto.ExplainTask;
import org.fedmed.net.trail.CoordinatorTrail;
import org.fedmed.study.StudySpec;
import org.fedmed.study.explain.ExplanationBudget;
import org.fedmed.study.explain.ExplanationDp;
import org.fedmed.study.explain.Explanations;
import org.fedmed.study.explain.StudyExplainer;
import org.fedmed.study.explain.TabularExplainer;
import org.fedmed.study.explain.TabularExplanation;

/**
 * After the last round of a tabular study with {@code explain}: every connected site is asked to
 * explain the final model on its own rows with the settings its hospital approved; each answers its
 * mean |SHAP| per feature (noisy and booked in its own ledger under sample-level DP) or refuses in one
 * line. The coordinator aggregates what arrives, as the simulation does, and accounts client-level DP
 * itself. A site that refuses, fails or misses the deadline is named and left out of the aggregate.
 */
final class ExplanationStep {

    private ExplanationStep() {
    }

    /** Refuses, before anything trains, a study with {@code explain} whose model has no explanation yet. */
    static void check(StudySpec spec, ModelSpec model) {
        if (spec.explain() != null) {
            StudyExplainer.check(model.architecture(), model.numClasses());
        }
    }

    /**
     * @param features    the model's inputs, in order
     * @param classNames  the study's classes (the disease class is explained)
     * @param clientLevel the coordinator's client-level accountant after training, or null
     * @param samplePrivacy the sites' reported sample-level ε, updated with the explanation's, or null
     * @param trail       the audit chain: records who explained, who did not, and the cost
     */
    static Explanations run(StudySpec spec, List<RemoteSite> sites, ModelWeights model, List<String> features, List<String> classNames,
                            RdpAccountant clientLevel, SitePrivacyCollector samplePrivacy, CoordinatorTrail trail, Duration deadline,
                            PrintStream progress) {
        ExplainTask settings = ExplainProtocol.task(spec);
        ExplainRequest request = ExplanationBudget.request(spec, model);
        progress.printf(Locale.ROOT, "explain: asking %d site(s) to explain the final model on up to %d of their own rows (%s)%n",
                sites.size(), request.rows(), request.isPrivate() ? request.release().id() + "-level DP" : "in clear");
        List<SiteExplanation> released = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        Map<String, Double> alone = new LinkedHashMap<>();
        Map<String, Double> total = new LinkedHashMap<>();
        Map<String, SiteCalls.Answer<ExplainProtocol.Received>> answers = SiteCalls.askAll(sites, deadline,
                s -> s.explain(spec.rounds(), model, settings, features.size()));
        answers.forEach((site, a) -> {
            if (a.value() == null) {
                String line = "explain: site " + site + ": " + a.failure() + "; the aggregate is over the other sites";
                refusals.add(line);
                progress.println(line);
                return;
            }
            ExplainProtocol.Received r = a.value();
            released.add(r.explanation());
            if (request.release() == ExplainRequest.Release.SAMPLE) {
                alone.put(site, r.epsilonExplanation());
                total.put(site, r.epsilonTotal());
                if (samplePrivacy != null) {
                    samplePrivacy.explanationReleased(site, r.epsilonTotal());
                }
            } else if (request.release() == ExplainRequest.Release.CLIENT) {
                double sigma = request.noiseMultiplier();
                double delta = ExplanationBudget.delta(spec);
                alone.put(site, ExplanationBudget.epsilon(1.0, sigma, delta));
                total.put(site, ExplanationBudget.clientLevelTotal(clientLevel, sigma, delta));
            }
            progress.printf(Locale.ROOT, "explain: site %s explained the model on %s%d rows%n", site,
                    request.release() == ExplainRequest.Release.SAMPLE ? "about " : "", r.explanation().rows());
        });
        ExplanationDp dp = request.isPrivate() ? new ExplanationDp(request.release().id(), request.clip(), request.noiseMultiplier(),
                ExplanationBudget.delta(spec), alone, total, request.seededNoise()) : null;
        TabularExplanation t = TabularExplainer.assemble(spec.explain(), features, released, refusals, classNames,
                request.isPrivate(), null, dp, progress::println);
        Map<String, Integer> rows = new LinkedHashMap<>();
        released.forEach(e -> rows.put(e.site(), e.rows()));
        trail.explanationsReceived(spec.rounds(), rows, answers.keySet().stream().filter(s -> !rows.containsKey(s)).toList(),
                request.release().id(), total);
        return new Explanations(Explanations.KERNEL_SHAP, t, List.of());
    }
}
