package org.fedmed.core.secure.secagg;

import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.site.SecureSite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.privacy.accounting.SkellamRdp;
import org.fedmed.core.privacy.clientdp.ClientDpStrategy;
import org.fedmed.core.privacy.mechanism.AdaptiveClipping;
import org.fedmed.core.privacy.mechanism.SkellamNoise;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.junit.jupiter.api.Test;

/** Client-level DP with Skellam noise added by the sites inside SecAgg+: the sum carries the noise, the ledger its bound. */
class SecureDpTest {

    private static List<SiteClient> zeroSites(SecAggFixture f, long seed) {
        List<SiteClient> out = new ArrayList<>();
        int k = 0;
        for (String id : f.ids) {
            SiteIdentity identity = new SiteIdentity(id, f.signingKeys.get(id).getPrivate(), f.signingKeys.get(id).getPublic().getEncoded());
            SkellamNoise noise = SkellamNoise.seeded(seed + k++);
            out.add(new SecureSite(SecAggFixture.fixedSite(id, new float[f.values], 50), identity, f.verifier, new SecureRandom(),
                    noise::addTo));
        }
        return out;
    }

    @Test
    void theUnmaskedSumCarriesTheSitesSkellamNoiseAndTheLedgerRecordsWhatWasSummed() {
        int n = 5;
        SecAggFixture f = new SecAggFixture(n, 20_000, 31);
        double sigma = 0.8;
        double clip = 0.5;
        ClientDpStrategy dp = ClientDpStrategy.wrap(new FedAvg(StrategyOptions.defaults())).clipNorm(clip).noiseMultiplier(sigma)
                .mode(ClientDpStrategy.Mode.DISTRIBUTED).secureSum(true).build();
        SecAggPlus secagg = new SecAggPlus(new SecAggSettings(0.25, 0, 0, 4, 1e4), f.verifier, new SecureRandom());
        int t = secagg.threshold(n);
        assertEquals(3, t);
        FederationResult r = Federation.builder().strategy(dp).sites(zeroSites(f, 5)).rounds(1).federatedEvaluationEvery(0)
                .secureAggregation(secagg).build().run(f.zeros());
        assertTrue(dp.aggregation().contains("secure_sum(skellam σ=0.8, added by the sites)"), dp.aggregation());
        // global = Σ noise / m with m = n (every site each round); Var(Σ) = n·2μ/n = (σC)².
        float[] g = r.finalWeights().values();
        double sq = 0;
        for (float v : g) {
            sq += (double) v * v;
        }
        double observed = sq / g.length * n * n;
        double expected = sigma * clip * sigma * clip;
        assertEquals(expected, observed, 0.05 * expected, "variance of the noise on the sum");
        // The ledger holds one Skellam round; its ε is the Gaussian's at σ (on the integer orders σ is
        // calibrated on in this mode) within a hair, never above: the sites' μ is the smallest whose RDP
        // curve lies below the Gaussian's there.
        double eps = dp.spent(1e-5).epsilon();
        double gaussian = new RdpAccountant(SkellamRdp.integerOrders()).record(1.0, sigma, 1).spent(1e-5, Conversion.IMPROVED).epsilon();
        assertTrue(eps <= gaussian * (1 + 1e-9) && eps > gaussian * 0.99, eps + " vs Gaussian " + gaussian);
        assertEquals(1, dp.ledger().clientLevel().entries().size());
        assertTrue(dp.report(1e-5, Conversion.IMPROVED).mechanism().contains("Skellam"), dp.report(1e-5, Conversion.IMPROVED).mechanism());
    }

    @Test
    void aRoundWithDropoutsIsAccountedWithTheSurvivorsNoiseOnly() {
        int n = 5;
        SecAggFixture f = new SecAggFixture(n, 50, 33);
        ClientDpStrategy dp = ClientDpStrategy.wrap(new FedAvg(StrategyOptions.defaults())).clipNorm(1).noiseMultiplier(1.0)
                .mode(ClientDpStrategy.Mode.DISTRIBUTED).secureSum(true).build();
        List<SiteClient> sites = zeroSites(f, 3);
        SiteClient gone = sites.get(4);
        sites.set(4, SiteClient.withSecureStep(gone, request -> { // shares its keys, then never sends its masked input
            if (SecAggCodec.decode(request) instanceof SecAggMessage.MaskedInputRequest) {
                throw new IllegalStateException("gone");
            }
            return gone.secureStep(request);
        }));
        Federation.builder().strategy(dp).sites(sites).rounds(1).federatedEvaluationEvery(0)
                .secureAggregation(new SecAggPlus(new SecAggSettings(0.25, 0, 0, 4, 1e4), f.verifier, new SecureRandom()))
                .build().run(f.zeros());
        // 4 of 5 summed: the noise is σ·√(4/5) in units of the clip, and that is what the ledger charges.
        double eps = dp.spent(1e-5).epsilon();
        double[] orders = SkellamRdp.integerOrders();
        double asIfAll = new RdpAccountant(orders).record(1.0, 1.0, 1).spent(1e-5, Conversion.IMPROVED).epsilon();
        double survivors = new RdpAccountant(orders).record(1.0, Math.sqrt(4.0 / 5), 1).spent(1e-5, Conversion.IMPROVED).epsilon();
        assertTrue(eps > asIfAll * 1.05 && eps <= survivors * 1.001 && eps > survivors * 0.99, eps + " vs " + survivors + " / " + asIfAll);
    }

    @Test
    void theAccountingSurvivesACheckpoint() {
        SecAggFixture f = new SecAggFixture(4, 100, 32);
        ClientDpStrategy dp = ClientDpStrategy.wrap(new FedAvg(StrategyOptions.defaults())).clipNorm(1).noiseMultiplier(1.0)
                .mode(ClientDpStrategy.Mode.DISTRIBUTED).secureSum(true).build();
        Federation.builder().strategy(dp).sites(zeroSites(f, 9)).rounds(3).federatedEvaluationEvery(0)
                .secureAggregation(new SecAggPlus(new SecAggSettings(0.25, 0, 0, 4, 1e4), f.verifier, new SecureRandom()))
                .build().run(f.zeros());
        ClientDpStrategy resumed = ClientDpStrategy.wrap(new FedAvg(StrategyOptions.defaults())).clipNorm(1).noiseMultiplier(1.0)
                .mode(ClientDpStrategy.Mode.DISTRIBUTED).secureSum(true).build();
        resumed.restoreState(dp.saveState());
        assertEquals(dp.spent(1e-5).epsilon(), resumed.spent(1e-5).epsilon(), 1e-12);
        assertEquals(3, resumed.ledger().clientLevel().entries().size());
    }

    @Test
    void adaptiveClippingUnderDistributedSecureNoiseIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientDpStrategy.wrap(new FedAvg(StrategyOptions.defaults()))
                .adaptiveClipping(new AdaptiveClipping(1.0, 0.5, 0.2, 1.0)).noiseMultiplier(1.0)
                .mode(ClientDpStrategy.Mode.DISTRIBUTED).secureSum(true).build());
        assertTrue(e.getMessage().startsWith("distributed DP under secure aggregation supports a fixed clip norm only"), e.getMessage());
    }
}
