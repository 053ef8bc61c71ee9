package org.fedmed.core.privacy.mechanism;

import org.fedmed.core.privacy.accounting.RdpAccountant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.SiteSampler;
import org.fedmed.core.strategy.StrategyOptions;
import org.junit.jupiter.api.Test;

/** ClientDpStrategy driven by the real round loop. */
class ClientDpFederationTest {

    /** A site that always moves the model by (100, 0): far beyond the clip norm. */
    private record PushingSite(String siteId) implements SiteClient {
        @Override
        public SiteUpdate fit(FitInstructions in) {
            float[] v = in.globalWeights().values().clone();
            v[0] += 100f;
            return new SiteUpdate(siteId, in.round(), in.globalWeights().withValues(v), 10, Map.of());
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
            sites.add(new PushingSite("h" + i));
        }
        FedAvg inner = new FedAvg(StrategyOptions.defaults().withSampler(new SiteSampler(0.5, 1)));
        double sigma = 0.5;
        ClientDpStrategy dp = ClientDpStrategy.wrap(inner).clipNorm(1.0).noiseMultiplier(sigma).seed(21).build();
        assertEquals("dp-fedavg", dp.name());
        FederationResult result = Federation.builder().strategy(dp).sites(sites).rounds(5)
                .federatedEvaluationEvery(0).build().run(UpdateClippingTest.flat(0, 0));
        for (RoundResult r : result.rounds()) {
            assertTrue(r.aggregated(), r.failures().toString());
            assertEquals(3, r.participants().size());
        }
        // each round moves x by the clipped mean 1 plus N(0, (σ·C/3)²): after 5 rounds ≈ 5 ± 0.37
        ModelWeights last = result.finalWeights();
        assertEquals(5.0, last.values()[0], 1.5);
        assertEquals(0.0, last.values()[1], 1.5);
        assertEquals(5, dp.ledger().clientLevel().entries().size());
        assertEquals(new RdpAccountant().record(0.5, sigma, 5).spent(1e-5).epsilon(), dp.spent(1e-5).epsilon(), 1e-9);
    }
}
