package org.fedmed.core.privacy.clientdp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.fedmed.core.aggregate.AdaptiveClipStage;
import org.fedmed.core.aggregate.AggregationPipeline;
import org.fedmed.core.aggregate.AggregationRound;
import org.fedmed.core.aggregate.ClipStage;
import org.fedmed.core.aggregate.GaussianStage;
import org.fedmed.core.aggregate.LayerClipStage;
import org.fedmed.core.aggregate.NoiseShareStage;
import org.fedmed.core.aggregate.ServerStage;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.aggregate.SiteStage;
import org.fedmed.core.aggregate.UniformMeanReducer;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.Checks;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.NoiseSchedule;
import org.fedmed.core.privacy.accounting.PrivacySpent;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.accounting.SampledGaussianRdp;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.privacy.mechanism.AdaptiveClipping;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.strategy.SamplingStrategy;
import org.fedmed.core.strategy.StatefulStrategy;
import org.fedmed.core.strategy.StrategyState;

/**
 * Client-level differential privacy for the federation: DP-FedAvg (McMahan, Ramage, Talwar &amp;
 * Zhang 2018) composed with any FedAvg-family strategy, as TensorFlow Federated composes
 * {@code gaussian(clip(mean))} and then a server optimizer. The wrapped strategy supplies local
 * training settings and its <b>server optimizer</b> (so DP-FedAdam applies Adam to the noisy mean);
 * the aggregation is the pipeline
 * <pre>clip(C) [→ noise_share] → mean(uniform, fixed denominator) → gaussian(σ) [→ adaptive_clip] → optimizer</pre>
 * <ol>
 *   <li>each site clips its own delta (site stage, sent in the fit task; per layer: tensor i to C_i);</li>
 *   <li>the clipped deltas are averaged with equal weights over m fixed before the round (the
 *       sensitivity stays C/m whatever the sites' sizes or dropouts);</li>
 *   <li>N(0, (σ_t·C/m)²) is added per coordinate (distributed mode: each site adds its share
 *       σC/√m, the coordinator only what absent sites did not);</li>
 *   <li>adaptive clipping updates C from a noised <b>centred</b> count of the sites' clip bits.</li>
 * </ol>
 *
 * <p>Sampling and accounting: with a fraction q &lt; 1 sites are drawn by <b>Poisson sampling</b>
 * (each independently with probability q, from the JDK DRBG unless seeded) and m = q·N, which is
 * the sampling the RDP bound of the sampled Gaussian mechanism assumes; with q = 1 every site takes
 * part and no amplification is claimed. After each aggregation one step (q, σ_t) is recorded in the
 * client-level accountant of a {@link PrivacyLedger}. Per-layer noise is recorded with
 * {@link SampledGaussianRdp#effectiveNoiseMultiplier}; adaptive clipping records the target σ.
 *
 * <p>Noise comes from {@link GaussianNoise#secure()} unless a seed is given ({@link Builder#seed(long)}),
 * which makes the run reproducible and NOT private: research only, flagged in the report.
 *
 * <p>Not thread-safe: the federation calls one strategy from one thread.
 */
public final class ClientDpStrategy implements StatefulStrategy {

    /** Where the noise is added. */
    public enum Mode { CENTRAL, DISTRIBUTED }

    /** A round's sampling, fixed before any update arrives: the rate q and the expected number of sites q·N. */
    private record Draw(double q, double expected) {
    }

    private static final long SAMPLING_STREAM = 0x706f6973L;

    private final SamplingStrategy inner;
    private final Mode mode;
    private final NoiseSchedule schedule;
    private final double fixedClipNorm;
    private final AdaptiveClipping adaptive;
    private final double[] layerClipNorms;
    private final double[] layerSigmas;
    private GaussianNoise noise;
    private final Long seed;
    private final SecureRandom samplingRandom;
    private final PrivacyLedger ledger;
    private final RdpAccountant.Snapshot ledgerStart;
    private final AggregationPipeline pipeline;
    private final Map<Integer, Draw> configured = new HashMap<>();
    private final List<PrivacyReport.Round> history = new ArrayList<>();
    private SitePlan plan;
    private final boolean secureSum;
    private int modelSize;
    private final Map<Integer, SkellamRound> skellam = new HashMap<>();
    private final List<SkellamRound> skellamHistory = new ArrayList<>();

