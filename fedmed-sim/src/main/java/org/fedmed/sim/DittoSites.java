package org.fedmed.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.SiteData;

/**
 * Ditto personal models (Li, Hu, Beirami, Smith, ICML 2021, "Ditto: Fair and Robust Federated
 * Learning Through Personalization"). Each site k keeps a personal model v_k, starting from the
 * initial global model. In every round it takes part in, after its usual update of the global model,
 * it trains v_k on its own training data with the objective f_k(v) + (λ/2)‖v − w^t‖², w^t being the
 * global model it received that round, for as many epochs (or steps) as the round's local training.
 *
 * <p>No engine change is needed: the trainer's optimizer adds μ·(v − v_start) + δ to each gradient
 * (FedProx's term and SCAFFOLD's offset). Starting at v_k with μ = λ and δ = λ·(v_k − w^t) gives
 * g + λ(v − v_k) + λ(v_k − w^t) = g + λ(v − w^t), the gradient of Ditto's objective.
 *
 * <p>The personal models never leave their sites and the update a site sends is computed before and
 * apart from them, so Ditto releases nothing more: under sample-level DP the released update is
 * still DP-SGD's, while the personal update trains without noise because it is used at home, not
 * published (as {@link Personalization} does). Client-level DP and secure aggregation act on the
 * released update only, which Ditto does not change.
 */
final class DittoSites {

    private static final long STREAM = 0x6469746fL;

    private final double lambda;
    private final Map<String, ModelWeights> personal = new LinkedHashMap<>();
    private final Map<String, Integer> roundsTrained = new LinkedHashMap<>();

    /**
     * @param lambda  Ditto's λ ≥ 0: how strongly each personal model is pulled towards the global model
     * @param initial the initial global model, every personal model's start
     * @param siteIds the sites that keep a personal model
     */
    DittoSites(double lambda, ModelWeights initial, List<String> siteIds) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("ditto_lambda must be a finite number, 0 or positive, got " + lambda);
        }
        this.lambda = lambda;
        for (String id : siteIds) {
            personal.put(id, initial.copy());
            roundsTrained.put(id, 0);
        }
    }

    /**
     * {@code site} with its personal model advanced after each fit, on {@code train} (the data the site trains
     * the global model on) through {@code trainer}; what the site returns is its own update, untouched.
     */
    SiteClient wrap(SiteClient site, LocalTrainer trainer, LabeledSamples train) {
        String id = site.siteId();
        if (!personal.containsKey(id)) {
            throw new IllegalArgumentException("site " + id + " has no Ditto personal model");
        }
        return SiteClient.withFit(site, instructions -> {
            SiteUpdate update = site.fit(instructions);
            personal.put(id, personalStep(trainer, personal.get(id), instructions.globalWeights(), train,
                    personalConfig(instructions, id), lambda));
            roundsTrained.merge(id, 1, Integer::sum);
            return update;
        });
    }

    /**
     * The round's local training for the personal update: its learning rate, epochs or steps, optimizer and
     * decay, without DP-SGD (the personal model is not released), without FedProx's μ (λ replaces it), and
     * with a seed of its own so it shuffles independently of the global update.
     */
    private static TrainingConfig personalConfig(FitInstructions instructions, String siteId) {
        TrainingConfig c = instructions.config();
        return c.withDpSgd(null).withProximalMu(0).withSeed(Seeds.mix(c.seed(), STREAM, siteId.hashCode()));
    }

    /**
     * One Ditto personal update: trains from {@code v} on {@code data} as {@code config} says (its μ is
     * ignored) with the gradient of f(v) + (λ/2)‖v − w‖².
     *
     * @param v      the personal model before this round
     * @param w      the global model the site received this round
     * @param lambda Ditto's λ; 0 trains v on the site's data alone
     */
    static ModelWeights personalStep(LocalTrainer trainer, ModelWeights v, ModelWeights w, LabeledSamples data,
                                     TrainingConfig config, double lambda) {
        if (lambda == 0) {
            return trainer.fit(v, data, config.withProximalMu(0)).weights();
        }
        ModelWeights offset = ModelWeights.zeros(v.specs()).plusScaled(v.minus(w), (float) lambda);
        return trainer.fit(v, data, config.withProximalMu(lambda), offset).weights();
    }

    /** λ. */
    double lambda() {
        return lambda;
    }

    /** Each site's personal model now, by site id (a copy of the map; the weights are not copied). */
    Map<String, ModelWeights> personalModels() {
        return new LinkedHashMap<>(personal);
    }

    /** The rounds each site's personal model was trained in, by site id. */
    Map<String, Integer> roundsTrained() {
        return new LinkedHashMap<>(roundsTrained);
    }

    /** Each personal model on its own site's test set, where it serves, by site id in site order. */
    Map<String, EvaluationResult> evaluate(LocalTrainer trainer, List<SiteData> sites) {
        Map<String, EvaluationResult> out = new LinkedHashMap<>();
        for (SiteData s : sites) {
            out.put(s.siteId(), Evaluations.evaluate(trainer, personal.get(s.siteId()), s.test()));
        }
        return out;
    }
}
