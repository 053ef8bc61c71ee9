package org.fedmed.core.round;

import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.training.TrainingConfig;

/**
 * A site's personal model: the final federated model fine-tuned on the site's own training data
 * (e.g. FLamby's "FedAvg + fine-tuning"), kept at the site, and its evaluation on the site's own test
 * split. The model never leaves the site; only the evaluation may.
 *
 * @param classes the label order the model predicts
 */
public record PersonalModel(String siteId, ModelWeights weights, SiteEvaluation evaluation, List<String> classes) {

    private static final long STREAM = 0x70657273L;

    public PersonalModel {
        classes = List.copyOf(classes);
    }

    /**
     * How {@code site} fine-tunes: the study's local settings for {@code epochs} epochs, without DP-SGD (the
     * model stays at the site), proximal term or step count, from a seed of its own.
     */
    public static TrainingConfig fineTuning(TrainingConfig training, int epochs, long seed, String site) {
        return training.withDpSgd(null).withLocalSteps(0).withProximalMu(0).withLocalEpochs(epochs)
                .withSeed(Seeds.mix(seed, STREAM, site.hashCode()));
    }
}