    ClientDpStrategy(ClientDpBuilder b) {
        this.inner = b.inner;
        this.mode = b.mode;
        this.schedule = b.schedule;
        this.fixedClipNorm = b.clipNorm;
        this.adaptive = b.adaptive;
        this.layerClipNorms = b.layerClipNorms;
        this.layerSigmas = b.layerSigmas;
        this.noise = b.seed == null ? GaussianNoise.secure() : GaussianNoise.seeded(b.seed);
        this.seed = b.seed;
        this.samplingRandom = b.seed == null ? GaussianNoise.drbg() : null;
        this.ledger = b.ledger;
        this.ledgerStart = ledger.clientLevel().snapshot();
        this.secureSum = b.secureSum;
        // the plan before round 1, for the pipeline's checks; configureFit makes each round's for the real model
        this.plan = sitePlan(1, 1.0, layerClipNorms != null ? layerClipNorms.length : 1);
        List<ServerStage> stages = new ArrayList<>();
        if (!ringNoise()) {
            stages.add(new GaussianStage(this::sumNoiseStd, mode == Mode.DISTRIBUTED, () -> noise, noiseLabel()));
        }
        if (adaptive != null) {
            stages.add(new AdaptiveClipStage(adaptive, () -> noise));
        }
        this.pipeline = new AggregationPipeline(() -> plan, new UniformMeanReducer(), stages, inner.optimizer());
    }

    /** Why a robust aggregator and client-level DP do not go together (one message wherever it is refused). */
    public static String robustRefusal(String aggregator) {
        return "aggregator " + aggregator + " cannot be combined with client-level DP: DP-FedAvg's noise is calibrated to a"
                + " uniform mean of clipped updates (clip → mean(uniform) → gaussian), which a robust rule would replace;"
                + " use aggregator mean, or sample-level DP (dp_level sample)";
    }

    /** Starts wrapping {@code inner}; give a clip norm (fixed, adaptive or per layer) and σ. */
    public static ClientDpBuilder wrap(SamplingStrategy inner) {
        if (inner.robustRule() != null) {
            throw new IllegalArgumentException(robustRefusal(inner.robustRule().describe()));
        }
        if (inner.clientDpConflict() != null) {
            throw new IllegalArgumentException(inner.clientDpConflict());
        }
        return new ClientDpBuilder(inner);
    }

    @Override
    public String name() {
        return "dp-" + inner.name();
    }

    @Override
    public String aggregation() {
        String d = pipeline.describe();
        if (ringNoise()) {
            return d.replace("mean(uniform", "secure_sum(skellam σ=" + new java.math.BigDecimal(schedule.multiplier(1), new java.math.MathContext(4))
                    .stripTrailingZeros().toPlainString()
                    + ", added by the sites) → mean(uniform");
        }
        return secureSum ? d.replace("mean(uniform", "secure_sum → mean(uniform") : d;
    }

    /** Distributed noise under a secure sum: the sites add Skellam noise in the ring ({@link SkellamRound}). */
    private boolean ringNoise() {
        return secureSum && mode == Mode.DISTRIBUTED;
    }

    /**
     * Under a secure sum: every site counts once with its delta clipped to C. In distributed mode each
     * of the n participants adds Skellam noise of parameter μ/n, μ = (σC)²/2, and the round is
     * accounted with the survivors' noise ({@link SkellamRound}); the quantization scale is fixed
     * here because the accounting depends on it.
     */
    @Override
    public SecureInputSpec secureInput(int round, int participants, int threshold) {
        double clip = clipOf(0);
        if (!ringNoise()) {
            return SecureInputSpec.uniform(clip, 0, 0, Double.NaN);
        }
        SkellamRound r = SkellamRound.plan(round, modelSize, clip, Checks.noiseMultiplier(schedule.multiplier(round)),
                participants, threshold);
        skellam.put(round, r);
        return SecureInputSpec.uniform(clip, r.headroomStd(), r.muPerSiteUnits(), r.scale());
    }

