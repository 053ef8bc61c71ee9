package org.fedmed.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.study.StudySpec;
import org.fedmed.study.StudySpecBuilder;
import org.junit.jupiter.api.Test;

/** Ditto's personal update: the optimizer identity it rests on, the per-site bookkeeping, and that nothing released changes. */
class DittoTest {

    private static final ModelSpec LOGREG = ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {3}, 2);

    /** 12 examples of 3 features, two classes, drawn from a fixed seed. */
    private static LabeledSamples data(long seed) {
        Random r = new Random(seed);
        int n = 12;
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) (r.nextGaussian() + (y[i] == 1 ? 0.8 : -0.8));
            }
        }
        return new LabeledSamples(new int[] {3}, x, y, List.of("a", "b"));
    }

    /** Plain SGD, one full-batch step: the personal step is computable by hand from the same data-loss step. */
    private static TrainingConfig oneStep(double lr) {
        return new TrainingConfig(1, 64, lr, OptimizerKind.SGD, 0, 0, 0, false, 5L);
    }

    private static ModelWeights shifted(ModelWeights w, long seed, double scale) {
        Random r = new Random(seed);
        float[] v = w.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += (float) (scale * r.nextGaussian());
        }
        return w.withValues(v);
    }

    @Test
    void oneSgdStepIsTheGradientOfTheDataLossPlusLambdaTimesTheDistanceToTheGlobalModel() {
        double lr = 0.1;
        double lambda = 0.7;
        LabeledSamples d = data(1);
        try (DjlTrainer trainer = DjlTrainer.builder().model(LOGREG).build()) {
            ModelWeights w = trainer.initialWeights(3);
            ModelWeights v = shifted(w, 9, 0.5);
            // the data loss alone: v − lr·∇f(v); Ditto must add exactly −lr·λ·(v − w) to it
            float[] plain = trainer.fit(v, d, oneStep(lr)).weights().values();
            float[] ditto = DittoSites.personalStep(trainer, v, w, d, oneStep(lr), lambda).values();
            float[] vv = v.values();
            float[] ww = w.values();
            double maxPull = 0;
            for (int i = 0; i < vv.length; i++) {
                double expected = plain[i] - lr * lambda * (vv[i] - ww[i]);
                assertEquals(expected, ditto[i], 1e-5, "value " + i);
                maxPull = Math.max(maxPull, Math.abs(lr * lambda * (vv[i] - ww[i])));
            }
            assertTrue(maxPull > 1e-3, "the test must move the weights measurably: " + maxPull);
            // λ = 0 is training on the site's data alone, from v
            assertArrayEquals(plain, DittoSites.personalStep(trainer, v, w, d, oneStep(lr), 0).values());
        }
    }

    @Test
    void aLargerLambdaKeepsThePersonalModelCloserToTheGlobalOne() {
        LabeledSamples d = data(2);
        TrainingConfig fiveEpochs = new TrainingConfig(5, 4, 0.2, OptimizerKind.SGD, 0, 0, 0, false, 5L);
        try (DjlTrainer trainer = DjlTrainer.builder().model(LOGREG).build()) {
            ModelWeights w = trainer.initialWeights(3);
            double far = DittoSites.personalStep(trainer, w, w, d, fiveEpochs, 0).minus(w).l2Norm();
            double near = DittoSites.personalStep(trainer, w, w, d, fiveEpochs, 2).minus(w).l2Norm();
            assertTrue(far > 0.05, "training moves the model: " + far);
            assertTrue(near < 0.8 * far, "λ = 2 pulls towards w: " + near + " against " + far);
            // FedProx's μ in the round's settings is replaced by λ, not added to it
            assertArrayEquals(DittoSites.personalStep(trainer, w, w, d, fiveEpochs, 2).values(),
                    DittoSites.personalStep(trainer, w, w, d, fiveEpochs.withProximalMu(5), 2).values());
        }
    }

    @Test
    void aPersonalModelAdvancesOnlyInRoundsItsSiteTakesPartInAndRepeatsExactly() {
        try (DjlTrainer trainer = DjlTrainer.builder().model(LOGREG).build()) {
            ModelWeights initial = trainer.initialWeights(4);
            List<Map<String, ModelWeights>> a = threeRounds(trainer, initial);
            List<Map<String, ModelWeights>> b = threeRounds(trainer, initial);
            // round 1: both sites; round 2: only "a"; round 3: only "b"
            assertFalse(Arrays.equals(initial.values(), a.get(0).get("a").values()), "a trained in round 1");
            assertFalse(Arrays.equals(initial.values(), a.get(0).get("b").values()), "b trained in round 1");
            assertFalse(Arrays.equals(a.get(0).get("a").values(), a.get(1).get("a").values()), "a trained in round 2");
            assertArrayEquals(a.get(0).get("b").values(), a.get(1).get("b").values(), "b sat out round 2");
            assertArrayEquals(a.get(1).get("a").values(), a.get(2).get("a").values(), "a sat out round 3");
            assertFalse(Arrays.equals(a.get(1).get("b").values(), a.get(2).get("b").values()), "b trained in round 3");
            for (int round = 0; round < 3; round++) {
                for (String site : List.of("a", "b")) {
                    assertArrayEquals(a.get(round).get(site).values(), b.get(round).get(site).values(), site + " round " + round);
                }
            }
        }
    }

    /** Two sites over three rounds (both, then a, then b); each site's personal models after each round. */
    private static List<Map<String, ModelWeights>> threeRounds(LocalTrainer trainer, ModelWeights initial) {
        DittoSites ditto = new DittoSites(0.5, initial, List.of("a", "b"));
        Map<String, SiteClient> sites = new LinkedHashMap<>();
        for (String id : List.of("a", "b")) {
            LabeledSamples d = data(id.hashCode());
            sites.put(id, ditto.wrap(new LocalSite(id, trainer, d, null, d, 1.0), trainer, d));
        }
        TrainingConfig config = new TrainingConfig(2, 4, 0.1, OptimizerKind.SGD, 0, 0, 0, false, 8L);
        List<List<String>> rounds = List.of(List.of("a", "b"), List.of("a"), List.of("b"));
        List<Map<String, ModelWeights>> out = new ArrayList<>();
        ModelWeights global = initial;
        for (int round = 1; round <= 3; round++) {
            ModelWeights sent = global;
            for (String id : rounds.get(round - 1)) {
                global = sites.get(id).fit(new FitInstructions(round, sent, config.withSeed(round))).weights();
            }
            out.add(ditto.personalModels());
        }
        assertEquals(Map.of("a", 2, "b", 2), ditto.roundsTrained());
        return out;
    }

    @Test
    void aNegativeOrInfiniteLambdaIsRefused() {
        ModelWeights w = ModelWeights.zeros(List.of(new TensorSpec("w", new int[] {2})));
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DittoSites(bad, w, List.of("a")));
            assertTrue(e.getMessage().startsWith("ditto_lambda must be a finite number"), e.getMessage());
        }
    }

    private static StudySpec heart(Double lambda, boolean sampleDp) {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "heart";
        b.rounds = 3;
        b.seed = 6L;
        b.baselines = false;
        b.dittoLambda = lambda;
        if (sampleDp) {
            b.dpLevel = "sample";
            b.dpClip = 1.0;
            b.dpNoise = 1.0;
            b.optimizer = "sgd";
            b.learningRate = 0.2;
        }
        return b.build();
    }

    /** What the coordinator receives is the same bit for bit with and without Ditto: the personal model stays home. */
    @Test
    void theUpdatesASiteSendsAreTheSameWithAndWithoutDitto() {
        for (boolean sampleDp : new boolean[] {false, true}) {
            Map<String, float[]> without = new LinkedHashMap<>();
            Map<String, float[]> with = new LinkedHashMap<>();
            SimulationResult plain = recording(without).run(heart(null, sampleDp), SimulationListener.SILENT);
            SimulationResult ditto = recording(with).run(heart(1.0, sampleDp), SimulationListener.SILENT);
            assertEquals(12, without.size(), "4 sites, 3 rounds: " + without.keySet());
            assertEquals(without.keySet(), with.keySet());
            without.forEach((k, v) -> assertArrayEquals(v, with.get(k), k + (sampleDp ? " under DP-SGD" : "")));
            assertArrayEquals(plain.federation().finalWeights().values(), ditto.federation().finalWeights().values());
            assertTrue(plain.personal().isEmpty());
            assertEquals(plain.perSite().keySet(), ditto.personal().keySet());
            // the personal models are models of their own, scored on each site's test set
            boolean differs = false;
            for (String site : ditto.personal().keySet()) {
                assertEquals(ditto.perSite().get(site).samples(), ditto.personal().get(site).samples());
                differs |= ditto.personal().get(site).loss() != ditto.perSite().get(site).loss();
            }
            assertTrue(differs, "some personal model differs from the global model");
        }
    }

    /** With half the sites sampled each round, each personal model trains in exactly the rounds its site took part in. */
    @Test
    void underPartialParticipationAPersonalModelTrainsInItsSitesRoundsOnly() {
        StudySpecBuilder b = new StudySpecBuilder();
        b.dataset = "heart";
        b.rounds = 6;
        b.fraction = 0.5;
        b.seed = 3L;
        b.baselines = false;
        b.dittoLambda = 0.1;
        SimulationResult r = Simulation.withDjl().run(b.build(), SimulationListener.SILENT);
        Map<String, Integer> tookPart = new LinkedHashMap<>();
        r.data().siteIds().forEach(id -> tookPart.put(id, 0));
        r.federation().rounds().forEach(round -> round.participants().forEach(p -> tookPart.merge(p, 1, Integer::sum)));
        assertEquals(tookPart, r.personalRounds());
        assertTrue(tookPart.values().stream().anyMatch(n -> n < 6), "some site sat out a round: " + tookPart);
        assertEquals(tookPart.keySet(), r.personal().keySet());
    }

    /** A simulation whose sites' released updates are recorded by "round/site". */
    private static Simulation recording(Map<String, float[]> sent) {
        return Simulation.with(m -> DjlTrainer.builder().model(m).build(), site -> SiteClient.withFit(site, in -> {
            var u = site.fit(in);
            sent.put(in.round() + "/" + site.siteId(), u.weights().values().clone());
            return u;
        }));
    }
}
