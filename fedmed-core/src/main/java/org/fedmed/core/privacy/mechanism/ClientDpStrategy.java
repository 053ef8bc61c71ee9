package org.fedmed.core.privacy.mechanism;

import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.NoiseSchedule;
import org.fedmed.core.privacy.accounting.PrivacySpent;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.accounting.SampledGaussianRdp;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.PrivacyReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.strategy.SamplingStrategy;
import org.fedmed.core.strategy.Strategy;

/**
 * Client-level differential privacy for the federation: DP-FedAvg (McMahan, Ramage, Talwar &amp;
 * Zhang 2018, "Learning Differentially Private Recurrent Language Models"), built like TensorFlow
 * Federated's DP aggregator as DP(clip(mean)) around a FedAvg-family strategy.
 *
 * <p>The wrapped {@link SamplingStrategy} supplies the configure side (which sites train, with which
 * local settings) and {@link #minimumSites()}; its own aggregation rule is NOT used. Each round:
 * <ol>
 *   <li>every site's delta Δ_k = update_k − global is clipped to L2 norm C (or, per layer, tensor i
 *       to C_i);</li>
 *   <li>the clipped deltas are averaged with <b>equal weights</b> — not by sample count. The
 *       DP-FedAvg sensitivity analysis assumes uniform (or capped, bounded) weights: with weights
 *       proportional to sample counts one site's influence, and so the noise needed, would depend
 *       on its data size;</li>
 *   <li>the sum is divided by m = the number of sites <b>sampled for the round</b> in
 *       {@link #configureFit} — the expected number of participants, fixed before any update
 *       arrives — not by the number that answered. A fixed denominator keeps the sensitivity of
 *       the mean at C/m whatever happens in the round (the paper's fixed-denominator estimator);
 *       if sites drop out the mean is shrunk towards zero, never made less private;</li>
 *   <li>Gaussian noise N(0, (σ_t·C/m)²) is added per coordinate and the result is
 *       global + noisy mean delta (server learning rate 1).</li>
 * </ol>
 *
 * <p>Modes: {@link Mode#CENTRAL} — the coordinator adds all the noise; {@link Mode#DISTRIBUTED} —
 * each contribution carries its share σ·C/√m ({@link SiteNoise}) so the sum carries σ·C, for a later
 * secure aggregation. In simulation the strategy draws the sites' shares on their behalf (same
 * distribution); when fewer than m sites answer it tops the sum up centrally with the missing
 * variance, so the accounted σ always holds.
 *
 * <p>Accounting: after each aggregation one step of the sampled Gaussian mechanism with
 * q = sampled sites / available sites and the round's σ is recorded into the client-level
 * accountant of a {@link PrivacyLedger}. Per-layer noise is recorded with
 * {@link SampledGaussianRdp#effectiveNoiseMultiplier}; adaptive clipping records the target σ (see
 * {@link AdaptiveClipping}). Caveat: the RDP bound is the one of Poisson sampling, while
 * {@code SiteSampler} draws a fixed number of sites without replacement; that is how TF Federated
 * and most papers account too, but it is not a formal proof for fixed-size sampling.
 *
 * <p>Noise comes from {@link GaussianNoise#secure()} unless a seed is given explicitly
 * ({@link Builder#seed(long)}), which makes the run reproducible and NOT private — for research only.
 *
 * <p>Not thread-safe: the federation calls one strategy from one thread.
 */
public final class ClientDpStrategy implements org.fedmed.core.strategy.StatefulStrategy {

    /** Where the noise is added. */
    public enum Mode { CENTRAL, DISTRIBUTED }

    private final SamplingStrategy inner;
    private final Mode mode;
    private final NoiseSchedule schedule;
    private final double fixedClipNorm;
    private final AdaptiveClipping adaptive;
    private final double[] layerClipNorms;
    private final double[] layerSigmas;
    private GaussianNoise noise;
    private final Long seed;
    private final PrivacyLedger ledger;
    private final RdpAccountant.Snapshot ledgerStart;
    private final Map<Integer, int[]> sampled = new HashMap<>();
    private final List<PrivacyReport.Round> history = new ArrayList<>();

    private ClientDpStrategy(Builder b) {
        this.inner = b.inner;
        this.mode = b.mode;
        this.schedule = b.schedule;
        this.fixedClipNorm = b.clipNorm;
        this.adaptive = b.adaptive;
        this.layerClipNorms = b.layerClipNorms;
        this.layerSigmas = b.layerSigmas;
        this.noise = b.seed == null ? GaussianNoise.secure() : GaussianNoise.seeded(b.seed);
        this.seed = b.seed;
        this.ledger = b.ledger;
        this.ledgerStart = ledger.clientLevel().snapshot();
    }

    /** Starts wrapping {@code inner}; give a clip norm (fixed, adaptive or per layer) and σ. */
    public static Builder wrap(SamplingStrategy inner) {
        return new Builder(inner);
    }