    /**
     * Poisson sampling at q = the wrapped strategy's fraction (q = 1: every site); the round's
     * site plan (clip at the current norm, a noise share in distributed mode) goes with each assignment.
     */
    @Override
    public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
        double q = inner.options().sampler().fraction();
        List<String> chosen = q >= 1.0 ? List.copyOf(availableSites) : poisson(round, availableSites, q);
        double expected = q * availableSites.size();
        configured.keySet().removeIf(r -> r <= round); // rounds configured but never aggregated
        configured.put(round, new Draw(q, expected));
        modelSize = global.size();
        plan = sitePlan(round, expected, global.tensorCount());
        List<FitAssignment> out = new ArrayList<>();
        for (FitAssignment a : inner.configureFor(round, chosen)) {
            out.add(a.withSitePlan(plan));
        }
        return out;
    }

    private List<String> poisson(int round, List<String> sites, double q) {
        Random r = samplingRandom != null ? samplingRandom : new Random(Seeds.mix(seed, round, SAMPLING_STREAM));
        List<String> out = new ArrayList<>();
        for (String s : sites) {
            if (r.nextDouble() < q) {
                out.add(s);
            }
        }
        return out;
    }

    private SitePlan sitePlan(int round, double expected, int tensors) {
        List<SiteStage> stages = new ArrayList<>();
        if (layerClipNorms != null) {
            stages.add(new LayerClipStage(layerClipNorms));
        } else {
            stages.add(new ClipStage(adaptive != null ? adaptive.clipNorm() : fixedClipNorm));
        }
        if (mode == Mode.DISTRIBUTED && !secureSum) {
            double[] std = sumNoiseStd(round, tensors);
            double[] sigmas = new double[std.length];
            double[] clips = new double[std.length];
            for (int t = 0; t < std.length; t++) {
                clips[t] = clipOf(t);
                sigmas[t] = std[t] / clips[t];
            }
            stages.add(NoiseShareStage.forParticipants(sigmas, clips, Math.max(1.0, expected), seed != null));
        }
        return new SitePlan(stages);
    }

    private double clipOf(int tensor) {
        return layerClipNorms != null ? layerClipNorms[tensor] : adaptive != null ? adaptive.clipNorm() : fixedClipNorm;
    }

    /** σ·C per tensor on the sum (adaptive clipping: the update's share σ_Δ of the target σ). */
    private double[] sumNoiseStd(int round, int tensors) {
        double[] std = new double[tensors];
        if (layerClipNorms != null) {
            if (layerClipNorms.length != tensors) {
                throw new IllegalArgumentException("per-layer clipping has " + layerClipNorms.length
                        + " clip norms but the model has " + tensors + " tensors");
            }
            for (int t = 0; t < tensors; t++) {
                std[t] = layerSigmas[t] * layerClipNorms[t];
            }
            return std;
        }
        double sigma = Checks.noiseMultiplier(schedule.multiplier(round));
        double updateSigma = adaptive != null ? AdaptiveClipping.updateNoiseMultiplier(sigma, adaptive.countNoiseStd()) : sigma;
        Arrays.fill(std, updateSigma * clipOf(0));
        return std;
    }

    private String noiseLabel() {
        return layerClipNorms != null ? "per-layer σ=" + Arrays.toString(layerSigmas)
                : adaptive != null ? "σ=" + schedule.multiplier(1) + " split with the clip count" : "σ=" + schedule.multiplier(1)
                + (schedule.multiplier(1) != schedule.multiplier(Integer.MAX_VALUE / 2) ? " scheduled" : "");
    }

    /** Round results keep no site names, per-site metrics or train loss unless this is a seeded research run. */
    @Override
    public boolean withholdsSiteDetails() {
        return seed == null;
    }

    @Override
    public List<String> configureEvaluate(int round, List<String> availableSites) {
        return inner.configureEvaluate(round, availableSites);
    }

    /** One is enough: a higher minimum would make whether a round aggregates depend on who was drawn. */
    @Override
    public int minimumSites() {
        return 1;
    }

    @Override
    public String checkUpdate(int round, SiteUpdate update) {
        return pipeline.violation(update.contribution());
    }

    @Override
    public ModelWeights aggregateFit(int round, ModelWeights global, List<SiteUpdate> updates) {
        Draw draw = configured.remove(round);
        if (draw == null) {
            throw new IllegalStateException("round " + round + " was not configured by this strategy");
        }
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("no updates to aggregate");
        }
        double clip = plan.clipBound().orElseThrow(); // the bound this round's sites clipped to
        double accountedSigma = layerClipNorms != null ? SampledGaussianRdp.effectiveNoiseMultiplier(layerSigmas)
                : Checks.noiseMultiplier(schedule.multiplier(round));
        ModelWeights next = pipeline.aggregate(new AggregationRound(round, global, Math.max(draw.expected(), Double.MIN_NORMAL)),
                SamplingStrategy.contributions(updates));
        if (ringNoise()) {
            SkellamRound planned = skellam.remove(round);
            if (planned == null) {
                throw new IllegalStateException("round " + round + " was not summed securely, but its noise is added inside a secure sum");
            }
            SkellamRound r = planned.summed(updates.size());
            ledger.recordClientLevelSkellam(r.delta1(), r.delta2(), r.muSumRing());
            skellamHistory.add(r);
            history.add(new PrivacyReport.Round(round, 1.0, r.equivalentSigma(), clip, updates.size(), Double.NaN));
            return next;
        }
        ledger.recordClientLevel(draw.q(), accountedSigma, 1);
        history.add(new PrivacyReport.Round(round, draw.q(), accountedSigma, clip, updates.size(), Double.NaN));
        return next;
    }

    @Override
    public StrategyState saveState() {
        Map<String, float[]> arrays = new LinkedHashMap<>(ClientDpState.save(history));
        if (!skellamHistory.isEmpty()) {
            arrays.put(SkellamRound.STATE, SkellamRound.save(skellamHistory));
        }
        arrays.putAll(pipeline.saveState());
        return new StrategyState(name(), arrays);
    }

    /**
     * Resumes from a stored state: the rounds are recorded in the ledger again (ε continues where it
     * was), the adaptive clip norm and the server optimizer's state come back. Seeded noise restarts
     * from a stream derived from the seed and the last round, so a resumed seeded run differs from an
     * uninterrupted one; secure noise needs no state.
     */
    @Override
    public void restoreState(StrategyState state) {
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
        Map<Integer, SkellamRound> ring = new HashMap<>();
        if (state.names().contains(SkellamRound.STATE)) {
            SkellamRound.restore(state.array(SkellamRound.STATE)).forEach(r -> ring.put(r.round(), r));
        }
        for (PrivacyReport.Round r : rounds) {
            SkellamRound k = ring.get(r.round());
            if (k != null) {
                ledger.recordClientLevelSkellam(k.delta1(), k.delta2(), k.muSumRing());
                skellamHistory.add(k);
            } else {
                ledger.recordClientLevel(r.samplingRate(), r.noiseMultiplier(), 1);
            }
            history.add(r);
        }
        Map<String, float[]> rest = new LinkedHashMap<>();
        state.names().stream().filter(n -> !n.equals(ClientDpState.ROUNDS) && !n.equals(SkellamRound.STATE))
                .forEach(n -> rest.put(n, state.array(n)));
        pipeline.restoreState(rest);
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

    /** Whether the noise is reproducible from a seed (research runs: not private). */
    public boolean seeded() {
        return seed != null;
    }

    /** Round-by-round client-level privacy since this strategy was built, ε cumulative at δ. */
    public PrivacyReport report(double delta, Conversion conversion) {
        Checks.delta(delta);
        RdpAccountant acc = RdpAccountant.restore(ledgerStart);
        List<PrivacyReport.Round> rows = new ArrayList<>(history.size());
        Map<Integer, SkellamRound> ring = new HashMap<>();
        skellamHistory.forEach(k -> ring.put(k.round(), k));
        for (PrivacyReport.Round r : history) {
            SkellamRound k = ring.get(r.round());
            if (k != null) {
                acc.recordSkellam(k.delta1(), k.delta2(), k.muSumRing(), 1);
            } else {
                acc.record(r.samplingRate(), r.noiseMultiplier(), 1);
            }
            rows.add(new PrivacyReport.Round(r.round(), r.samplingRate(), r.noiseMultiplier(), r.clipNorm(),
                    r.participants(), acc.spent(delta, conversion).epsilon()));
        }
        return new PrivacyReport(mechanismName(), delta, conversion, rows);
    }

    private String mechanismName() {
        String clipping = layerClipNorms != null ? "per-layer clipping"
                : adaptive != null ? "adaptive clipping (gamma=" + adaptive.targetQuantile() + ")"
                : "fixed clipping (C=" + fixedClipNorm + ")";
        double q = inner.options().sampler().fraction();
        String noiseKind = ringNoise() ? "distributed Skellam noise inside SecAgg+ (accounted with the sites summed, "
                + "no sampling amplification)" : mode.name().toLowerCase(Locale.ROOT) + " Gaussian noise" + (secureSum ? " after SecAgg+" : "");
        return "DP-FedAvg, " + noiseKind + ", " + clipping
                + ", uniform weights, " + (q < 1 ? "Poisson sampling q=" + q : "every site each round")
                + ", client-level" + (noise.deterministic() ? ", SEEDED NOISE (not private)" : "");
    }
}
