package org.fedmed.core.secure.paillier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureInputSpec;
import org.fedmed.core.secure.SecureRoundResult;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.SecureTransport;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.secagg.SecAggFixture;
import org.fedmed.core.secure.secagg.SecAggSettings;
import org.fedmed.core.secure.site.SecureSite;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Threshold Paillier as the federation's protection: the sum is right, dropouts after encryption are fine, attacks are refused. */
class PaillierFederationTest {

    private static ThresholdKeys keys; // 5 holders, t = 3; a short test key (a study refuses < 2048 bits)

    @BeforeAll
    static void deal() {
        keys = ThresholdDealer.dealUnchecked(512, 3, 5, new SecureRandom());
    }

    private static SiteClient model(String id, float[] delta, long samples) {
        return new SiteClient() {
            public String siteId() {
                return id;
            }

            public SiteUpdate fit(FitInstructions in) {
                float[] w = in.globalWeights().values().clone();
                for (int i = 0; i < w.length; i++) {
                    w[i] += delta[i];
                }
                return new SiteUpdate(id, in.round(), in.globalWeights().withValues(w), samples, Map.of(SiteUpdate.TRAIN_LOSS, 0.5));
            }

            public SiteEvaluation evaluate(EvaluateInstructions in) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static List<SiteClient> sites(SecAggFixture f, Set<String> silentAtDecrypt) {
        List<SiteClient> out = new ArrayList<>();
        for (int i = 0; i < f.ids.size(); i++) {
            String id = f.ids.get(i);
            SiteIdentity identity = new SiteIdentity(id, f.signingKeys.get(id).getPrivate(), f.signingKeys.get(id).getPublic().getEncoded());
            SecureSite s = new SecureSite(model(id, f.deltas.get(id), f.samples.get(id)), identity, f.verifier, new SecureRandom(), null,
                    keys.shares().get(i));
            out.add(!silentAtDecrypt.contains(id) ? s : SiteClient.withSecureStep(s, request -> {
                if (PaillierCodec.decode(request) instanceof PaillierMessage.DecryptRequest) {
                    throw new IllegalStateException("connection reset (test: vanished after sending its ciphertexts)");
                }
                return s.secureStep(request);
            }));
        }
        return out;
    }

    private static PaillierAggregation aggregation(SecAggFixture f) {
        return PaillierAggregation.unchecked(keys.publicKey(), 3, 5, f.verifier, new SecAggSettings(0, 0, 0, 2, 1e4), new SecureRandom());
    }

    private static FederationResult run(SecAggFixture f, List<SiteClient> sites, PaillierAggregation p) {
        Federation.Builder b = Federation.builder().strategy(new FedAvg(StrategyOptions.defaults())).sites(sites).rounds(2)
                .federatedEvaluationEvery(0);
        if (p != null) {
            b.secureAggregation(p);
        }
        return b.build().run(f.zeros());
    }

    @Test
    void fedAvgUnderThresholdPaillierEqualsTheClearRun() {
        SecAggFixture f = new SecAggFixture(5, 150, 41);
        List<SiteClient> clear = new ArrayList<>();
        f.ids.forEach(id -> clear.add(model(id, f.deltas.get(id), f.samples.get(id))));
        FederationResult a = run(f, clear, null);
        FederationResult b = run(f, sites(f, Set.of()), aggregation(f));
        for (int i = 0; i < f.values; i++) {
            assertEquals(a.finalWeights().values()[i], b.finalWeights().values()[i], 1e-5, "parameter " + i);
        }
        RoundResult r = b.rounds().get(0);
        assertEquals("paillier", r.secure().protection());
        assertEquals(5, r.secure().summed());
        assertEquals(0.5, r.trainLoss(), 1e-4);
    }

    @Test
    void aSiteThatVanishesAfterItsCiphertextsStaysInTheSum() {
        SecAggFixture f = new SecAggFixture(5, 40, 42);
        List<SiteClient> clear = new ArrayList<>();
        f.ids.forEach(id -> clear.add(model(id, f.deltas.get(id), f.samples.get(id))));
        FederationResult a = run(f, clear, null);
        FederationResult b = run(f, sites(f, Set.of("site-002", "site-004")), aggregation(f));
        assertEquals(5, b.rounds().get(0).secure().summed());
        assertTrue(b.rounds().get(0).secure().recovered().get("site-002").startsWith("paillier_decrypt: IllegalStateException"));
        for (int i = 0; i < f.values; i++) {
            assertEquals(a.finalWeights().values()[i], b.finalWeights().values()[i], 1e-5);
        }
    }

    @Test
    void fewerThanTDecryptionsAbortAndTheModelIsKept() {
        SecAggFixture f = new SecAggFixture(5, 10, 43);
        FederationResult b = run(f, sites(f, Set.of("site-001", "site-002", "site-003")), aggregation(f));
        RoundResult r = b.rounds().get(0);
        assertFalse(r.aggregated());
        assertEquals("paillier round 1 aborted at paillier_decrypt: only 2 sites are left, fewer than the threshold t=3; "
                + "nothing was decrypted", r.failures().get("(secure aggregation)"));
    }

    @Test
    void aCoordinatorAskingToDecryptOneSitesUpdateIsRefused() {
        SecAggFixture f = new SecAggFixture(5, 10, 44);
        List<SiteClient> sites = sites(f, Set.of());
        List<String> asked = new ArrayList<>();
        SecureTransport nosy = (step, requests, failures) -> {
            Map<String, byte[]> out = new java.util.TreeMap<>();
            for (var e : requests.entrySet()) {
                byte[] req = e.getValue();
                if (PaillierCodec.decode(req) instanceof PaillierMessage.DecryptRequest d) {
                    req = PaillierCodec.encode(new PaillierMessage.DecryptRequest(d.round(), d.contributions().subList(0, 1)));
                }
                try {
                    out.put(e.getKey(), sites.get(f.ids.indexOf(e.getKey())).secureStep(req));
                } catch (SecureStepException ex) {
                    asked.add(ex.getMessage());
                    failures.put(e.getKey(), ex.getMessage());
                }
            }
            return out;
        };
        for (SiteClient s : sites) {
            s.fit(new FitInstructions(1, f.zeros(), org.fedmed.core.training.TrainingConfig.defaults(),
                    org.fedmed.core.aggregate.SitePlan.none(), true));
        }
        SecureStepException e = assertThrows(SecureStepException.class,
                () -> aggregation(f).sum(1, f.ids, f.values, SecureInputSpec.WEIGHTED, nosy));
        assertTrue(e.getMessage().contains("aborted at paillier_decrypt"), e.getMessage());
        assertEquals(5, asked.size());
        assertTrue(asked.get(0).endsWith("refuses to decrypt a sum of 1 sites: at least t=3 must contribute (a smaller sum could be "
                + "one site's update)"), asked.get(0));
    }

    @Test
    void tamperedCiphertextsFailTheirSignatureAndTheSiteIsLeftOut() {
        SecAggFixture f = new SecAggFixture(5, 10, 45);
        List<SiteClient> sites = sites(f, Set.of());
        SecureTransport tampering = (step, requests, failures) -> {
            Map<String, byte[]> out = new java.util.TreeMap<>();
            for (var e : requests.entrySet()) {
                byte[] reply = sites.get(f.ids.indexOf(e.getKey())).secureStep(e.getValue());
                if (step.equals("paillier_encrypt") && e.getKey().equals("site-003")) {
                    PaillierMessage.Ciphertexts c = (PaillierMessage.Ciphertexts) PaillierCodec.decode(reply);
                    List<java.math.BigInteger> cs = new ArrayList<>(c.vector().ciphertexts());
                    cs.set(0, cs.get(0).add(java.math.BigInteger.ONE));
                    reply = PaillierCodec.encode(new PaillierMessage.Ciphertexts(c.site(), c.round(),
                            new EncryptedVector(c.vector().length(), c.vector().count(), cs), c.credential(), c.signature()));
                }
                out.put(e.getKey(), reply);
            }
            return out;
        };
        for (SiteClient s : sites) {
            s.fit(new FitInstructions(1, f.zeros(), org.fedmed.core.training.TrainingConfig.defaults(),
                    org.fedmed.core.aggregate.SitePlan.none(), true));
        }
        SecureRoundResult r = aggregation(f).sum(1, f.ids, f.values, SecureInputSpec.WEIGHTED, tampering);
        assertEquals("paillier_encrypt: invalid signature (tampered or forged)", r.dropped().get("site-003"));
        assertEquals(4, r.survivors().size());
    }

    @Test
    void shortKeysAndImpossibleThresholdsAreRefusedBeforeRoundOne() {
        SecAggFixture f = new SecAggFixture(3, 4, 46);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PaillierAggregation(keys.publicKey(), 3, 5,
                f.verifier, SecAggSettings.defaults(), new SecureRandom()));
        assertEquals("paillier key of 512 bits is too short: at least 2048 bits", e.getMessage());
        assertEquals("paillier: threshold t=3 is above the 2 sites of the round: the sum could never be decrypted",
                assertThrows(IllegalArgumentException.class, () -> aggregation(f).threshold(2)).getMessage());
    }
}
