package org.fedmed.core.federation;

import static org.fedmed.core.Fixtures.assertValues;
import static org.fedmed.core.Fixtures.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.FedAvgM;
import org.fedmed.core.strategy.FedProx;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.Strategy;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * The round loop with in-memory fake sites. The two honest sites used throughout:
 * A (n = 1) returns global + [4, 0] with train loss 0.5; B (n = 3) returns global + [0, 4] with loss 1.0.
 * From [0, 0] FedAvg gives round 1: 0.25·[4, 0] + 0.75·[0, 4] = [1, 3]; round 2: [1, 3] + [1, 3] = [2, 6].
 * The train loss of every such round is (1·0.5 + 3·1.0) / 4 = 0.875.
 */
class FederationTest {

    private static final double TOL = 1e-6;

    private static FakeSite siteA() {
        return FakeSite.shifting("A", 1, 0.5, 4, 0);
    }

    private static FakeSite siteB() {
        return FakeSite.shifting("B", 3, 1.0, 0, 4);
    }

    private static FedAvg fedavg() {
        return new FedAvg(StrategyOptions.defaults());
    }

    @Test
    void fedAvgOverTwoRounds() {
        FakeSite a = siteA();
        FakeSite b = siteB();
        List<ModelWeights> globallyEvaluated = new ArrayList<>();
        Federation f = Federation.builder().strategy(fedavg()).sites(List.of(a, b)).rounds(2)
                .globalEvaluator(w -> {
                    globallyEvaluated.add(w);
                    return FakeSite.EVALUATION;
                }).build();
        assertEquals(List.of("A", "B"), f.siteIds());

        FederationResult result = f.run(flat(0, 0));

        assertValues(new double[] {2, 6}, result.finalWeights(), TOL);
        assertEquals(2, result.rounds().size());
        RoundResult r1 = result.rounds().get(0);
        RoundResult r2 = result.lastRound();
        assertEquals(1, r1.round());
        assertEquals(2, r2.round());
        assertValues(new double[] {1, 3}, r1.global(), TOL);
        assertValues(new double[] {2, 6}, r2.global(), TOL);
        for (RoundResult r : result.rounds()) {
            assertTrue(r.aggregated());
            assertEquals(List.of("A", "B"), r.participants());
            assertEquals(Map.of(), r.failures());
            assertEquals(0.875, r.trainLoss(), 1e-12);
            assertSame(FakeSite.EVALUATION, r.globalEvaluation());
            assertEquals(2, r.siteEvaluations().size());
            assertEquals(List.of("A", "B"), r.siteEvaluations().stream().map(SiteEvaluation::siteId).toList());
            assertTrue(r.siteEvaluations().stream().allMatch(e -> e.round() == r.round()));
            assertTrue(r.seconds() >= 0);
        }
        // each site got the round number and the current global model
        assertEquals(List.of(1, 2), a.fitCalls.stream().map(FitInstructions::round).toList());
        assertValues(new double[] {0, 0}, a.fitCalls.get(0).globalWeights(), 0);
        assertValues(new double[] {1, 3}, a.fitCalls.get(1).globalWeights(), TOL);
        // federated and global evaluation see the model after aggregation
        assertValues(new double[] {1, 3}, b.evaluateCalls.get(0).weights(), TOL);
        assertValues(new double[] {2, 6}, b.evaluateCalls.get(1).weights(), TOL);
        assertEquals(2, globallyEvaluated.size());
        assertValues(new double[] {2, 6}, globallyEvaluated.get(1), TOL);
    }

    @Test
    void sitesReceiveTheStrategysTrainingConfig() {
        FakeSite a = siteA();
        Federation.builder().strategy(new FedProx(StrategyOptions.defaults(), 0.3)).site(a).rounds(1).build().run(flat(0, 0));
        TrainingConfig c = a.fitCalls.get(0).config();
        assertEquals(0.3, c.proximalMu());
        assertEquals(TrainingConfig.defaults().learningRate(), c.learningRate());
    }

