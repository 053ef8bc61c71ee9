package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.sim.SimulationResult;
import org.fedmed.study.StudySpec;

/**
 * report.json's {@code personalization} section: the sites' personal models (fine-tuned, or Ditto's) beside the global and
 * local-only ones.
 */
public final class PersonalizationReport {

    private PersonalizationReport() {
    }

    /** The personalization method in words, for the console table and report.html (the reader must see which one ran). */
    public static String describe(StudySpec s) {
        if (s.dittoLambda() != null) {
            return "Ditto, lambda " + s.dittoLambda() + ": each site's own model, trained beside the global one in every round"
                    + " it took part in";
        }
        return "the final model fine-tuned " + s.finetuneEpochs() + " epoch(s) at each site";
    }

    /** The method's short name, for chart legends. */
    public static String shortName(StudySpec s) {
        return s.dittoLambda() != null ? "Ditto" : "fine-tuned";
    }

    /**
     * Each site's accuracy (a survival study: C-index) on its own test set with the global model, its personal model and,
     * with baselines, its local-only model; and the means over the sites.
     */
    static ObjectNode json(SimulationResult r) {
        return json(r.spec(), r.personal(), r.perSite(), r.localOnlyOwnTest(), r.personalRounds(), r.isSurvival());
    }

    /**
     * The personalization section from each site's personal model, its global model and (if any) its local-only
     * model on its own test set, and the rounds a Ditto model trained, by site.
     */
    static ObjectNode json(StudySpec spec, Map<String, EvaluationResult> personalModels, Map<String, EvaluationResult> perSite,
                           Map<String, EvaluationResult> localOnly, Map<String, Integer> rounds, boolean survival) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (spec.dittoLambda() != null) {
            n.put("method", "ditto");
            n.put("ditto_lambda", spec.dittoLambda());
        } else {
            n.put("method", "finetune");
            n.put("finetune_epochs", spec.finetuneEpochs());
        }
        ObjectNode sites = n.putObject("sites");
        double[] sums = new double[3];
        int withLocal = 0;
        for (Map.Entry<String, EvaluationResult> e : personalModels.entrySet()) {
            ObjectNode s = sites.putObject(e.getKey());
            double global = score(perSite.get(e.getKey()));
            double personal = score(e.getValue());
            ReportJson.number(s, "global", global);
            ReportJson.number(s, "personal", personal);
            sums[0] += global;
            sums[1] += personal;
            EvaluationResult local = localOnly.get(e.getKey());
            if (local != null) {
                ReportJson.number(s, "local_only", score(local));
                sums[2] += score(local);
                withLocal++;
            } else {
                s.putNull("local_only");
            }
            s.put("n", e.getValue().samples());
            Integer trained = rounds.get(e.getKey());
            if (trained != null) {
                // a Ditto personal model trains only in the rounds its site takes part in
                s.put("rounds", trained);
            }
        }
        ObjectNode mean = n.putObject(survival ? "mean_c_index" : "mean_accuracy");
        int k = personalModels.size();
        ReportJson.number(mean, "global", sums[0] / k);
        ReportJson.number(mean, "personal", sums[1] / k);
        if (withLocal == k) {
            ReportJson.number(mean, "local_only", sums[2] / k);
        } else {
            mean.putNull("local_only");
        }
        return n;
    }

    /** Accuracy, or a survival model's C-index (it has no accuracy). */
    private static double score(EvaluationResult e) {
        return e.isSurvival() ? e.survival().cIndex() : e.metrics().accuracy();
    }
}
