package org.fedmed.core.privacy.clientdp;

import java.util.Objects;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.NoiseSchedule;
import org.fedmed.core.privacy.accounting.SampledGaussianRdp;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.mechanism.AdaptiveClipping;
import org.fedmed.core.privacy.mechanism.UpdateClipping;
import org.fedmed.core.strategy.SamplingStrategy;

/** Settings of a {@link ClientDpStrategy}. */
public final class ClientDpBuilder {

    final SamplingStrategy inner;
    ClientDpStrategy.Mode mode = ClientDpStrategy.Mode.CENTRAL;
    NoiseSchedule schedule;
    double clipNorm = Double.NaN;
    AdaptiveClipping adaptive;
    double[] layerClipNorms;
    double[] layerSigmas;
    Long seed;
    PrivacyLedger ledger;
    boolean secureSum;

    ClientDpBuilder(SamplingStrategy inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** Fixed clip norm C &gt; 0. */
    public ClientDpBuilder clipNorm(double c) {
        this.clipNorm = UpdateClipping.checkClipNorm(c);
        return this;
    }

    /** Adaptive clip norm; needs σ_b &gt; σ_t/2 in every round. */
    public ClientDpBuilder adaptiveClipping(AdaptiveClipping a) {
        this.adaptive = Objects.requireNonNull(a, "adaptive");
        return this;
    }

    /** Per-tensor clip norms C_i and multipliers σ_i (fixed over rounds), one per model tensor. */
    public ClientDpBuilder perLayer(double[] clipNorms, double[] sigmas) {
        if (clipNorms.length == 0 || clipNorms.length != sigmas.length) {
            throw new IllegalArgumentException("need as many per-layer noise multipliers as clip norms, got "
                    + clipNorms.length + " and " + sigmas.length);
        }
        for (int i = 0; i < clipNorms.length; i++) {
            UpdateClipping.checkClipNorm(clipNorms[i]);
            Checks.noiseMultiplier(sigmas[i]);
        }
        this.layerClipNorms = clipNorms.clone();
        this.layerSigmas = sigmas.clone();
        return this;
    }

    /** The same σ every round. */
    public ClientDpBuilder noiseMultiplier(double sigma) {
        this.schedule = NoiseSchedule.constant(sigma);
        return this;
    }

    /** σ_t per round. */
    public ClientDpBuilder noise(NoiseSchedule s) {
        this.schedule = Objects.requireNonNull(s, "schedule");
        return this;
    }

    public ClientDpBuilder mode(ClientDpStrategy.Mode m) {
        this.mode = Objects.requireNonNull(m, "mode");
        return this;
    }

    /** Reproducible noise for research/tests ONLY: the seed reveals the noise, so no privacy. */
    public ClientDpBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    /** The ledger to record into (default: a fresh one). */
    public ClientDpBuilder ledger(PrivacyLedger l) {
        this.ledger = Objects.requireNonNull(l, "ledger");
        return this;
    }

    /**
     * The round's updates are summed securely (SecAgg+): the coordinator never sees one site's
     * update. In distributed mode the sites then add Skellam noise in the ring instead of Gaussian
     * shares (the sum of rounded Gaussian shares has no DP bound of its own).
     */
    public ClientDpBuilder secureSum(boolean s) {
        this.secureSum = s;
        return this;
    }

    public ClientDpStrategy build() {
        int clippings = (Double.isNaN(clipNorm) ? 0 : 1) + (adaptive == null ? 0 : 1) + (layerClipNorms == null ? 0 : 1);
        if (clippings != 1) {
            throw new IllegalArgumentException("choose exactly one of a fixed clip norm, adaptive clipping or "
                    + "per-layer clipping (got " + clippings + ")");
        }
        if (layerClipNorms != null) {
            if (schedule != null) {
                throw new IllegalArgumentException("per-layer clipping takes its noise multipliers from perLayer(...), "
                        + "not from a noise schedule");
            }
            double[] s = layerSigmas;
            schedule = round -> SampledGaussianRdp.effectiveNoiseMultiplier(s);
        } else if (schedule == null) {
            throw new IllegalArgumentException("a noise multiplier or noise schedule is required");
        }
        if (adaptive != null && !(adaptive.countNoiseStd() > 0)) {
            throw new IllegalArgumentException("adaptive clipping under DP needs count noise sigma_b > 0");
        }
        if (inner.options().weighting() != AggregationWeighting.SAMPLE_COUNT) {
            throw new IllegalArgumentException("client-level DP averages the clipped updates with uniform weights; the '"
                    + inner.options().weighting().id() + "' weighting cannot apply (it would also use noiseless site scores)");
        }
        if (secureSum && mode == ClientDpStrategy.Mode.DISTRIBUTED && (adaptive != null || layerClipNorms != null)) {
            throw new IllegalArgumentException("distributed DP under secure aggregation supports a fixed clip norm only: "
                    + (adaptive != null ? "adaptive clipping's clip count" : "per-layer clipping's noise") + " would need its own "
                    + "discrete noise inside the sum (use dp_mode central or a fixed dp_clip)");
        }
        if (ledger == null) {
            ledger = new PrivacyLedger();
        }
        return new ClientDpStrategy(this);
    }
}