    @Test
    void failingSiteIsRecordedAndTheRoundCompletes() {
        FakeSite c = FakeSite.failing("C", new IllegalStateException("disk full"));
        FakeSite d = FakeSite.failing("D", new RuntimeException());
        RoundResult r = Federation.builder().strategy(fedavg()).sites(List.of(siteA(), c, siteB(), d)).rounds(1).build()
                .run(flat(0, 0)).lastRound();
        assertTrue(r.aggregated());
        assertEquals(List.of("A", "B"), r.participants());
        assertEquals(List.of("C", "D"), List.copyOf(r.failures().keySet()));
        assertTrue(r.failures().get("C").contains("disk full"), r.failures().get("C"));
        assertTrue(r.failures().get("C").contains("IllegalStateException"), r.failures().get("C"));
        assertEquals("RuntimeException", r.failures().get("D"));
        assertValues(new double[] {1, 3}, r.global(), TOL);
        assertEquals(0.875, r.trainLoss(), 1e-12);
    }

    @Test
    void invalidUpdatesAreRejectedWithSiteAndRoundAndLeaveTheModelAlone() {
        ModelWeights poison = flat(1000, 1000);
        List<SiteClient> bad = List.of(
                // replay: an update stamped with the previous round
                new FakeSite("replay", in -> new SiteUpdate("replay", in.round() - 1, poison, 100, Map.of())),
                // claims to be the honest site A
                new FakeSite("impostor", in -> new SiteUpdate("A", in.round(), poison, 100, Map.of())),
                new FakeSite("reshaped", in -> new SiteUpdate("reshaped", in.round(),
                        ModelWeights.of(List.of(new TensorSpec("w", new int[] {3})), new float[] {1000, 1000, 1000}), 100, Map.of())),
                new FakeSite("renamed", in -> new SiteUpdate("renamed", in.round(),
                        ModelWeights.of(List.of(new TensorSpec("v", new int[] {2})), new float[] {1000, 1000}), 100, Map.of())),
                new FakeSite("nan", in -> new SiteUpdate("nan", in.round(), flat(1000, Float.NaN), 100, Map.of())),
                new FakeSite("inf", in -> new SiteUpdate("inf", in.round(), flat(Float.NEGATIVE_INFINITY, 0), 100, Map.of())),
                new FakeSite("empty", in -> new SiteUpdate("empty", in.round(), poison, 0, Map.of())),
                new FakeSite("negative", in -> new SiteUpdate("negative", in.round(), poison, -5, Map.of())),
                new FakeSite("badmetric", in -> new SiteUpdate("badmetric", in.round(), poison, 100,
                        Map.of(SiteUpdate.TRAIN_LOSS, Double.POSITIVE_INFINITY))));
        List<SiteClient> all = new ArrayList<>(bad);
        all.add(1, siteA());
        all.add(siteB());
        FederationResult result = Federation.builder().strategy(fedavg()).sites(all).rounds(2).build().run(flat(0, 0));

        assertValues(new double[] {1, 3}, result.rounds().get(0).global(), TOL);
        assertValues(new double[] {2, 6}, result.finalWeights(), TOL);
        for (RoundResult r : result.rounds()) {
            int n = r.round();
            assertTrue(r.aggregated());
            assertEquals(List.of("A", "B"), r.participants());
            assertEquals(0.875, r.trainLoss(), 1e-12, "rejected updates do not count in the train loss");
            assertEquals(bad.size(), r.failures().size(), r.failures().toString());
            for (SiteClient s : bad) {
                String reason = r.failures().get(s.siteId());
                assertTrue(reason != null && reason.startsWith("rejected: site " + s.siteId() + " round " + n + ": "),
                        s.siteId() + " → " + reason);
            }
            Map<String, String> f = r.failures();
            assertTrue(f.get("replay").contains("update is for round " + (n - 1) + " (stale or replayed)"), f.get("replay"));
            assertTrue(f.get("impostor").contains("claims to come from site A"), f.get("impostor"));
            assertTrue(f.get("reshaped").contains("does not match the model layout"), f.get("reshaped"));
            assertTrue(f.get("reshaped").contains("w[3]"), f.get("reshaped"));
            assertTrue(f.get("renamed").contains("v[2]"), f.get("renamed"));
            assertTrue(f.get("nan").contains("non-finite value NaN in tensor w"), f.get("nan"));
            assertTrue(f.get("inf").contains("non-finite value -Infinity in tensor w"), f.get("inf"));
            assertTrue(f.get("empty").contains("reports 0 training samples"), f.get("empty"));
            assertTrue(f.get("negative").contains("reports -5 training samples"), f.get("negative"));
            assertTrue(f.get("badmetric").contains("metric train_loss is Infinity"), f.get("badmetric"));
        }
    }

