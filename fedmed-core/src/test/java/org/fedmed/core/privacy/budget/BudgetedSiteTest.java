package org.fedmed.core.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.LedgerEntry;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.DpSgd;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.junit.jupiter.api.Test;

/** The site-side ledger of sample-level DP: accounting, budget refusals, own noise, private class weights. */
class BudgetedSiteTest {

    /** Remembers what it was asked to train with. */
    static final class RecordingSite implements SiteClient {
        final List<TrainingConfig> configs = new ArrayList<>();

        @Override
        public String siteId() {
            return "h1";
        }

        @Override
        public SiteUpdate fit(FitInstructions i) {
            configs.add(i.config());
            return new SiteUpdate("h1", i.round(), i.globalWeights(), 100, Map.of(SiteUpdate.TRAIN_LOSS, 0.5));
        }

        @Override
        public SiteEvaluation evaluate(EvaluateInstructions i) {
            throw new UnsupportedOperationException();
        }
    }

    static final ModelWeights W = ModelWeights.zeros(List.of(new TensorSpec("w", new int[] {3})));
    static final long[] COUNTS = {30, 70}; // 100 examples

    static TrainingConfig config(DpSgd dp, boolean balance) {
        return new TrainingConfig(2, 10, 0.1, OptimizerKind.SGD, 0, 0, 0, balance, 5L, dp);
    }

    @Test
    void accountsEachRoundAsTheTrainerRunsIt() {
        PrivacyLedger ledger = new PrivacyLedger();
        RecordingSite inner = new RecordingSite();
        BudgetedSite site = new BudgetedSite(inner, COUNTS, ledger, 1e-5);
        SiteUpdate u = site.fit(new FitInstructions(1, W, config(new DpSgd(1.0, 1.1, true), false)));
        // 100 examples at batch 10: 10 steps per epoch at q = 0.1; 2 epochs
        RdpAccountant expected = new RdpAccountant().record(0.1, 1.1, 20);
        assertEquals(expected.spent(1e-5, Conversion.IMPROVED).epsilon(), u.metrics().get(BudgetedSite.EPSILON), 1e-12);
        assertEquals(List.of(new LedgerEntry(0.1, 1.1, 20)), ledger.site("h1").entries());
        assertEquals(Set.of(BudgetedSite.EPSILON), u.metrics().keySet(), "the noiseless training loss stays at the site");
    }

    @Test
    void refusesTheRoundThatWouldExceedTheBudget() {
        PrivacyLedger ledger = new PrivacyLedger();
        DpSgd dp = new DpSgd(1.0, 1.0, true);
        double oneRound = new RdpAccountant().record(0.1, 1.0, 20).spent(1e-5, Conversion.IMPROVED).epsilon();
        double twoRounds = new RdpAccountant().record(0.1, 1.0, 40).spent(1e-5, Conversion.IMPROVED).epsilon();
        BudgetedSite site = new BudgetedSite(new RecordingSite(), COUNTS, ledger, 1e-5,
                new BudgetPolicy((oneRound + twoRounds) / 2, 1e-5), Double.NaN);
        site.fit(new FitInstructions(1, W, config(dp, false)));
        assertFalse(site.budgetReached());
        BudgetedSite.BudgetExhaustedException e = assertThrows(BudgetedSite.BudgetExhaustedException.class,
                () -> site.fit(new FitInstructions(2, W, config(dp, false))));
        assertTrue(e.getMessage().contains("round 2") && e.getMessage().contains("budget"), e.getMessage());
        assertTrue(site.budgetReached());
        assertEquals(1, ledger.site("h1").entries().size(), "a refused round spends nothing");
    }

    @Test
    void refusesNonPrivateTraining() {
        BudgetedSite site = new BudgetedSite(new RecordingSite(), COUNTS, new PrivacyLedger(), 1e-5);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> site.fit(new FitInstructions(1, W, config(null, false))));
        assertTrue(e.getMessage().contains("only with DP-SGD"), e.getMessage());
    }

    @Test
    void ownNoiseMultiplierReplacesTheRoundsAndIsAccounted() {
        PrivacyLedger ledger = new PrivacyLedger();
        RecordingSite inner = new RecordingSite();
        BudgetedSite site = new BudgetedSite(inner, COUNTS, ledger, 1e-5, null, 2.5);
        site.fit(new FitInstructions(1, W, config(new DpSgd(1.0, 1.0, true), false)));
        assertEquals(2.5, inner.configs.get(0).dpSgd().noiseMultiplier());
        assertEquals(2.5, ledger.site("h1").entries().get(0).noiseMultiplier());
    }

    @Test
    void balancingReleasesNoisyCountsOnceAndTrainsWithTheirWeights() {
        PrivacyLedger ledger = new PrivacyLedger();
        RecordingSite inner = new RecordingSite();
        BudgetedSite site = new BudgetedSite(inner, COUNTS, ledger, 1e-5);
        DpSgd dp = new DpSgd(1.0, 1.0, true);
        site.fit(new FitInstructions(1, W, config(dp, true)));
        site.fit(new FitInstructions(2, W, config(dp, true)));
        List<LedgerEntry> entries = ledger.site("h1").entries();
        assertEquals(new LedgerEntry(1.0, DpSgd.CLASS_COUNT_NOISE, 1), entries.get(0), "counts released first");
        assertEquals(3, entries.size(), "counts once, then one entry per round");
        List<Double> w1 = inner.configs.get(0).dpSgd().classWeights();
        assertEquals(2, w1.size());
        assertEquals(w1, inner.configs.get(1).dpSgd().classWeights(), "the same released counts every round");
        // the rarer class weighs more, but not exactly 100/(2*30): the counts carry noise
        assertTrue(w1.get(0) > w1.get(1), w1.toString());
        assertTrue(Math.abs(w1.get(0) - 100.0 / 60) > 1e-9, w1.toString());
    }

    @Test
    void countsReleasedBeforeAreReusedNotReleasedAgain() {
        PrivacyLedger ledger = new PrivacyLedger();
        DpSgd dp = new DpSgd(1.0, 1.0, true);
        BudgetedSite first = new BudgetedSite(new RecordingSite(), COUNTS, ledger, 1e-5);
        first.fit(new FitInstructions(1, W, config(dp, true)));
        double[] released = first.releasedClassCounts();
        // a restarted node: a new site object over the same ledger, given the counts it released
        RecordingSite inner = new RecordingSite();
        BudgetedSite again = new BudgetedSite(inner, COUNTS, ledger, 1e-5);
        again.reuseReleasedClassCounts(released);
        again.fit(new FitInstructions(2, W, config(dp, true)));
        long countReleases = ledger.site("h1").entries().stream().filter(e -> e.samplingRate() == 1.0).count();
        assertEquals(1, countReleases, "the counts were paid for once");
        assertEquals(new DpSgd(1.0, 1.0, true).withClassWeights(released).classWeights(), inner.configs.get(0).dpSgd().classWeights());
        assertThrows(IllegalArgumentException.class, () -> again.reuseReleasedClassCounts(new double[] {1, 2, 3}));
    }
}
