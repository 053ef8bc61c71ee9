package org.fedmed.core.privacy.clientdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.StrategyOptions;
import org.junit.jupiter.api.Test;

/** ClientDpStrategy driven by the real round loop. */
class ClientDpFederationTest {

    /**
     * A site that always moves the model by (100, 0), far beyond the clip norm; an honest one runs
     * the round's site stages (clips), a cheating one sends its raw delta as if it had.
     */
    private record PushingSite(String siteId, boolean honest) implements SiteClient {
        @Override
        public SiteUpdate fit(FitInstructions in) {
            float[] v = in.globalWeights().values().clone();
            v[0] += 100f;
            ModelWeights trained = in.globalWeights().withValues(v);
            if (!honest) {
                return new SiteUpdate(siteId, in.round(), trained.minus(in.globalWeights()), 10, Map.of(), true);
            }
            return LocalSite.finish(siteId, in, trained, 10, Map.of());
        }

        @Override
        public SiteEvaluation evaluate(EvaluateInstructions in) {
            throw new UnsupportedOperationException("not evaluated in this test");
        }
    }

    @Test
    void roundLoopClipsNoisesAndAccountsEveryRound() {
        List<SiteClient> sites = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sites.add(new PushingSite("h" + i, true));
        }
        FedAvg inner = new FedAvg(StrategyOptions.defaults().withSampler(new SiteSampler(0.5, 1)));
        double sigma = 0.5;
        ClientDpStrategy dp = ClientDpStrategy.wrap(inner).clipNorm(1.0).noiseMultiplier(sigma).seed(21).build();
        assertEquals("dp-fedavg", dp.name());
        FederationResult result = Federation.builder().strategy(dp).sites(sites).rounds(5)
                .federatedEvaluationEvery(0).build().run(ClientDpStrategyTest.flat(0, 0));
        double expectedX = 0;
        int aggregated = 0;
        for (RoundResult r : result.rounds()) {
            assertTrue(r.failures().isEmpty(), r.failures().toString());
            // Poisson sampling at q = 0.5: each round's clipped deltas (1, 0) are summed over m = q·6 = 3
            expectedX += r.participants().size() / 3.0;
            aggregated += r.aggregated() ? 1 : 0;
        }
        ModelWeights last = result.finalWeights();
        assertEquals(expectedX, last.values()[0], 1.5);
        assertEquals(0.0, last.values()[1], 1.5);
        assertEquals(aggregated, dp.ledger().clientLevel().entries().size());
        assertEquals(new RdpAccountant().record(0.5, sigma, aggregated).spent(1e-5).epsilon(), dp.spent(1e-5).epsilon(), 1e-9);
        assertEquals("clip(c=1.0) → mean(uniform, fixed denominator) → gaussian(σ=0.5) → sgd(η=1.0)", dp.aggregation());
    }

    @Test
    void aSiteThatSkipsItsClippingIsLeftOut() {
        List<SiteClient> sites = List.of(new PushingSite("honest", true), new PushingSite("cheat", false));
        ClientDpStrategy dp = ClientDpStrategy.wrap(new FedAvg(StrategyOptions.defaults())).clipNorm(1.0)
                .noiseMultiplier(0.5).seed(3).build();
        FederationResult result = Federation.builder().strategy(dp).sites(sites).rounds(2)
                .federatedEvaluationEvery(0).build().run(ClientDpStrategyTest.flat(0, 0));
        for (RoundResult r : result.rounds()) {
            assertEquals(List.of("honest"), r.participants());
            assertTrue(r.failures().get("cheat").contains("exceeds the clip bound 1.0"), r.failures().toString());
        }
    }
}