    @Override
    public String name() {
        return "dp-" + inner.name();
    }

    @Override
    public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
        List<FitAssignment> out = inner.configureFit(round, global, availableSites);
        sampled.keySet().removeIf(r -> r <= round); // rounds that were configured but never aggregated
        sampled.put(round, new int[] {out.size(), availableSites.size()});
        return out;
    }

    @Override
    public List<String> configureEvaluate(int round, List<String> availableSites) {
        return inner.configureEvaluate(round, availableSites);
    }

    @Override
    public int minimumSites() {
        return inner.minimumSites();
    }

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        int[] counts = sampled.remove(round);
        if (counts == null) {
            throw new IllegalStateException("round " + round + " was not configured by this strategy");
        }
        int m = counts[0];
        double q = counts[1] == 0 ? 0.0 : (double) counts[0] / counts[1];
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("no updates to aggregate");
        }
        if (updates.size() > m) {
            throw new IllegalArgumentException(updates.size() + " updates but only " + m + " sites were sampled");
        }
        List<ModelWeights> deltas = UpdateClipping.deltas(global, updates);
        double sigma = schedule.multiplier(round);
        Checks.noiseMultiplier(sigma);

        int tensors = global.tensorCount();
        double[] clip = new double[tensors];
        double[] std = new double[tensors]; // std of the noise on the SUM, per tensor
        double accountedSigma;
        List<ModelWeights> clipped = new ArrayList<>(deltas.size());
        double reportedClip;
        if (layerClipNorms != null) {
            if (layerClipNorms.length != tensors) {
                throw new IllegalArgumentException("per-layer clipping has " + layerClipNorms.length
                        + " clip norms but the model has " + tensors + " tensors");
            }
            double sq = 0;
            for (int t = 0; t < tensors; t++) {
                clip[t] = layerClipNorms[t];
                std[t] = layerSigmas[t] * layerClipNorms[t];
                sq += clip[t] * clip[t];
            }
            for (ModelWeights d : deltas) {
                clipped.add(UpdateClipping.clipPerTensor(d, layerClipNorms));
            }
            accountedSigma = SampledGaussianRdp.effectiveNoiseMultiplier(layerSigmas);
            reportedClip = Math.sqrt(sq);
        } else {
            double c = adaptive != null ? adaptive.clipNorm() : fixedClipNorm;
            double updateSigma = adaptive != null
                    ? AdaptiveClipping.updateNoiseMultiplier(sigma, adaptive.countNoiseStd()) : sigma;
            java.util.Arrays.fill(clip, c);
            java.util.Arrays.fill(std, updateSigma * c);
            clipped.addAll(UpdateClipping.clipAll(deltas, c));
            accountedSigma = sigma;
            reportedClip = c;
        }

        int n = global.size();
        double[] sum = new double[n];
        for (ModelWeights d : clipped) {
            ModelWeights contribution = d;
            if (mode == Mode.DISTRIBUTED) {
                double[] siteSigmas = new double[tensors];
                for (int t = 0; t < tensors; t++) {
                    siteSigmas[t] = std[t] / clip[t];
                }
                contribution = SiteNoise.addNoisePerTensor(d, siteSigmas, clip, m, noise);
            }
            float[] v = contribution.values();
            for (int i = 0; i < n; i++) {
                sum[i] += v[i];
            }
        }
        // Central mode: all of the noise. Distributed: only what absent sites did not contribute.
        double share = mode == Mode.CENTRAL ? 1.0 : (double) (m - clipped.size()) / m;
        float[] g = global.values();
        float[] out = new float[n];
        for (int t = 0; t < tensors; t++) {
            int from = global.offset(t);
            int to = from + global.specs().get(t).numel();
            double s = std[t] * Math.sqrt(share);
            for (int i = from; i < to; i++) {
                double noisy = s == 0.0 ? sum[i] : sum[i] + noise.next(s);
                out[i] = (float) (g[i] + noisy / m);
            }
        }
        if (adaptive != null) {
            double[] norms = new double[deltas.size()];
            for (int k = 0; k < norms.length; k++) {
                norms[k] = deltas.get(k).l2Norm();
            }
            adaptive.update(norms, m, noise);
        }
        ledger.recordClientLevel(q, accountedSigma, 1);
        history.add(new PrivacyReport.Round(round, q, accountedSigma, reportedClip, clipped.size(), Double.NaN));
        return global.withValues(out);
    }

    @Override
    public org.fedmed.core.strategy.StrategyState saveState() {
        return new org.fedmed.core.strategy.StrategyState(name(), ClientDpState.save(history, adaptive));
    }

    /**
     * Resumes from a stored state: the rounds are recorded in the ledger again (ε continues where it
     * was) and the adaptive clip norm comes back. Seeded noise restarts
     * from a stream derived from the seed and the last round (never the first rounds' noise again),
     * so a resumed seeded run differs from an uninterrupted one; secure noise needs no state.
     */
    @Override
    public void restoreState(org.fedmed.core.strategy.StrategyState state) {
        if (!name().equals(state.strategy())) {
            throw new IllegalArgumentException("cannot restore the state of " + state.strategy() + " into " + name());
        }
        if (!history.isEmpty()) {
            throw new IllegalStateException("restore the DP strategy's state before its first round");
        }
        if (state.isEmpty()) {
            return;
        }
        List<PrivacyReport.Round> rounds = ClientDpState.rounds(state);
        for (PrivacyReport.Round r : rounds) {
            ledger.recordClientLevel(r.samplingRate(), r.noiseMultiplier(), 1);
            history.add(r);
        }
        if (adaptive != null) {
            adaptive.restoreClipNorm(ClientDpState.clipNorm(state));
        }
        if (seed != null && !rounds.isEmpty()) {
            noise = GaussianNoise.seeded(Seeds.mix(seed, rounds.get(rounds.size() - 1).round(), 0x6e6f));
        }
    }

    /** The client-level (ε, δ) spent so far in the ledger (improved conversion). */
    public PrivacySpent spent(double delta) {
        return ledger.clientLevelSpent(delta, Conversion.IMPROVED);
    }

    /** The ledger this strategy records into. */
    public PrivacyLedger ledger() {
        return ledger;
    }

    /** The clip norm the next round will use (adaptive clipping moves it; NaN for per-layer clipping). */
    public double clipNorm() {
        if (layerClipNorms != null) {
            return Double.NaN;
        }
        return adaptive != null ? adaptive.clipNorm() : fixedClipNorm;
    }

    public Mode mode() {
        return mode;
    }

    /** Round-by-round client-level privacy since this strategy was built, ε cumulative at δ. */
    public PrivacyReport report(double delta, Conversion conversion) {
        Checks.delta(delta);
        RdpAccountant acc = RdpAccountant.restore(ledgerStart);
        List<PrivacyReport.Round> rows = new ArrayList<>(history.size());
        for (PrivacyReport.Round r : history) {
            acc.record(r.samplingRate(), r.noiseMultiplier(), 1);
            rows.add(new PrivacyReport.Round(r.round(), r.samplingRate(), r.noiseMultiplier(), r.clipNorm(),
                    r.participants(), acc.spent(delta, conversion).epsilon()));
        }
        return new PrivacyReport(mechanismName(), delta, conversion, rows);
    }

    private String mechanismName() {
        String clipping = layerClipNorms != null ? "per-layer clipping"
                : adaptive != null ? "adaptive clipping (gamma=" + adaptive.targetQuantile() + ")"
                : "fixed clipping (C=" + fixedClipNorm + ")";
        return "DP-FedAvg, " + mode.name().toLowerCase(java.util.Locale.ROOT) + " Gaussian noise, " + clipping
                + ", uniform weights, client-level" + (noise.deterministic() ? ", SEEDED NOISE (not private)" : "");
    }

    /** Settings of a {@link ClientDpStrategy}. */
    public static final class Builder {
        private final SamplingStrategy inner;
        private Mode mode = Mode.CENTRAL;
        private NoiseSchedule schedule;
        private double clipNorm = Double.NaN;
        private AdaptiveClipping adaptive;
        private double[] layerClipNorms;
        private double[] layerSigmas;
        private Long seed;
        private PrivacyLedger ledger;

        private Builder(SamplingStrategy inner) {
            this.inner = Objects.requireNonNull(inner, "inner");
        }

        /** Fixed clip norm C &gt; 0. */
        public Builder clipNorm(double c) {
            this.clipNorm = UpdateClipping.checkClipNorm(c);
            return this;
        }

        /** Adaptive clip norm; needs σ_b &gt; σ_t/2 in every round. */
        public Builder adaptiveClipping(AdaptiveClipping a) {
            this.adaptive = Objects.requireNonNull(a, "adaptive");
            return this;
        }

        /** Per-tensor clip norms C_i and multipliers σ_i (fixed over rounds), one per model tensor. */
        public Builder perLayer(double[] clipNorms, double[] sigmas) {
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
        public Builder noiseMultiplier(double sigma) {
            this.schedule = NoiseSchedule.constant(sigma);
            return this;
        }

        /** σ_t per round. */
        public Builder noise(NoiseSchedule s) {
            this.schedule = Objects.requireNonNull(s, "schedule");
            return this;
        }

        public Builder mode(Mode m) {
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        /** Reproducible noise for research/tests ONLY: the seed reveals the noise, so no privacy. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The ledger to record into (default: a fresh one). */
        public Builder ledger(PrivacyLedger l) {
            this.ledger = Objects.requireNonNull(l, "ledger");
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
            if (ledger == null) {
                ledger = new PrivacyLedger();
            }
            return new ClientDpStrategy(this);
        }
    }
}
