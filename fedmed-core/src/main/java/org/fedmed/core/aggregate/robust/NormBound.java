package org.fedmed.core.aggregate.robust;

import java.util.Locale;
import org.fedmed.core.privacy.mechanism.GaussianNoise;

/**
 * {@code norm_bound(M, σ)} (Sun et al. 2019, "Can you really backdoor federated learning?"): each
 * update is scaled to L2 norm at most M before the (unweighted) mean, so a boosted model-replacement
 * update counts no more than an honest one; optionally N(0, σ²) is added to each coordinate of the
 * mean ("weak DP"), which the paper finds blunts backdoors further. The noise is a defence, not a
 * privacy guarantee: no ε is claimed for it. It is drawn from the run's seed (reproducible) unless
 * {@code secure=1} asks for the JDK's DRBG.
 */
public final class NormBound implements VectorRule {

    private final double bound;
    private final double sigma;
    private final GaussianNoise noise;

    public NormBound(double bound, double sigma, GaussianNoise noise) {
        if (!(bound > 0) || !Double.isFinite(bound)) {
            throw new IllegalArgumentException("aggregator norm_bound needs a norm bound M > 0, got " + bound);
        }
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("aggregator norm_bound needs a noise sigma ≥ 0, got " + sigma);
        }
        this.bound = bound;
        this.sigma = sigma;
        this.noise = noise;
    }

    @Override
    public String describe() {
        String s = String.format(Locale.ROOT, "norm_bound(M=%s", bound);
        if (sigma > 0) {
            s += String.format(Locale.ROOT, ", σ=%s, %s noise", sigma, noise.deterministic() ? "seeded" : "secure");
        }
        return s + ")";
    }

    @Override
    public float[] combine(float[][] deltas) {
        int d = deltas[0].length;
        double[] sum = new double[d];
        for (float[] x : deltas) {
            double scale = Math.min(1, bound / Math.max(Vectors.norm(x), Double.MIN_NORMAL));
            for (int i = 0; i < d; i++) {
                sum[i] += scale * x[i];
            }
        }
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            out[i] = (float) (sum[i] / deltas.length);
        }
        if (sigma > 0) {
            noise.addTo(out, 0, d, sigma);
        }
        return out;
    }
}