    @Test
    void nonFiniteValueIsNamedByTensor() {
        ModelWeights global = ModelWeights.of(List.of(new TensorSpec("fc.weight", new int[] {2, 2}),
                new TensorSpec("fc.bias", new int[] {2})), new float[6]);
        float[] v = new float[6];
        v[5] = Float.NaN;
        SiteUpdate u = new SiteUpdate("X", 4, global.withValues(v), 10, Map.of());
        UpdateValidator.RejectedUpdateException e = assertThrows(UpdateValidator.RejectedUpdateException.class,
                () -> UpdateValidator.check("X", 4, global, u));
        assertEquals("site X round 4: non-finite value NaN in tensor fc.bias", e.getMessage());
        UpdateValidator.check("X", 4, global, new SiteUpdate("X", 4, global.copy(), 10, Map.of())); // a valid one passes
    }

    /**
     * A site that answers nothing (or an update without weights) must be rejected like any other
     * invalid update, not crash the round: {@link UpdateValidator} has a "no update returned" check
     * for exactly this case.
     */
    @Test
    void missingUpdateOrWeightsIsRejectedNotACrash() {
        FakeSite nothing = new FakeSite("nothing", in -> null);
        FakeSite noWeights = new FakeSite("noweights", in -> new SiteUpdate("noweights", in.round(), null, 10, Map.of()));
        RoundResult r = Federation.builder().strategy(fedavg()).sites(List.of(siteA(), nothing, noWeights, siteB())).rounds(1)
                .build().run(flat(0, 0)).lastRound();
        assertTrue(r.aggregated());
        assertValues(new double[] {1, 3}, r.global(), TOL);
        assertEquals("rejected: site nothing round 1: no update returned", r.failures().get("nothing"));
        assertEquals("rejected: site noweights round 1: update has no weights", r.failures().get("noweights"));
        // nothing came back from either, so only A's and B's 2 floats count
        assertEquals(2 * 8, r.bytesFromSites());
    }

    @Test
    void tooFewValidUpdatesKeepTheGlobalModel() {
        // the strategy needs 3 updates; only A and B deliver
        FedAvg needsThree = new FedAvg(StrategyOptions.defaults().withSampler(new SiteSampler(1.0, 3)));
        FakeSite a = siteA();
        ModelWeights initial = flat(0.5f, -0.5f);
        FederationResult result = Federation.builder().strategy(needsThree)
                .sites(List.of(a, siteB(), FakeSite.failing("C", new RuntimeException("offline")))).rounds(2).build().run(initial);
        for (RoundResult r : result.rounds()) {
            assertFalse(r.aggregated());
            assertValues(new double[] {0.5, -0.5}, r.global(), 0);
            assertEquals(Map.of("C", "RuntimeException: offline"), r.failures());
        }
        assertValues(new double[] {0.5, -0.5}, result.finalWeights(), 0);
        // round 2 starts again from the unchanged model
        assertValues(new double[] {0.5, -0.5}, a.fitCalls.get(1).globalWeights(), 0);

        // exactly the minimum is enough
        RoundResult ok = Federation.builder().strategy(needsThree)
                .sites(List.of(siteA(), siteB(), FakeSite.shifting("C", 4, 0.0, 0, 0))).rounds(1).build().run(flat(0, 0)).lastRound();
        assertTrue(ok.aggregated());
        // weights 1, 3, 4 of 8: [4/8, 12/8]
        assertValues(new double[] {0.5, 1.5}, ok.global(), TOL);

        // no valid update at all with a minimum of 1: nothing to aggregate either
        RoundResult none = Federation.builder().strategy(fedavg()).site(FakeSite.failing("C", new RuntimeException("x")))
                .rounds(1).build().run(initial).lastRound();
        assertFalse(none.aggregated());
        assertValues(new double[] {0.5, -0.5}, none.global(), 0);
        assertTrue(Double.isNaN(none.trainLoss()));
    }

