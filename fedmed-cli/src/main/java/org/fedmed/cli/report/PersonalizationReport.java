package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.sim.SimulationResult;

/** report.json's {@code personalization} section: the sites' personal (fine-tuned) models beside the global and local-only ones. */
final class PersonalizationReport {

    private PersonalizationReport() {
    }

    /**
     * Each site's accuracy (a survival study: C-index) on its own test set with the global model, its personal (fine-tuned) model and,
     * with baselines, its local-only model; and the means over the sites.
     */
    static ObjectNode json(SimulationResult r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("method", "finetune");
        n.put("finetune_epochs", r.spec().finetuneEpochs());
        ObjectNode sites = n.putObject("sites");
        boolean survival = r.isSurvival();
        double[] sums = new double[3];
        int withLocal = 0;
        for (Map.Entry<String, EvaluationResult> e : r.personal().entrySet()) {
            ObjectNode s = sites.putObject(e.getKey());
            double global = score(r.perSite().get(e.getKey()));
            double personal = score(e.getValue());
            ReportJson.number(s, "global", global);
            ReportJson.number(s, "personal", personal);
            sums[0] += global;
            sums[1] += personal;
            EvaluationResult local = r.localOnlyOwnTest().get(e.getKey());
            if (local != null) {
                ReportJson.number(s, "local_only", score(local));
                sums[2] += score(local);
                withLocal++;
            } else {
                s.putNull("local_only");
            }
            s.put("n", e.getValue().samples());
        }
        ObjectNode mean = n.putObject(survival ? "mean_c_index" : "mean_accuracy");
        int k = r.personal().size();
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
