package org.fedmed.core.round;

import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.TrainingConfig;

/**
 * The coordinator's handle on one site. In simulation it is an object in the same JVM
 * ({@link LocalSite}); in deployment it is a proxy that speaks the network protocol. The round loop
 * ({@link Federation}) only ever talks to sites through this interface.
 */
public interface SiteClient {

    /** Stable identifier of the site (its hospital name or certificate subject). */
    String siteId();

    /** Trains the given global model on local data and returns the update. */
    SiteUpdate fit(FitInstructions instructions);

    /** Evaluates the given model on the site's own held-out data. */
    SiteEvaluation evaluate(EvaluateInstructions instructions);

    /**
     * One step of a secure-aggregation round, as encoded bytes in and out (the same bytes travel in a
     * simulation and on the wire). Sites that do not take part in secure aggregation refuse.
     */
    default byte[] secureStep(byte[] request) {
        throw new UnsupportedOperationException("site " + siteId() + " does not take part in secure aggregation");
    }

    /**
     * Explains the final model on the site's own training rows (mean |SHAP| per feature, never a row),
     * released as the request says. Sites that hold no rows refuse.
     */
    default SiteExplanation explain(ExplainRequest request) {
        throw new UnsupportedOperationException("site " + siteId() + " does not explain models");
    }

    /**
     * Fine-tunes {@code global} (the final model of round {@code round}) on the site's own training data with
     * {@code config}, keeps the result as its personal model and evaluates it on its own test split.
     */
    default PersonalModel personalize(int round, ModelWeights global, TrainingConfig config) {
        throw new UnsupportedOperationException("site " + siteId() + " keeps no personal model");
    }

    /**
     * The site's SCAFFOLD control variate c_i, which it keeps between rounds (and a node keeps across
     * restarts), or null for a site that holds none (a proxy, a test double). Decorators pass it through.
     */
    default ControlVariate controlVariate() {
        return null;
    }

    /**
     * {@code site} with its training replaced by {@code fit} (which usually calls {@code site.fit}
     * and adds something around it); the id and evaluation are the site's own.
     */
    static SiteClient withFit(SiteClient site, Function<FitInstructions, SiteUpdate> fit) {
        return replacing(site, fit, site::secureStep);
    }

    /** {@code site} with its secure-aggregation steps replaced by {@code step} (which usually calls {@code site.secureStep}). */
    static SiteClient withSecureStep(SiteClient site, UnaryOperator<byte[]> step) {
        return replacing(site, site::fit, step);
    }

    private static SiteClient replacing(SiteClient site, Function<FitInstructions, SiteUpdate> fit, UnaryOperator<byte[]> step) {
        return new SiteClient() {
            @Override
            public String siteId() {
                return site.siteId();
            }

            @Override
            public SiteUpdate fit(FitInstructions instructions) {
                return fit.apply(instructions);
            }

            @Override
            public SiteEvaluation evaluate(EvaluateInstructions instructions) {
                return site.evaluate(instructions);
            }

            @Override
            public byte[] secureStep(byte[] request) {
                return step.apply(request);
            }

            @Override
            public SiteExplanation explain(ExplainRequest request) {
                return site.explain(request);
            }

            @Override
            public PersonalModel personalize(int round, ModelWeights global, TrainingConfig config) {
                return site.personalize(round, global, config);
            }

            @Override
            public ControlVariate controlVariate() {
                return site.controlVariate();
            }
        };
    }
}