    @Test
    void bytesCountEveryTransfer() {
        // 5 parameters = 20 bytes per model transfer
        ModelWeights initial = flat(0, 0, 0, 0, 0);
        FakeSite a = FakeSite.shifting("A", 1, 0.1, 1, 1, 1, 1, 1);
        FakeSite b = FakeSite.shifting("B", 1, 0.1, 2, 2, 2, 2, 2);
        FakeSite c = FakeSite.failing("C", new RuntimeException("down")).failingEvaluation(new RuntimeException("still down"));
        // D sends a 3-parameter (12-byte) model, which is received, then rejected
        FakeSite d = new FakeSite("D", in -> new SiteUpdate("D", in.round(), flat(1, 2, 3), 1, Map.of()));
        FederationResult result = Federation.builder().strategy(fedavg()).sites(List.of(a, b, c, d)).rounds(3)
                .federatedEvaluationEvery(2).build().run(initial);
        // round 1: 4 fit sends (the failing site was sent the model too) = 80; no federated evaluation
        // rounds 2 (every 2nd) and 3 (the last): 80 + 4 evaluation sends = 160
        // from sites, every round: A 20 + B 20 + D 12 = 52 (C sent nothing)
        long[] expectedTo = {80, 160, 160};
        int[] evaluations = {0, 3, 3};
        for (int i = 0; i < 3; i++) {
            RoundResult r = result.rounds().get(i);
            assertEquals(expectedTo[i], r.bytesToSites(), "round " + r.round());
            assertEquals(52, r.bytesFromSites(), "round " + r.round());
            assertEquals(evaluations[i], r.siteEvaluations().size(), "round " + r.round());
            assertTrue(r.failures().get("C").contains("down"));
            assertTrue(r.failures().get("D").startsWith("rejected: "));
        }
        assertEquals(List.of(2, 3), a.evaluateCalls.stream().map(EvaluateInstructions::round).toList());

        RoundResult noEval = Federation.builder().strategy(fedavg()).sites(List.of(siteA(), siteB())).rounds(1)
                .federatedEvaluationEvery(0).build().run(flat(0, 0)).lastRound();
        assertEquals(2 * 8, noEval.bytesToSites());
        assertEquals(2 * 8, noEval.bytesFromSites());
        assertEquals(List.of(), noEval.siteEvaluations());
        assertNull(noEval.globalEvaluation());
    }

    @Test
    void evaluationFailureIsRecordedWithoutUndoingTheUpdate() {
        FakeSite b = siteB().failingEvaluation(new IllegalStateException("no test data today"));
        RoundResult r = Federation.builder().strategy(fedavg()).sites(List.of(siteA(), b)).rounds(1).build().run(flat(0, 0))
                .lastRound();
        assertEquals(List.of("A", "B"), r.participants());
        assertValues(new double[] {1, 3}, r.global(), TOL);
        assertEquals(List.of("A"), r.siteEvaluations().stream().map(SiteEvaluation::siteId).toList());
        assertTrue(r.failures().get("B").startsWith("evaluation: "), r.failures().get("B"));
        assertTrue(r.failures().get("B").contains("no test data today"));
    }

    @Test
    void listenersAreCalledOncePerRoundInOrder() {
        List<String> calls = new ArrayList<>();
        List<RoundResult> seen = new ArrayList<>();
        FederationResult result = Federation.builder().strategy(fedavg()).sites(List.of(siteA(), siteB())).rounds(3)
                .listener(r -> {
                    calls.add("first:" + r.round());
                    seen.add(r);
                })
                .listener(r -> calls.add("second:" + r.round()))
                .build().run(flat(0, 0));
        assertEquals(List.of("first:1", "second:1", "first:2", "second:2", "first:3", "second:3"), calls);
        for (int i = 0; i < 3; i++) {
            assertSame(result.rounds().get(i), seen.get(i));
        }
    }

