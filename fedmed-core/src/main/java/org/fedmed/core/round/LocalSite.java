package org.fedmed.core.round;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.fedmed.core.aggregate.SiteContext;
import org.fedmed.core.aggregate.SiteOutput;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.explain.SiteExplainer;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;

/**
 * A site that trains on data it holds, through a {@link LocalTrainer}. The simulation creates one
 * per simulated hospital (all sharing one trainer); a deployed node wraps one behind the network.
 * Only weights and aggregate metrics leave it.
 *
 * @param validation data for the {@link SiteUpdate#VALIDATION_ACCURACY} score, or null to not report it
 * @param completeness share of complete records, reported as {@link SiteUpdate#COMPLETENESS}
 * @param control      the site's SCAFFOLD control variate, used and advanced when a round sends the
 *                     server's; it stays here
 * @param kept         the tensors the site keeps to itself (the model's {@code localLayers}); they stay here
 */
public record LocalSite(String siteId, LocalTrainer trainer, LabeledSamples train, LabeledSamples validation,
                        LabeledSamples test, double completeness, ControlVariate control, KeptLayers kept) implements SiteClient {

    public LocalSite(String siteId, LocalTrainer trainer, LabeledSamples train, LabeledSamples validation, LabeledSamples test,
                     double completeness) {
        this(siteId, trainer, train, validation, test, completeness, new ControlVariate(),
                new KeptLayers(trainer.spec().localLayers()));
    }

    public LocalSite {
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(kept, "kept");
        if (train == null || train.size() == 0) {
            throw new IllegalArgumentException("site " + siteId + " has no training data");
        }
        if (test == null || test.size() == 0) {
            throw new IllegalArgumentException("site " + siteId + " has no test data");
        }
    }

    /** Explains the global model on this site's training rows (the caller books a DP release first). */
    @Override
    public SiteExplanation explain(ExplainRequest request) {
        return SiteExplainer.explain(siteId, request, trainer, train);
    }

    /** The final model fine-tuned on this site's training data (from its own values of the layers it keeps), kept and evaluated here. */
    @Override
    public PersonalModel personalize(int round, ModelWeights global, TrainingConfig config) {
        ModelWeights personal = trainer.fit(kept.start(global), train, config).weights();
        return new PersonalModel(siteId, personal, new SiteEvaluation(siteId, round, Evaluations.evaluate(trainer, personal, test)),
                train.classNames());
    }

    @Override
    public ControlVariate controlVariate() {
        return control;
    }

    @Override
    public SiteUpdate fit(FitInstructions instructions) {
        ModelWeights serverControl = instructions.control();
        ModelWeights offset = serverControl == null ? null : control.offset(serverControl);
        ModelWeights start = kept.start(instructions.globalWeights());
        TrainingOutcome outcome = trainer.fit(start, train, instructions.config(), offset);
        if (serverControl != null) {
            control.advance(serverControl, start, outcome.weights(), outcome.steps(), instructions.config().learningRate());
        }
        Map<String, Double> metrics = new HashMap<>();
        metrics.put(SiteUpdate.TRAIN_LOSS, outcome.meanLoss());
        metrics.put(SiteUpdate.COMPLETENESS, completeness);
        if (validation != null && validation.size() > 0) {
            metrics.put(SiteUpdate.VALIDATION_ACCURACY,
                    Evaluations.evaluate(trainer, outcome.weights(), validation).metrics().accuracy());
        }
        return finish(siteId, instructions, kept.keepAndMask(outcome.weights(), instructions.globalWeights()), train.size(),
                metrics);
    }

    /**
     * The update a site sends: its trained model, or, when the round has site stages, the delta
     * those stages made of {@code trained − global} with what they report.
     */
    public static SiteUpdate finish(String siteId, FitInstructions instructions, ModelWeights trained, long samples,
                                    Map<String, Double> metrics) {
        SitePlan plan = instructions.sitePlan();
        if (plan.isEmpty()) {
            return new SiteUpdate(siteId, instructions.round(), trained, samples, metrics);
        }
        SiteOutput out = plan.apply(trained, instructions.globalWeights(),
                SiteContext.forRound(siteId, instructions.round(), instructions.config().seed(), plan));
        Map<String, Double> all = new HashMap<>(metrics);
        all.putAll(out.reports());
        return new SiteUpdate(siteId, instructions.round(), out.delta(), samples, all, true);
    }

    @Override
    public SiteEvaluation evaluate(EvaluateInstructions instructions) {
        return new SiteEvaluation(siteId, instructions.round(), Evaluations.evaluate(trainer, kept.start(instructions.weights()), test));
    }
}
