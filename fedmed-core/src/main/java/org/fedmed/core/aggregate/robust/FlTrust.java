package org.fedmed.core.aggregate.robust;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.Contribution;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;

/**
 * {@code fltrust}: trust bootstrapping from a root dataset the coordinator holds (Cao et al., NDSS
 * 2021, "FLTrust: Byzantine-robust federated learning via trust bootstrapping"). Each round the
 * coordinator trains from the global model on its own clean examples to get g₀; an update gᵢ earns
 * the trust score TSᵢ = ReLU(cos(gᵢ, g₀)) and is rescaled to ‖g₀‖, so neither its direction (a flipped
 * or unrelated update scores 0) nor its size (a boosted update is scaled back) can buy influence:
 * Δ = Σ TSᵢ·(‖g₀‖/‖gᵢ‖)·gᵢ / Σ TSᵢ. When every score is 0 the model is kept (Δ = 0).
 *
 * <p>Running statistics (BatchNorm's running mean and variance) are not gradients: their changes can
 * outweigh the trained parameters' in a norm and a cosine, and rescaling them would leave them
 * inconsistent with the weights. Scores and norms are therefore taken over the trained tensors only,
 * and the statistics move by the trust-weighted mean of the trusted updates' own changes.
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

    /**
     * The FLTrust aggregate of {@code deltas} given the coordinator's update {@code root}; fills {@code scores}.
     *
     * @param statistic which coordinates are running statistics (scored by none, moved by the trusted updates' mean)
     */
    static float[] combine(float[][] deltas, float[] root, boolean[] statistic, double[] scores) {
        float[] rootTrained = trained(root, statistic);
        double rootNorm = Vectors.norm(rootTrained);
        float[] out = new float[root.length];
        double total = 0;
        double[] norms = new double[deltas.length];
        for (int k = 0; k < deltas.length; k++) {
            float[] d = trained(deltas[k], statistic);
            norms[k] = Vectors.norm(d);
            scores[k] = Math.max(0, Vectors.cosine(d, rootTrained));
            total += scores[k];
        }
        if (total == 0) {
            return out;
        }
        double[] acc = new double[root.length];
        for (int k = 0; k < deltas.length; k++) {
            if (scores[k] > 0) {
                double w = scores[k] / total;
                double scale = rootNorm / norms[k];
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += w * (statistic[i] ? 1 : scale) * deltas[k][i];
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
        float[] delta = combine(deltas, reference.delta(round.round(), global), statistics(global), scores);
        Map<String, SiteScore> s = new LinkedHashMap<>();
        for (int k = 0; k < deltas.length; k++) {
            s.put(in.get(k).siteId(), new SiteScore(scores[k], Double.NaN, scores[k] > 0, Double.NaN));
        }
        last = Collections.unmodifiableMap(s);
        return Vectors.apply(global, delta);
    }

    /** {@code x} with its running-statistic coordinates set to 0 (the same length, so cosines and norms ignore them). */
    private static float[] trained(float[] x, boolean[] statistic) {
        float[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            if (statistic[i]) {
                out[i] = 0;
            }
        }
        return out;
    }

    private static boolean[] statistics(ModelWeights layout) {
        boolean[] out = new boolean[layout.size()];
        int at = 0;
        for (TensorSpec t : layout.specs()) {
            Arrays.fill(out, at, at + t.numel(), t.isRunningStatistic());
            at += t.numel();
        }
        return out;
    }

    @Override
    public Map<String, SiteScore> lastScores() {
        return last;
    }
}
