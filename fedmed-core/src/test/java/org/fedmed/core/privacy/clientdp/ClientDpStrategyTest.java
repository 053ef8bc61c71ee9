package org.fedmed.core.privacy.clientdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.aggregate.NoiseShareStage;
import org.fedmed.core.aggregate.SiteContext;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.optimizer.AdaptiveServerOptimizer;
import org.fedmed.core.optimizer.ServerAdam;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.NoiseSchedule;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.accounting.SampledGaussianRdp;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.privacy.mechanism.AdaptiveClipping;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.strategy.FedAdam;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.StrategyOptions;
import org.junit.jupiter.api.Test;

class ClientDpStrategyTest {

    private static final double TINY_SIGMA = 1e-9;

    private static FedAvg fedAvg(double fraction) {
        return new FedAvg(StrategyOptions.defaults().withSampler(new SiteSampler(fraction, 1)));
    }

    private static List<String> sites(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("site-" + i);
        }
        return out;
    }

    static ModelWeights flat(float... v) {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {v.length})), v);
    }

    private static ModelWeights zeros(int n) {
        return flat(new float[n]);
    }

    private static SiteUpdate update(String site, ModelWeights w, long samples) {
        return new SiteUpdate(site, 1, w, samples, Map.of());
    }

    /** What a site sends for {@code trained}: it runs the assignment's site stages itself. */
    static SiteUpdate siteSends(FitAssignment a, int round, ModelWeights global, ModelWeights trained, long samples) {
        return LocalSite.finish(a.siteId(), new FitInstructions(round, global, a.config(), a.sitePlan()), trained, samples, Map.of());
    }

    /** Sites that answered in the last {@link #round} call. */
    private static int lastAnswered;

    /**
     * Runs one configured round with the given updates (one per sampled site, in order, until they
     * run out); a round where the Poisson draw chose nobody leaves the model as it was.
     */
    private static ModelWeights round(ClientDpStrategy s, int round, ModelWeights global, int available,
                                      List<ModelWeights> models) {
        List<FitAssignment> chosen = s.configureFit(round, global, sites(available));
        List<SiteUpdate> updates = new ArrayList<>();
        for (int k = 0; k < Math.min(chosen.size(), models.size()); k++) {
            updates.add(siteSends(chosen.get(k), round, global, models.get(k), 1 + k * 1000L));
        }
        lastAnswered = updates.size();
        return updates.isEmpty() ? global : s.aggregateFit(round, global, updates);
    }

    private static double[] meanAndStd(float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(var / (v.length - 1))};
    }

    @Test
    void clippedDeltasAreAveragedWithEqualWeights() {
        ClientDpStrategy s = ClientDpStrategy.wrap(fedAvg(1.0)).clipNorm(5).noiseMultiplier(TINY_SIGMA).seed(1).build();
        ModelWeights global = flat(1, 1);
        // site A (1 sample): delta (3, 4) within C = 5; site B (1000 samples): delta (30, 40) clipped to (3, 4)·...
        // B: ‖(30, 40)‖ = 50 → (3, 4); so the uniform mean is (3, 4) and global + mean = (4, 5).
        List<FitAssignment> chosen = s.configureFit(1, global, List.of("A", "B"));
        assertEquals(2, chosen.size());
        ModelWeights out = s.aggregateFit(1, global, List.of(siteSends(chosen.get(0), 1, global, flat(4, 5), 1),
                siteSends(chosen.get(1), 1, global, flat(31, 41), 1000)));
        assertArrayEquals(new float[] {4f, 5f}, out.values(), 1e-5f);

        // Uniform, not sample-count weighting: deltas (1, 0) with 1 sample and (0, 1) with 1000 → (0.5, 0.5)
        chosen = s.configureFit(2, global, List.of("A", "B"));
        out = s.aggregateFit(2, global, List.of(siteSends(chosen.get(0), 2, global, flat(2, 1), 1),
                siteSends(chosen.get(1), 2, global, flat(1, 2), 1000)));
        assertArrayEquals(new float[] {1.5f, 1.5f}, out.values(), 1e-5f);
        ModelWeights fedavg = fedAvg(1.0).aggregateFit(2, global,
                List.of(update("A", flat(2, 1), 1), update("B", flat(1, 2), 1000)));
        assertTrue(fedavg.values()[1] > 1.99f); // FedAvg would follow the big site
    }

    @Test
    void meanDividesByTheSitesSampledNotTheSitesThatAnswered() {
        ClientDpStrategy s = ClientDpStrategy.wrap(fedAvg(1.0)).clipNorm(10).noiseMultiplier(TINY_SIGMA).seed(1).build();
        // 3 sampled, 2 answer with deltas (3, 0) and (0, 3): sum (3, 3) / 3 = (1, 1)
        ModelWeights out = round(s, 1, zeros(2), 3, List.of(flat(3, 0), flat(0, 3)));
        assertArrayEquals(new float[] {1f, 1f}, out.values(), 1e-5f);
    }

    @Test
    void centralNoiseHasStdSigmaCOverM() {
        double sigma = 1.3;
        double c = 0.5;
        int m = 4;
        int n = 200_000;
        ClientDpStrategy s = ClientDpStrategy.wrap(fedAvg(1.0)).clipNorm(c).noiseMultiplier(sigma).seed(7).build();
        List<ModelWeights> models = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            models.add(zeros(n));
        }
        double[] ms = meanAndStd(round(s, 1, zeros(n), m, models).values());
        double expected = sigma * c / m;
        assertEquals(expected, ms[1], 0.02 * expected);
        assertEquals(0.0, ms[0], 5 * expected / Math.sqrt(n));
    }

    @Test
    void distributedNoiseSumsToTheCentralNoise() {
        double sigma = 0.9;
        double c = 2.0;
        int m = 5;
        int n = 200_000;
        // the noise_share site stage on its own: the sum of m contributions carries variance (σC)².
        GaussianNoise noise = GaussianNoise.seeded(3);
        float[] sum = new float[n];
        for (int k = 0; k < m; k++) {
            float[] v = NoiseShareStage.forParticipants(new double[] {sigma}, new double[] {c}, m, false)
                    .apply(zeros(n), new SiteContext("s" + k, 1, noise)).delta().values();
            double[] one = meanAndStd(v);
            assertEquals(sigma * c / Math.sqrt(m), one[1], 0.02 * sigma * c / Math.sqrt(m));
            for (int i = 0; i < n; i++) {
                sum[i] += v[i];
            }
        }
        assertEquals(sigma * c, meanAndStd(sum)[1], 0.02 * sigma * c);

        // Through the strategy: the noisy mean has std σC/m in both modes, also when a site drops out.
        for (int answering : new int[] {m, m - 2}) {
            ClientDpStrategy dist = ClientDpStrategy.wrap(fedAvg(1.0)).clipNorm(c).noiseMultiplier(sigma)
                    .mode(ClientDpStrategy.Mode.DISTRIBUTED).seed(11).build();
            List<ModelWeights> models = new ArrayList<>();
            for (int k = 0; k < answering; k++) {
                models.add(zeros(n));
            }
            double std = meanAndStd(round(dist, 1, zeros(n), m, models).values())[1];
            assertEquals(sigma * c / m, std, 0.02 * sigma * c / m, "answering " + answering);
        }
    }

    @Test
    void perLayerNoiseStdAndAccounting() {
        int n = 100_000;
        List<TensorSpec> specs = List.of(new TensorSpec("a", new int[] {n}), new TensorSpec("b", new int[] {n}));
        ModelWeights global = ModelWeights.zeros(specs);
        double[] clips = {1.0, 0.25};
        double[] sigmas = {1.5, 3.0};
        int m = 2;
        ClientDpStrategy s = ClientDpStrategy.wrap(fedAvg(0.5)).perLayer(clips, sigmas).seed(5).build();
        // Poisson sampling at q = 0.5 of 4 sites: whoever is drawn, the mean divides by m = q·N = 2
        ModelWeights out = round(s, 1, global, 4, List.of(global, global, global, global));
        assertTrue(lastAnswered > 0);
        float[] v = out.values();
        double stdA = meanAndStd(Arrays.copyOfRange(v, 0, n))[1];
        double stdB = meanAndStd(Arrays.copyOfRange(v, n, 2 * n))[1];
        assertEquals(1.5 * 1.0 / m, stdA, 0.02 * 1.5 / m);
        assertEquals(3.0 * 0.25 / m, stdB, 0.02 * 0.75 / m);

        RdpAccountant manual = new RdpAccountant().recordPerGroup(0.5, sigmas, 1);
        assertArrayEquals(manual.rdp(), s.ledger().clientLevel().rdp(), 0.0);
        assertEquals(SampledGaussianRdp.effectiveNoiseMultiplier(sigmas),
                s.ledger().clientLevel().entries().get(0).noiseMultiplier(), 0.0);
    }

    @Test
    void noiseScheduleIsAccountedExactlyAndEpsilonGrows() {
        NoiseSchedule schedule = NoiseSchedule.linear(2.0, 0.8, 5);
        assertEquals(2.0, schedule.multiplier(1), 0.0);
        assertEquals(1.4, schedule.multiplier(3), 1e-12);
        assertEquals(0.8, schedule.multiplier(5), 0.0);
        assertEquals(0.8, schedule.multiplier(9), 0.0);
        ClientDpStrategy s = ClientDpStrategy.wrap(fedAvg(0.3)).clipNorm(1).noise(schedule).seed(9).build();
        RdpAccountant manual = new RdpAccountant();
        ModelWeights global = zeros(3);
        double previous = 0;
        List<Integer> answered = new ArrayList<>();
        for (int r = 1; r <= 7; r++) {
            List<ModelWeights> models = List.of(flat(1, 2, 3), flat(-1, 0, 1), flat(0, 0, 5), flat(1, 1, 1));
            global = round(s, r, global, 10, models); // Poisson sampling, q = 0.3 of 10
            if (lastAnswered == 0) {
                continue; // nobody drawn: nothing released, nothing accounted
            }
            answered.add(lastAnswered);
            manual.record(0.3, schedule.multiplier(r), 1);
            assertArrayEquals(manual.rdp(), s.ledger().clientLevel().rdp(), 1e-12 * (1 + r));
            double eps = s.spent(1e-5).epsilon();
            assertEquals(manual.spent(1e-5).epsilon(), eps, 1e-9);
            assertTrue(eps > previous, "round " + r + ": " + eps + " after " + previous);
            previous = eps;
        }
        PrivacyReport report = s.report(1e-5, Conversion.IMPROVED);
        int rows = answered.size();
        assertTrue(rows >= 3, "rounds with someone drawn: " + rows);
        assertEquals(rows, report.rounds().size());
        for (int i = 0; i < rows; i++) {
            assertTrue(i == 0 || report.rounds().get(i).epsilon() > report.rounds().get(i - 1).epsilon());
            assertEquals(0.3, report.rounds().get(i).samplingRate(), 0.0);
            assertEquals(answered.get(i), report.rounds().get(i).participants());
        }
        assertEquals(s.spent(1e-5).epsilon(), report.finalEpsilon(), 1e-9);
        assertTrue(report.toText().contains("SEEDED NOISE"), report.toText());
        assertTrue(report.toText().contains("Poisson sampling q=0.3"), report.toText());
        assertEquals(rows, report.toText().lines().count() - 2);
    }

    @Test
    void adaptiveClippingInsideTheStrategy() {
        // 20 sites whose deltas have norms 1..20 every round; γ = 0.5 → C near the median ≈ 10.
        int m = 20;
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.5, 0.2, m / 20.0);
        double sigma = 1.0;
        ClientDpStrategy s = ClientDpStrategy.wrap(fedAvg(1.0)).adaptiveClipping(adaptive).noiseMultiplier(sigma)
                .seed(13).build();
        List<ModelWeights> models = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            models.add(flat(k + 1, 0));
        }
        double avg = 0;
        for (int r = 1; r <= 400; r++) {
            round(s, r, zeros(2), m, models);
            if (r > 200) {
                avg += s.clipNorm() / 200;
            }
        }
        assertTrue(Math.abs(avg - 10.5) < 2.0, "C " + avg);
        // accounted with the target σ, one step per round at q = 1
        RdpAccountant manual = new RdpAccountant().record(1.0, sigma, 400);
        assertArrayEquals(manual.rdp(), s.ledger().clientLevel().rdp(), 1e-9);
        // the updates carry σ_Δ·C: with σ_b = 1, σ_Δ = (1 − 1/4)^{−1/2}
        int n = 200_000;
        AdaptiveClipping fixedStart = new AdaptiveClipping(2.0, 0.5, 0.2, 1.0);
        ClientDpStrategy t = ClientDpStrategy.wrap(fedAvg(1.0)).adaptiveClipping(fixedStart).noiseMultiplier(sigma)
                .seed(17).build();
        double std = meanAndStd(round(t, 1, zeros(n), 4, List.of(zeros(n), zeros(n), zeros(n), zeros(n))).values())[1];
        double expected = AdaptiveClipping.updateNoiseMultiplier(sigma, 1.0) * 2.0 / 4;
        assertEquals(expected, std, 0.02 * expected);
        // σ_b ≤ σ/2 is refused when the round runs
        ClientDpStrategy weak = ClientDpStrategy.wrap(fedAvg(1.0))
                .adaptiveClipping(new AdaptiveClipping(1, 0.5, 0.2, 0.4)).noiseMultiplier(1.0).seed(1).build();
        assertThrows(IllegalArgumentException.class, () -> round(weak, 1, zeros(2), 2, List.of(flat(1, 0))));
    }

    @Test
    void seededRunsRepeatAndSecureRunsDoNot() {
        List<ModelWeights> models = List.of(flat(1, 2, 3, 4), flat(4, 3, 2, 1));
        ModelWeights a = round(ClientDpStrategy.wrap(fedAvg(1.0)).clipNorm(1).noiseMultiplier(1).seed(99).build(),
                1, zeros(4), 2, models);
        ModelWeights b = round(ClientDpStrategy.wrap(fedAvg(1.0)).clipNorm(1).noiseMultiplier(1).seed(99).build(),
                1, zeros(4), 2, models);
        assertArrayEquals(a.values(), b.values(), 0f);
        ModelWeights c = round(ClientDpStrategy.wrap(fedAvg(1.0)).clipNorm(1).noiseMultiplier(1).build(),
                1, zeros(4), 2, models);
        assertNotEquals(a.values()[0], c.values()[0]);
        assertFalse(GaussianNoise.secure().deterministic());
    }

    @Test
    void dpComposesWithTheWrappedServerOptimizer() {
        AdaptiveServerOptimizer.Hyper h = new AdaptiveServerOptimizer.Hyper(0.1, 0.9, 0.99, 1e-3);
        ClientDpStrategy avg = ClientDpStrategy.wrap(fedAvg(1.0)).clipNorm(1).noiseMultiplier(0.7).seed(4).build();
        ClientDpStrategy adam = ClientDpStrategy.wrap(new FedAdam(StrategyOptions.defaults(), h)).clipNorm(1)
                .noiseMultiplier(0.7).seed(4).build();
        ModelWeights global = flat(0.5f, -0.5f, 0f);
        List<ModelWeights> models = List.of(flat(2, 0, 1), flat(0, 1, -1), flat(1, 1, 1));
        ModelWeights noisyMean = round(avg, 1, global, 3, models);
        ModelWeights next = round(adam, 1, global, 3, models);
        // the same seed draws the same noise: DP-FedAdam is Adam applied to DP-FedAvg's noisy mean
        assertArrayEquals(new ServerAdam(h).step(global, noisyMean).values(), next.values(), 0f);
        assertNotEquals(noisyMean.values()[0], next.values()[0]);
        assertEquals("dp-fedadam", adam.name());
        assertTrue(adam.aggregation().endsWith("gaussian(σ=0.7) → adam(η=0.1, β1=0.9, β2=0.99, τ=0.001)"), adam.aggregation());
        // the optimizer's moments are stored with the DP state
        assertTrue(adam.saveState().names().containsAll(List.of("dp.rounds", "m", "v")), adam.saveState().toString());
    }

    @Test
    void distributedPerLayerNoiseSharesAddUpToTheCentralScale() {
        int n = 100_000;
        List<TensorSpec> specs = List.of(new TensorSpec("a", new int[] {n}), new TensorSpec("b", new int[] {n}));
        ModelWeights global = ModelWeights.zeros(specs);
        ClientDpStrategy s = ClientDpStrategy.wrap(fedAvg(1.0)).perLayer(new double[] {1.0, 0.5}, new double[] {2.0, 4.0})
                .mode(ClientDpStrategy.Mode.DISTRIBUTED).seed(8).build();
        assertTrue(s.aggregation().startsWith("layer_clip(c.0=1.0, c.1=0.5) → noise_share("), s.aggregation());
        // 4 sites each add σ_t·C_t/√4 at the site; the noisy mean has σ_t·C_t/4 per tensor: 0.5 for both
        float[] v = round(s, 1, global, 4, List.of(global, global, global, global)).values();
        assertEquals(0.5, meanAndStd(Arrays.copyOfRange(v, 0, n))[1], 0.02);
        assertEquals(0.5, meanAndStd(Arrays.copyOfRange(v, n, 2 * n))[1], 0.02);
    }

    @Test
    void refusesAWeightingItCannotApply() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(
                new FedAvg(StrategyOptions.defaults().withWeighting(AggregationWeighting.VALIDATION_SCORE)))
                .clipNorm(1).noiseMultiplier(1).build());
        assertTrue(e.getMessage().contains("'validation' weighting cannot apply"), e.getMessage());
    }

    @Test
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(fedAvg(1)).clipNorm(0));
        assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(fedAvg(1)).clipNorm(-1));
        assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(fedAvg(1)).noiseMultiplier(0));
        assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(fedAvg(1)).noiseMultiplier(-0.5));
        assertThrows(IllegalArgumentException.class,
                () -> ClientDpStrategy.wrap(fedAvg(1)).perLayer(new double[] {1, 0}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> ClientDpStrategy.wrap(fedAvg(1)).perLayer(new double[] {1, 1}, new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(fedAvg(1)).noiseMultiplier(1).build());
        assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(fedAvg(1)).clipNorm(1).build());
        assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(fedAvg(1)).clipNorm(1)
                .adaptiveClipping(new AdaptiveClipping(1, 0.5, 0.2, 1)).noiseMultiplier(1).build());
        // a schedule that yields σ ≤ 0 is refused at the round, before anything is recorded
        ClientDpStrategy s = ClientDpStrategy.wrap(fedAvg(1)).clipNorm(1).noise(r -> r == 2 ? 0.0 : 1.0).seed(1).build();
        round(s, 1, zeros(2), 2, List.of(flat(1, 0), flat(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> round(s, 2, zeros(2), 2, List.of(flat(1, 0))));
        assertEquals(1, s.ledger().clientLevel().entries().size());
        // aggregating a round this strategy did not configure
        assertThrows(IllegalStateException.class, () -> s.aggregateFit(7, zeros(2), List.of(update("x", zeros(2), 1))));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(1, -1, 3));
    }
}
