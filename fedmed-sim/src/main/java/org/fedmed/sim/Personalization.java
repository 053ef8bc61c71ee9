package org.fedmed.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.PersonalModel;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.SiteData;

/**
 * Personal models by local fine-tuning (e.g. Wang et al. 2019, "Federated evaluation of on-device
 * personalization"; FLamby's "FedAvg + fine-tuning"): after the last round each site trains the final
 * federated model for a few more epochs on its own training data, with the study's local settings,
 * and keeps it. Each personal model is scored on its own site's test set, where it serves.
 *
 * <p>The personal models never leave their sites, so they release nothing; a site under sample-level
 * DP fine-tunes without noise for that reason (its personal model is used at home, not published).
 * What the report adds is one accuracy figure per site, as the per-site evaluation already does.
 */
final class Personalization {

    private Personalization() {
    }

    /**
     * @param starts    each site's start, by site id: the final federated model, with the site's own values of
     *                  the layers it kept ({@code local_layers}) in their place
     * @param training  the sites' local training settings (DP-SGD is dropped: see the class comment)
     * @param siteTrain each site's own training data, by site id
     * @return each site's personal model on its own test set, by site id, in site order
     */
    static Map<String, EvaluationResult> fineTune(LocalTrainer trainer, Map<String, ModelWeights> starts, List<SiteData> sites,
                                                  Map<String, LabeledSamples> siteTrain, TrainingConfig training, int epochs,
                                                  long seed) {
        Map<String, EvaluationResult> out = new LinkedHashMap<>();
        for (SiteData s : sites) {
            ModelWeights personal = trainer.fit(starts.get(s.siteId()), siteTrain.get(s.siteId()),
                    PersonalModel.fineTuning(training, epochs, seed, s.siteId())).weights();
            out.put(s.siteId(), Evaluations.evaluate(trainer, personal, s.test()));
        }
        return out;
    }
}