    @Test
    void parallelRunGivesTheSequentialResult() {
        FederationResult sequential = mixedFederation(1).run(flat(1, -1));
        FederationResult parallel = mixedFederation(2).run(flat(1, -1));
        assertArrayEquals(sequential.finalWeights().values(), parallel.finalWeights().values());
        for (int i = 0; i < 4; i++) {
            RoundResult s = sequential.rounds().get(i);
            RoundResult p = parallel.rounds().get(i);
            assertArrayEquals(s.global().values(), p.global().values(), "round " + (i + 1));
            assertEquals(s.participants(), p.participants());
            assertEquals(s.failures(), p.failures());
            assertEquals(s.trainLoss(), p.trainLoss());
            assertEquals(s.bytesToSites(), p.bytesToSites());
            assertEquals(s.bytesFromSites(), p.bytesFromSites());
            assertEquals(s.siteEvaluations(), p.siteEvaluations());
        }
    }

    /** FedAvgM (stateful) over 4 rounds with 5 honest sites, one failing and one rejected. */
    private static Federation mixedFederation(int parallelism) {
        List<SiteClient> sites = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            sites.add(FakeSite.shifting("s" + k, 10 + 7 * k, 0.1 * k, 0.3f * k - 0.5f, 1.1f - 0.2f * k));
        }
        sites.add(2, FakeSite.failing("broken", new RuntimeException("boom")));
        sites.add(new FakeSite("nan", in -> new SiteUpdate("nan", in.round(), flat(Float.NaN, 0), 5, Map.of())));
        return Federation.builder().strategy(new FedAvgM(StrategyOptions.defaults(), 0.7, 0.5)).sites(sites).rounds(4)
                .parallelism(parallelism).build();
    }

    @Test
    void parallelismCallsSitesConcurrently() {
        // both sites must be inside fit at the same time to pass the barrier; called in turn, the first would time out
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<SiteClient> sites = new ArrayList<>();
        for (String id : List.of("A", "B")) {
            sites.add(new FakeSite(id, in -> {
                try {
                    barrier.await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    errors.add(id + ": " + e);
                    throw new IllegalStateException(e);
                }
                return new SiteUpdate(id, in.round(), in.globalWeights(), 1, Map.of());
            }));
        }
        RoundResult r = Federation.builder().strategy(fedavg()).sites(sites).rounds(1).parallelism(2)
                .federatedEvaluationEvery(0).build().run(flat(0, 0)).lastRound();
        assertEquals(List.of(), errors);
        assertEquals(List.of("A", "B"), r.participants());
    }

    @Test
    void unknownSiteChosenByTheStrategyIsAFailure() {
        Strategy ghostly = new FedAvg(StrategyOptions.defaults()) {
            @Override
            public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
                List<FitAssignment> a = new ArrayList<>(super.configureFit(round, global, availableSites));
                a.add(new FitAssignment("ghost", TrainingConfig.defaults()));
                return a;
            }
        };
        RoundResult r = Federation.builder().strategy(ghostly).sites(List.of(siteA(), siteB())).rounds(1).build()
                .runRound(1, flat(0, 0));
        assertTrue(r.aggregated());
        assertValues(new double[] {1, 3}, r.global(), TOL);
        assertTrue(r.failures().get("ghost").contains("unknown site ghost"), r.failures().toString());
    }

    @Test
    void builderErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Federation.builder().strategy(fedavg()).sites(List.of(siteA())).rounds(0).build());
        assertTrue(e.getMessage().contains("rounds must be positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Federation.builder().strategy(fedavg()).site(siteA()).rounds(-3).build());

        e = assertThrows(IllegalArgumentException.class,
                () -> Federation.builder().strategy(fedavg()).sites(List.of(siteA(), siteB(), siteA())).rounds(1).build());
        assertTrue(e.getMessage().contains("two sites share the id A"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Federation.builder().strategy(fedavg()).rounds(1).build());
        assertTrue(e.getMessage().contains("at least one site"), e.getMessage());

        assertThrows(NullPointerException.class, () -> Federation.builder().site(siteA()).rounds(1).build());
        assertThrows(IllegalArgumentException.class, () -> Federation.builder().parallelism(0));
        assertThrows(IllegalArgumentException.class, () -> Federation.builder().federatedEvaluationEvery(-1));
    }
}
