package org.fedmed.core.secure.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.aggregate.AggregationWeighting;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.federation.SecureRoundInfo;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureSum;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.site.SecureSite;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.junit.jupiter.api.Test;

/** The round loop with SecAgg+: same model as in the clear within quantization, dropouts recovered, refusals. */
class SecureFederationTest {

    /** A site whose training moves the model by a fixed delta (sent as a model, as FedAvg expects). */
    private static SiteClient site(String id, float[] delta, long samples) {
        return new SiteClient() {
            public String siteId() {
                return id;
            }

            public SiteUpdate fit(FitInstructions in) {
                float[] w = in.globalWeights().values().clone();
                for (int i = 0; i < w.length; i++) {
                    w[i] += delta[i] * (1 + 0.1f * in.round());
                }
                return new SiteUpdate(id, in.round(), in.globalWeights().withValues(w), samples, Map.of(SiteUpdate.TRAIN_LOSS, 0.25));
            }

            public SiteEvaluation evaluate(EvaluateInstructions in) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static List<SiteClient> clearSites(SecAggFixture f) {
        List<SiteClient> out = new ArrayList<>();
        f.ids.forEach(id -> out.add(site(id, f.deltas.get(id), f.samples.get(id))));
        return out;
    }

    private static List<SiteClient> secureSites(SecAggFixture f, Set<String> vanishAfterUpload) {
        List<SiteClient> out = new ArrayList<>();
        for (String id : f.ids) {
            SiteIdentity identity = new SiteIdentity(id, f.signingKeys.get(id).getPrivate(), f.signingKeys.get(id).getPublic().getEncoded());
            SecureSite s = new SecureSite(site(id, f.deltas.get(id), f.samples.get(id)), identity, f.verifier, new SecureRandom(), null);
            out.add(!vanishAfterUpload.contains(id) ? s : SiteClient.withSecureStep(s, request -> {
                String step = SecAggCodec.decode(request).step();
                if (step.equals("consistency") || step.equals("unmask")) {
                    throw new IllegalStateException("connection reset (test: the site vanished after its masked upload)");
                }
                return s.secureStep(request);
            }));
        }
        return out;
    }

    private static FederationResult run(SecAggFixture f, List<SiteClient> sites, SecAggSettings settings, StrategyOptions options) {
        return run(f, sites, settings, options, 1);
    }

    private static FederationResult run(SecAggFixture f, List<SiteClient> sites, SecAggSettings settings, StrategyOptions options,
                                        int groups) {
        Federation.Builder b = Federation.builder().strategy(new FedAvg(options)).sites(sites).rounds(3).federatedEvaluationEvery(0)
                .secureGroups(groups);
        if (settings != null) {
            b.secureAggregation(new SecAggPlus(settings, f.verifier, new SecureRandom()));
        }
        return b.build().run(f.zeros());
    }

    @Test
    void groupedSecureSumsGiveTheClearWeightedMeanAndEachGroupIsOneContribution() {
        SecAggFixture f = new SecAggFixture(7, 60, 26);
        FederationResult clear = run(f, clearSites(f), null, StrategyOptions.defaults());
        FederationResult grouped = run(f, secureSites(f, Set.of()), new SecAggSettings(0, 0, 0, 4, 1e4), StrategyOptions.defaults(), 2);
        for (int i = 0; i < f.values; i++) {
            assertEquals(clear.finalWeights().values()[i], grouped.finalWeights().values()[i], 1e-5, "parameter " + i);
        }
        RoundResult r = grouped.rounds().get(0);
        assertEquals(List.of("group-1", "group-2"), r.participants(), "the strategy sees two group means, no site");
        assertTrue(r.secure().parameters().startsWith("2 of 2 groups summed (7 sites"), r.secure().parameters());
        assertEquals(7, r.secure().summed());
        assertEquals(0.25, r.trainLoss(), 1e-4);
        FederationResult tooMany = run(f, secureSites(f, Set.of()), SecAggSettings.defaults(), StrategyOptions.defaults(), 3);
        assertEquals("secure_groups 3 needs at least 9 sites in a round (3 per group), got 7",
                tooMany.rounds().get(0).failures().get("(secure aggregation)"));
    }

    @Test
    void fedAvgUnderSecAggEqualsTheClearRunWithinQuantization() {
        SecAggFixture f = new SecAggFixture(6, 200, 21);
        FederationResult clear = run(f, clearSites(f), null, StrategyOptions.defaults());
        FederationResult secure = run(f, secureSites(f, Set.of()), SecAggSettings.defaults(), StrategyOptions.defaults());
        float[] a = clear.finalWeights().values();
        float[] b = secure.finalWeights().values();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5, "parameter " + i);
        }
        RoundResult r = secure.rounds().get(0);
        assertNotNull(r.secure());
        assertEquals(6, r.secure().summed());
        assertTrue(r.secure().parameters().startsWith("n=6, complete graph (k=5), t=4"), r.secure().parameters());
        assertEquals(0.25, r.trainLoss(), 1e-4, "the weighted loss comes out of the sum");
        assertEquals(clear.rounds().get(0).trainLoss(), r.trainLoss(), 1e-4);
        // the audit chain's record of the round: the digest of the sum the coordinator decoded (stochastic rounding
        // makes each run's sum differ in its last bits, so the digest identifies this run's sum)
        assertTrue(r.secure().sumDigest().matches("[0-9a-f]{64}"), r.secure().sumDigest());
        SecureSum sum = new SecureSum(new float[] {1f, 2f}, 3.0, 0.5, 2);
        assertEquals(SecureRoundInfo.digest(sum), SecureRoundInfo.digest(new SecureSum(new float[] {1f, 2f}, 3.0, 0.9, 2)));
        assertNotEquals(SecureRoundInfo.digest(sum), SecureRoundInfo.digest(new SecureSum(new float[] {1f, 2.0001f}, 3.0, 0.5, 2)));
        assertNotEquals(SecureRoundInfo.digest(sum), SecureRoundInfo.digest(new SecureSum(new float[] {1f, 2f}, 4.0, 0.5, 2)));
    }

