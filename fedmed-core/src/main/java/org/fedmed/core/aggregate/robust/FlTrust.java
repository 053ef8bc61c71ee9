package org.fedmed.core.aggregate.robust;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.model.ModelWeights;

/**
 * {@code fltrust}: trust bootstrapping from a root dataset the coordinator holds (Cao et al., NDSS
 * 2021, "FLTrust: Byzantine-robust federated learning via trust bootstrapping"). Each round the
 * coordinator trains from the global model on its own clean examples to get g₀; an update gᵢ earns
 * the trust score TSᵢ = ReLU(cos(gᵢ, g₀)) and is rescaled to ‖g₀‖, so neither its direction (a flipped
 * or unrelated update scores 0) nor its size (a boosted update is scaled back) can buy influence:
 * Δ = Σ TSᵢ·(‖g₀‖/‖gᵢ‖)·gᵢ / Σ TSᵢ. When every score is 0 the model is kept (Δ = 0).
 *
 * @param rootExamples how many examples the coordinator's root dataset holds (the paper uses 100)
 */
public final class FlTrust implements RobustRule {

    private final int rootExamples;
    private ServerReference reference;
    private Map<String, SiteScore> last = Map.of();

    public FlTrust(int rootExamples) {
        if (rootExamples < 1) {
            throw new IllegalArgumentException("aggregator fltrust: root must be at least 1 example, got " + rootExamples);
        }
        this.rootExamples = rootExamples;
    }

    @Override
    public String describe() {
        return "fltrust(root=" + rootExamples + ")";
    }

    @Override
    public int rootExamples() {
        return rootExamples;
    }

    @Override
    public void useReference(ServerReference reference) {
        this.reference = reference;
    }

    @Override
    public float[] combine(float[][] deltas) {
        throw new UnsupportedOperationException("fltrust scores updates against the coordinator's own update; call reduce");
    }

    /** The FLTrust aggregate of {@code deltas} given the coordinator's update {@code root}; fills {@code scores}. */
    static float[] combine(float[][] deltas, float[] root, double[] scores) {
        double rootNorm = Vectors.norm(root);
        float[] out = new float[root.length];
        double total = 0;
        for (int k = 0; k < deltas.length; k++) {
            double cos = Vectors.cosine(deltas[k], root);
            scores[k] = Math.max(0, cos);
            total += scores[k];
        }
        if (total == 0) {
            return out;
        }
        double[] acc = new double[root.length];
        for (int k = 0; k < deltas.length; k++) {
            if (scores[k] > 0) {
                double w = scores[k] * rootNorm / Vectors.norm(deltas[k]) / total;
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += w * deltas[k][i];
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) acc[i];
        }
        return out;
    }

    @Override
    public ModelWeights reduce(AggregationRound round, List<Contribution> in) {
        if (reference == null) {
            throw new IllegalStateException("aggregator fltrust needs the coordinator's root dataset, and none was given");
        }
        ModelWeights global = round.global();
        float[][] deltas = Vectors.deltas(global, in);
        double[] scores = new double[deltas.length];
        float[] delta = combine(deltas, reference.delta(round.round(), global), scores);
        Map<String, SiteScore> s = new LinkedHashMap<>();
        for (int k = 0; k < deltas.length; k++) {
            s.put(in.get(k).siteId(), new SiteScore(scores[k], Double.NaN, scores[k] > 0, Double.NaN));
        }
        last = Collections.unmodifiableMap(s);
        return Vectors.apply(global, delta);
    }

    @Override
    public Map<String, SiteScore> lastScores() {
        return last;
    }
}
