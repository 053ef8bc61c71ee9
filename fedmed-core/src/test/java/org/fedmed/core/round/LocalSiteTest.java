package org.fedmed.core.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.federation.UpdateValidator;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.training.Evaluations;
import org.fedmed.core.training.LocalTrainer;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.core.training.TrainingOutcome;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalSite} over a trivial deterministic trainer: one feature x, weights [a, b],
 * P(class 1) = clamp(a·x + b, 0.05, 0.95). "Training" adds 1 to a per local epoch and reports loss 0.42.
 */
class LocalSiteTest {

    private static final List<TensorSpec> LAYOUT = List.of(new TensorSpec("a", new int[] {1}), new TensorSpec("b", new int[] {1}));
    private static final List<String> CLASSES = List.of("healthy", "sick");

    static final class LinearTrainer implements LocalTrainer {
        final List<TrainingConfig> configs = new ArrayList<>();
        final List<ModelWeights> starts = new ArrayList<>();
        boolean closed;

        @Override
        public ModelSpec spec() {
            return ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {1}, 2);
        }

        @Override
        public ModelWeights initialWeights(long seed) {
            return ModelWeights.of(LAYOUT, new float[] {1, 0});
        }

        @Override
        public TrainingOutcome fit(ModelWeights start, LabeledSamples data, TrainingConfig config) {
            configs.add(config);
            starts.add(start);
            float[] v = start.values().clone();
            v[0] += config.localEpochs();
            return new TrainingOutcome(start.withValues(v), 0.42, (long) data.size() * config.localEpochs(), config.localEpochs());
        }