    @Test
    void aSiteThatVanishesAfterItsMaskedUploadIsRecoveredAndStaysInTheSum() {
        SecAggFixture f = new SecAggFixture(5, 50, 22);
        FederationResult clear = run(f, clearSites(f), null, StrategyOptions.defaults());
        FederationResult secure = run(f, secureSites(f, Set.of("site-003")), new SecAggSettings(0.25, 0, 0, 4, 1e4),
                StrategyOptions.defaults());
        for (RoundResult r : secure.rounds()) {
            assertTrue(r.aggregated());
            assertEquals(5, r.secure().summed());
            assertTrue(r.secure().recovered().get("site-003").startsWith("consistency: IllegalStateException: connection reset"), r.secure().recovered().toString());
        }
        float[] a = clear.finalWeights().values();
        float[] b = secure.finalWeights().values();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5);
        }
    }

    @Test
    void tooManyVanishedSitesAbortTheRoundAndTheModelIsKept() {
        SecAggFixture f = new SecAggFixture(5, 20, 23);
        FederationResult secure = run(f, secureSites(f, Set.of("site-001", "site-002", "site-003")),
                new SecAggSettings(0.25, 0, 0, 4, 1e4), StrategyOptions.defaults());
        for (RoundResult r : secure.rounds()) {
            assertFalse(r.aggregated());
            assertTrue(r.failures().get("(secure aggregation)").contains("aborted"), r.failures().toString());
        }
        ModelWeights zeros = f.zeros();
        assertEquals(zeros.values()[0], secure.finalWeights().values()[0]);
    }

    @Test
    void aSiteSendingItsUpdateInTheClearIsDiscardedUnread() {
        SecAggFixture f = new SecAggFixture(5, 10, 24);
        List<SiteClient> sites = secureSites(f, Set.of());
        sites.set(0, site(f.ids.get(0), f.deltas.get(f.ids.get(0)), 10)); // not a SecureSite
        FederationResult r = run(f, sites, new SecAggSettings(0.25, 0, 0, 4, 1e4), StrategyOptions.defaults());
        assertEquals("rejected: sent its update in the clear in a secure round; it was discarded unread",
                r.rounds().get(0).failures().get("site-001"));
        assertTrue(r.rounds().get(0).aggregated(), r.rounds().get(0).failures().toString());
        assertEquals(4, r.rounds().get(0).secure().summed());
    }

    @Test
    void aWeightingThatNeedsClearScoresIsRefusedWithTheReason() {
        SecAggFixture f = new SecAggFixture(4, 10, 25);
        FederationResult r = run(f, secureSites(f, Set.of()), SecAggSettings.defaults(),
                StrategyOptions.defaults().withWeighting(AggregationWeighting.VALIDATION_SCORE));
        assertEquals("secure aggregation sums sample-weighted updates; weighting 'validation' needs each site's score in the clear "
                + "(use weighting: samples)", r.rounds().get(0).failures().get("(secure aggregation)"));
    }

    @Test
    void aMedianAcrossGroupedSecureSumsResistsASignFlippingSiteItNeverSees() {
        SecAggFixture f = new SecAggFixture(9, 40, 27);
        f.ids.forEach(id -> java.util.Arrays.fill(f.deltas.get(id), 0.1f)); // honest sites agree
        java.util.Arrays.fill(f.deltas.get("site-004"), -10f); // one poisoned site
        List<SiteClient> sites = secureSites(f, Set.of());
        double plain = run(f, sites, new SecAggSettings(0, 0, 0, 20, 1e4), StrategyOptions.defaults(), 3).finalWeights().values()[0];
        List<SiteClient> again = secureSites(f, Set.of());
        double robust = run(f, again, new SecAggSettings(0, 0, 0, 20, 1e4), StrategyOptions.defaults().withAggregator("median"), 3)
                .finalWeights().values()[0];
        // three rounds of an honest step of about 0.1·(1 + 0.1·round): the median of the group means follows it,
        // the weighted mean is dragged below zero by the one site it cannot see
        assertTrue(robust > 0.3 && robust < 0.45, "median across groups: " + robust);
        assertTrue(plain < 0, "plain mean across groups: " + plain);
    }
}
