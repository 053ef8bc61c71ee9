package org.fedmed.net;

import java.util.Arrays;
import java.util.List;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.explain.SiteExplanation;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.net.proto.ExplainResult;
import org.fedmed.net.proto.ExplainTask;
import org.fedmed.study.StudySpec;
import org.fedmed.study.explain.ExplanationBudget;

/**
 * The explanation step on the wire: the study's settings as an {@link ExplainTask} (sent after the
 * last round, and stated in the study description the hospital approves), the node's request rebuilt
 * from it, and the site's answer read back and checked before the coordinator aggregates it.
 */
public final class ExplainProtocol {

    /**
     * A site's explanation as the coordinator received it, with what the node says it cost.
     *
     * @param epsilonExplanation sample level: ε of this release at the node's δ; NaN otherwise
     * @param epsilonTotal       sample level: the node's ledger total after it; NaN otherwise
     */
    public record Received(SiteExplanation explanation, double epsilonExplanation, double epsilonTotal) {
    }

    /** Longest list of per-feature values accepted from a node (a tabular model's inputs). */
    static final int MAX_FEATURES = 10_000;

    private ExplainProtocol() {
    }

    /** The explain task of {@code spec} (which must explain), as the coordinator sends it and the description states it. */
    public static ExplainTask task(StudySpec spec) {
        ExplainRequest r = ExplanationBudget.request(spec, ModelWeights.zeros(List.of()));
        ExplainTask.Builder t = ExplainTask.newBuilder().setRows(r.rows()).setMinRows(r.minRows()).setRelease(r.release().id())
                .setSeed(r.seed());
        if (r.isPrivate()) {
            t.setClip(r.clip()).setNoiseMultiplier(r.noiseMultiplier()).setSeededNoise(r.seededNoise())
                    .setDelta(ExplanationBudget.delta(spec));
        }
        return t.build();
    }

    /** The node's request from the task and the model it received; a malformed task is one line. */
    public static ExplainRequest request(int round, ModelWeights model, ExplainTask t) {
        return new ExplainRequest(round, model, t.getRows(), t.getMinRows(), ExplainRequest.Release.of(t.getRelease()), t.getClip(),
                t.getNoiseMultiplier(), t.getSeededNoise(), t.getSeed());
    }

    /** A site's answer as it leaves: the ε fields are NaN where the release was not booked at the node. */
    public static ExplainResult result(SiteExplanation e, double epsilonExplanation, double epsilonTotal) {
        ExplainResult.Builder r = ExplainResult.newBuilder().setRows(e.rows()).setSeconds(e.seconds())
                .setEpsilonExplanation(epsilonExplanation).setEpsilonTotal(epsilonTotal);
        Arrays.stream(e.meanAbsShap()).forEach(r::addMeanAbsShap);
        if (e.permutationImportance() != null) {
            Arrays.stream(e.permutationImportance()).forEach(r::addPermutationImportance);
        }
        return r.build();
    }

    /**
     * A site's answer as the coordinator accepts it: one value per model input, finite, a positive row
     * count; importances only in the clear.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Received explanation(String site, ExplainResult r, int features, boolean isPrivate) {
        if (r.getMeanAbsShapCount() != features) {
            throw new IllegalArgumentException(r.getMeanAbsShapCount() + " mean |SHAP| values for a model of " + features + " inputs");
        }
        if (r.getPermutationImportanceCount() != 0 && (isPrivate || r.getPermutationImportanceCount() != features)) {
            throw new IllegalArgumentException(isPrivate ? "permutation importances in an explanation under DP (they have no noise)"
                    : r.getPermutationImportanceCount() + " permutation importances for a model of " + features + " inputs");
        }
        if (r.getRows() <= 0 || r.getRows() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("explained rows " + r.getRows());
        }
        double[] shap = finite("mean |SHAP|", r.getMeanAbsShapList().stream().mapToDouble(Double::doubleValue).toArray());
        double[] importance = r.getPermutationImportanceCount() == 0 ? null
                : finite("permutation importance", r.getPermutationImportanceList().stream().mapToDouble(Double::doubleValue).toArray());
        if (!isPrivate && Arrays.stream(shap).anyMatch(v -> v < 0)) {
            throw new IllegalArgumentException("a negative mean |SHAP| in an explanation without noise");
        }
        return new Received(new SiteExplanation(site, (int) r.getRows(), shap, importance, Math.max(0, r.getSeconds())),
                r.getEpsilonExplanation(), r.getEpsilonTotal());
    }

    private static double[] finite(String what, double[] values) {
        if (values.length > MAX_FEATURES || Arrays.stream(values).anyMatch(v -> !Double.isFinite(v))) {
            throw new IllegalArgumentException(what + " values must be finite numbers, at most " + MAX_FEATURES);
        }
        return values;
    }
}
