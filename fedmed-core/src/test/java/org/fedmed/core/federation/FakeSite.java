package org.fedmed.core.federation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.ConfusionMatrix;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;

/** An in-memory site with no ML engine: its update is a function of what the coordinator sent. */
final class FakeSite implements SiteClient {

    static final EvaluationResult EVALUATION =
            new EvaluationResult(0.25, ClassificationMetrics.fromConfusion(ConfusionMatrix.ofCounts(new long[][] {{3, 1}, {0, 4}}), 0.9));

    private final String id;
    private final Function<FitInstructions, SiteUpdate> fit;
    private RuntimeException evaluationError;
    final List<FitInstructions> fitCalls = Collections.synchronizedList(new ArrayList<>());
    final List<EvaluateInstructions> evaluateCalls = Collections.synchronizedList(new ArrayList<>());

    FakeSite(String id, Function<FitInstructions, SiteUpdate> fit) {
        this.id = id;
        this.fit = fit;
    }

    /** An honest site: returns global + delta, trained on {@code samples} examples, reporting {@code loss}. */
    static FakeSite shifting(String id, long samples, double loss, float... delta) {
        return new FakeSite(id, in -> new SiteUpdate(id, in.round(), plus(in.globalWeights(), delta), samples,
                Map.of(SiteUpdate.TRAIN_LOSS, loss)));
    }

    /** A site whose training always throws. */
    static FakeSite failing(String id, RuntimeException error) {
        return new FakeSite(id, in -> {
            throw error;
        });
    }

    static ModelWeights plus(ModelWeights w, float... delta) {
        float[] v = w.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += delta[i];
        }
        return w.withValues(v);
    }

    FakeSite failingEvaluation(RuntimeException error) {
        this.evaluationError = error;
        return this;
    }

    @Override
    public String siteId() {
        return id;
    }

    @Override
    public SiteUpdate fit(FitInstructions instructions) {
        fitCalls.add(instructions);
        return fit.apply(instructions);
    }

    @Override
    public SiteEvaluation evaluate(EvaluateInstructions instructions) {
        evaluateCalls.add(instructions);
        if (evaluationError != null) {
            throw evaluationError;
        }
        return new SiteEvaluation(id, instructions.round(), EVALUATION);
    }
}