        @Override
        public Predictions predict(ModelWeights weights, LabeledSamples data) {
            float a = weights.values()[0];
            float b = weights.values()[1];
            float[] x = data.features();
            float[] p = new float[2 * data.size()];
            double loss = 0;
            for (int i = 0; i < data.size(); i++) {
                float p1 = Math.max(0.05f, Math.min(0.95f, a * x[i] + b));
                p[2 * i] = 1 - p1;
                p[2 * i + 1] = p1;
                loss -= Math.log(data.labels()[i] == 1 ? p1 : 1 - p1);
            }
            return new Predictions(p, 2, loss / data.size());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static LabeledSamples samples(float[] x, int[] y) {
        return new LabeledSamples(new int[] {1}, x, y, CLASSES);
    }

    private static final LabeledSamples TRAIN = samples(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, new int[] {0, 0, 1, 1, 1});
    // with the trained weights [2, 0]: p1 = [0.2, 0.6, 0.4, 0.95] → predicted [0, 1, 0, 1] vs labels [0, 1, 1, 1]: 3 of 4
    // (with the start weights [1, 0] it would be p1 = [0.1, 0.3, 0.2, 0.8] → [0, 0, 0, 1]: 2 of 4)
    private static final LabeledSamples VALIDATION = samples(new float[] {0.1f, 0.3f, 0.2f, 0.8f}, new int[] {0, 1, 1, 1});
    // with [1, 0]: p1 = [0.9, 0.2, 0.7, 0.4], labels [1, 0, 0, 1] → predicted [1, 0, 1, 0]: TP 1, TN 1, FP 1, FN 1
    private static final LabeledSamples TEST = samples(new float[] {0.9f, 0.2f, 0.7f, 0.4f}, new int[] {1, 0, 0, 1});

    private static final TrainingConfig CONFIG = TrainingConfig.defaults().withProximalMu(0.2).withSeed(77);

    @Test
    void aKeptLayerNeverLeavesTheSiteButServesItsEvaluation() {
        LinearTrainer trainer = new LinearTrainer();
        // the "a" tensor stays at the site: the coordinator sees the global value, the site trains and evaluates with its own
        LocalSite site = new LocalSite("clinic-1", trainer, TRAIN, null, TEST, 1.0, new ControlVariate(),
                new KeptLayers(List.of(LAYOUT.get(0).name())));
        ModelWeights global = trainer.initialWeights(0);
        SiteUpdate first = site.fit(new FitInstructions(1, global, CONFIG));
        assertArrayEquals(global.values(), first.weights().values(), "what leaves carries the global value of the kept tensor");
        ModelWeights next = global.withValues(new float[] {1, 0.25f});
        site.fit(new FitInstructions(2, next, CONFIG));
        // round 2 started from the site's own a (1 + 1 epoch = 2) and the global b
        assertArrayEquals(new float[] {2, 0.25f}, trainer.starts.get(1).values());
        ModelWeights own = ModelWeights.of(LAYOUT, new float[] {3, 0.25f});
        assertEquals(Evaluations.evaluate(trainer, own, TEST).metrics().accuracy(),
                site.evaluate(new EvaluateInstructions(2, next)).result().metrics().accuracy(), 1e-12);
    }

    @Test
    void fitReportsLossCompletenessAndValidationAccuracy() {
        LinearTrainer trainer = new LinearTrainer();
        LocalSite site = new LocalSite("clinic-1", trainer, TRAIN, VALIDATION, TEST, 0.8);
        ModelWeights global = trainer.initialWeights(0);
        SiteUpdate u = site.fit(new FitInstructions(3, global, CONFIG));

        assertEquals("clinic-1", u.siteId());
        assertEquals(3, u.round());
        assertEquals(5, u.numSamples());
        assertArrayEquals(new float[] {2, 0}, u.weights().values());
        assertEquals(0.42, u.metrics().get(SiteUpdate.TRAIN_LOSS));
        assertEquals(0.8, u.metrics().get(SiteUpdate.COMPLETENESS));
        assertEquals(0.75, u.metrics().get(SiteUpdate.VALIDATION_ACCURACY), 1e-12);
        assertEquals(3, u.metrics().size());
        // the trainer got the coordinator's settings and model untouched
        assertEquals(List.of(CONFIG), trainer.configs);
        assertSame(global, trainer.starts.get(0));
        // the update passes the coordinator's checks
        UpdateValidator.check("clinic-1", 3, global, u);
    }

    @Test
    void noValidationDataMeansNoValidationScore() {
        LinearTrainer trainer = new LinearTrainer();
        SiteUpdate u = new LocalSite("clinic-2", trainer, TRAIN, null, TEST, 1.0)
                .fit(new FitInstructions(1, trainer.initialWeights(0), CONFIG));
        assertFalse(u.metrics().containsKey(SiteUpdate.VALIDATION_ACCURACY));
        assertEquals(2, u.metrics().size());
        assertEquals(-1.0, u.metric(SiteUpdate.VALIDATION_ACCURACY, -1.0));

        LabeledSamples empty = samples(new float[0], new int[0]);
        SiteUpdate u2 = new LocalSite("clinic-3", trainer, TRAIN, empty, TEST, 1.0)
                .fit(new FitInstructions(1, trainer.initialWeights(0), CONFIG));
        assertFalse(u2.metrics().containsKey(SiteUpdate.VALIDATION_ACCURACY));
    }

    @Test
    void evaluateComputesMetricsFromTheTrainersPredictions() {
        LinearTrainer trainer = new LinearTrainer();
        LocalSite site = new LocalSite("clinic-1", trainer, TRAIN, VALIDATION, TEST, 0.8);
        SiteEvaluation e = site.evaluate(new EvaluateInstructions(5, trainer.initialWeights(0)));
        assertEquals("clinic-1", e.siteId());
        assertEquals(5, e.round());
        EvaluationResult r = e.result();
        assertEquals(4, r.samples());
        // cross-entropy of the true class: −(ln 0.9 + ln 0.8 + ln 0.3 + ln 0.4) / 4
        assertEquals(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.3) + Math.log(0.4)) / 4, r.loss(), 1e-6);
        assertArrayEquals(new long[][] {{1, 1}, {1, 1}}, r.metrics().confusion());
        assertEquals(0.5, r.metrics().accuracy(), 1e-12);
        assertEquals(0.5, r.metrics().precision(), 1e-12);
        assertEquals(0.5, r.metrics().recall(), 1e-12);
        // AUC: positives 0.9, 0.4 vs negatives 0.2, 0.7 → (2 + 1) / 4
        assertEquals(0.75, r.metrics().rocAuc(), 1e-12);
        // 2 of 4 right with 50/50 marginals on both sides: p_e = 0.5, κ = 0
        assertEquals(0.0, r.metrics().kappa(), 1e-12);
        // the site and Evaluations agree
        EvaluationResult direct = Evaluations.evaluate(trainer, trainer.initialWeights(0), TEST);
        assertEquals(direct.metrics(), r.metrics());
        assertEquals(direct.loss(), r.loss());
    }

    @Test
    void localSitesInAFederation() {
        // two clinics sharing one trainer; FedAvg over one local epoch: both move a from 1 to 2
        LinearTrainer trainer = new LinearTrainer();
        LocalSite s1 = new LocalSite("c1", trainer, TRAIN, VALIDATION, TEST, 1.0);
        LocalSite s2 = new LocalSite("c2", trainer, TEST, null, TEST, 1.0);
        FederationResult r = Federation.builder()
                .strategy(new FedAvg(StrategyOptions.defaults()))
                .sites(List.of(s1, s2)).rounds(2).build().run(trainer.initialWeights(0));
        // round 1 → [2, 0], round 2 → [3, 0]
        assertArrayEquals(new float[] {3, 0}, r.finalWeights().values());
        assertEquals(2, r.lastRound().siteEvaluations().size());
        assertEquals(0.42, r.lastRound().trainLoss(), 1e-12);
    }

    @Test
    void siteNeedsTrainingAndTestData() {
        LinearTrainer trainer = new LinearTrainer();
        LabeledSamples empty = samples(new float[0], new int[0]);
        assertThrows(IllegalArgumentException.class, () -> new LocalSite("x", trainer, null, null, TEST, 1));
        assertThrows(IllegalArgumentException.class, () -> new LocalSite("x", trainer, empty, null, TEST, 1));
        assertThrows(IllegalArgumentException.class, () -> new LocalSite("x", trainer, TRAIN, null, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new LocalSite("x", trainer, TRAIN, null, empty, 1));
        assertThrows(NullPointerException.class, () -> new LocalSite(null, trainer, TRAIN, null, TEST, 1));
        assertThrows(NullPointerException.class, () -> new LocalSite("x", null, TRAIN, null, TEST, 1));
    }
}
