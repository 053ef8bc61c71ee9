package org.fedmed.sim.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.study.AttackSpec;
import org.junit.jupiter.api.Test;

/** The plan draws the malicious sites from the seed and turns their honest updates into the attack's. */
class AttackPlanTest {

    private static final List<String> SITES = List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
    private static final LabeledSamples DATA = new LabeledSamples(new int[] {3}, new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1},
            List.of("a", "b"));

    /** A site whose "training" adds (its index + 1) × 0.1 to every weight, and that counts its fits. */
    private static final class FakeSite implements SiteClient {
        final String id;
        final Map<Integer, Integer> fitsByRound = new HashMap<>();
        final List<Long> seeds = new ArrayList<>();

        FakeSite(String id) {
            this.id = id;
        }

        @Override
        public String siteId() {
            return id;
        }

        @Override
        public SiteUpdate fit(FitInstructions in) {
            fitsByRound.merge(in.round(), 1, Integer::sum);
            seeds.add(in.config().seed());
            float step = (Integer.parseInt(id.substring(1)) + 1) * 0.1f;
            float[] v = in.globalWeights().values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += step;
            }
            return new SiteUpdate(id, in.round(), in.globalWeights().withValues(v), 7, Map.of(SiteUpdate.TRAIN_LOSS, 0.3));
        }

        @Override
        public SiteEvaluation evaluate(EvaluateInstructions instructions) {
            throw new UnsupportedOperationException("not evaluated here");
        }
    }

    private static ModelWeights global() {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {2})), new float[] {1f, -1f});
    }

    private static FitInstructions fit(int round, String site) {
        return new FitInstructions(round, global(), TrainingConfig.defaults().withSeed(Seeds.mix(42, round, site.hashCode())));
    }

    @Test
    void theMaliciousSitesAreASeededDrawOfTheAskedShare() {
        List<String> a = AttackPlan.chooseMalicious(SITES, 0.2, 42);
        assertEquals(2, a.size());
        assertEquals(a, AttackPlan.chooseMalicious(SITES, 0.2, 42), "the same seed draws the same sites");
        assertTrue(SITES.containsAll(a));
        List<List<String>> draws = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            draws.add(AttackPlan.chooseMalicious(SITES, 0.2, seed));
        }
        assertTrue(draws.stream().distinct().count() > 5, "other seeds draw other sites: " + draws);
        assertEquals(1, AttackPlan.chooseMalicious(SITES, 0.01, 42).size(), "an attack has at least one attacker");
        assertEquals(3, AttackPlan.chooseMalicious(SITES, 0.3, 42).size());
    }

    @Test
    void sharesThatLeaveNoHonestSiteAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttackPlan.chooseMalicious(List.of("a", "b"), 0.8, 1));
        assertEquals("malicious 0.8 of 2 sites makes 2 attackers and no honest site; lower malicious or add sites", e.getMessage());
    }

    @Test
    void honestSitesAreUntouchedAndMaliciousOnesSendTheAttackEveryRound() {
        AttackPlan plan = AttackPlan.of(AttackSpec.parse("sign_flip:10", 0.2), SITES, DATA, 42);
        for (String s : SITES) {
            FakeSite site = new FakeSite(s);
            SiteClient wrapped = plan.wrap(site);
            if (!plan.isMalicious(s)) {
                assertSame(site, wrapped);
                continue;
            }
            float step = (Integer.parseInt(s.substring(1)) + 1) * 0.1f;
            for (int round = 1; round <= 3; round++) {
                SiteUpdate u = wrapped.fit(fit(round, s));
                float[] delta = u.weights().minus(global()).values();
                assertEquals(-10 * step, delta[0], 1e-5, s + " round " + round);
                assertEquals(-10 * step, delta[1], 1e-5);
                assertEquals(7, u.numSamples());
                assertEquals(0.3, u.metric(SiteUpdate.TRAIN_LOSS, 0));
            }
        }
    }

    @Test
    void colludersShareTheirHonestUpdatesAndEachTrainsOncePerRound() {
        AttackPlan plan = AttackPlan.of(AttackSpec.parse("ipm:0.5", 0.3), SITES, DATA, 42);
        Map<String, FakeSite> fakes = new HashMap<>();
        Map<String, SiteClient> wrapped = new HashMap<>();
        for (String s : SITES) {
            fakes.put(s, new FakeSite(s));
            wrapped.put(s, plan.wrap(fakes.get(s)));
        }
        List<String> bad = plan.malicious();
        assertEquals(3, bad.size());
        double meanStep = bad.stream().mapToDouble(s -> (Integer.parseInt(s.substring(1)) + 1) * 0.1).average().orElseThrow();
        for (int round = 1; round <= 2; round++) {
            List<float[]> sent = new ArrayList<>();
            for (String s : bad) {
                sent.add(wrapped.get(s).fit(fit(round, s)).weights().minus(global()).values());
            }
            for (float[] d : sent) {
                assertEquals(-0.5 * meanStep, d[0], 1e-5, "every colluder sends -ε × the group's mean delta");
                assertArrayEquals(sent.get(0), d);
            }
            for (String s : bad) {
                assertEquals(1, fakes.get(s).fitsByRound.get(round), s + " trains once in round " + round);
                assertEquals(Seeds.mix(42, round, s.hashCode()), fakes.get(s).seeds.get(round - 1),
                        "a colluder trained ahead of its turn uses the seed the strategy gives it");
            }
        }
    }

    @Test
    void aBackdooredSiteTrainsOnPoisonedDataButClaimsItsHonestSize() {
        AttackPlan plan = AttackPlan.of(AttackSpec.parse("backdoor", 0.2), SITES, DATA, 42);
        String bad = plan.malicious().get(0);
        String good = SITES.stream().filter(s -> !plan.isMalicious(s)).findFirst().orElseThrow();
        assertSame(DATA, plan.trainingData(good, DATA));
        LabeledSamples poisoned = plan.trainingData(bad, DATA);
        assertEquals(4, poisoned.size());
        SiteClient site = plan.wrap(new SiteClient() {
            @Override
            public String siteId() {
                return bad;
            }

            @Override
            public SiteUpdate fit(FitInstructions in) {
                return new SiteUpdate(bad, in.round(), in.globalWeights(), poisoned.size(), Map.of());
            }

            @Override
            public SiteEvaluation evaluate(EvaluateInstructions instructions) {
                throw new UnsupportedOperationException();
            }
        });
        assertEquals(2, site.fit(fit(1, bad)).numSamples());
    }

    @Test
    void deltaUpdatesStayDeltas() {
        AttackPlan plan = AttackPlan.of(AttackSpec.parse("sign_flip:2", 0.1), SITES, DATA, 42);
        String bad = plan.malicious().get(0);
        SiteClient site = plan.wrap(new SiteClient() {
            @Override
            public String siteId() {
                return bad;
            }

            @Override
            public SiteUpdate fit(FitInstructions in) {
                return new SiteUpdate(bad, in.round(), global().withValues(new float[] {0.25f, -0.5f}), 3, Map.of(), true);
            }

            @Override
            public SiteEvaluation evaluate(EvaluateInstructions instructions) {
                throw new UnsupportedOperationException();
            }
        });
        SiteUpdate u = site.fit(fit(1, bad));
        assertTrue(u.isDelta());
        assertArrayEquals(new float[] {-0.5f, 1f}, u.weights().values());
        assertNotEquals(0, u.numSamples());
    }
}
