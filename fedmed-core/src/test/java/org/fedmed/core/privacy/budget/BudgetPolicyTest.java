package org.fedmed.core.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;

class BudgetPolicyTest {

    @Test
    void siteMayTrainUntilItsBudgetWouldBeExceeded() {
        PrivacyLedger ledger = new PrivacyLedger();
        BudgetPolicy policy = new BudgetPolicy(2.0, 1e-5);
        double q = 0.02;
        double sigma = 1.0;
        long fits = policy.remainingSteps(ledger, "a", q, sigma);
        assertTrue(fits > 0);
        assertTrue(policy.mayTrain(ledger, "a", q, sigma, fits));
        assertFalse(policy.mayTrain(ledger, "a", q, sigma, fits + 1));
        // after spending most of it, only what is left fits
        ledger.record("a", q, sigma, fits - 10);
        assertTrue(policy.mayTrain(ledger, "a", q, sigma, 10));
        assertFalse(policy.mayTrain(ledger, "a", q, sigma, 11));
        assertEquals(10, policy.remainingSteps(ledger, "a", q, sigma));
        // agrees with PrivacyLedger.wouldExceed and records nothing
        assertEquals(!ledger.wouldExceed("a", q, sigma, 11, 2.0, 1e-5), policy.mayTrain(ledger, "a", q, sigma, 11));
        assertEquals(1, ledger.site("a").entries().size());
    }

    @Test
    void decisionCarriesTheNumbers() {
        PrivacyLedger ledger = new PrivacyLedger();
        ledger.record("a", 0.01, 1.1, 1000);
        BudgetPolicy policy = new BudgetPolicy(1.0, 1e-5, Conversion.CLASSIC);
        BudgetPolicy.Decision d = policy.decide(ledger, "a", 0.01, 1.1, 500);
        double now = ledger.siteSpent("a", 1e-5, Conversion.CLASSIC).epsilon();
        double after = new RdpAccountant().record(0.01, 1.1, 1500).spent(1e-5, Conversion.CLASSIC).epsilon();
        assertEquals(now, d.epsilonNow(), 1e-12);
        assertEquals(after, d.epsilonAfter(), 1e-9);
        assertEquals(after <= 1.0, d.allowed());
        assertEquals("a", d.site());
        // a site that never trained starts from zero
        assertEquals(0.0, policy.decide(ledger, "new", 0.01, 1.1, 1).epsilonNow(), 0.0);
    }

    @Test
    void eligibleSitesDropsOnlyTheSpentOnes() {
        PrivacyLedger ledger = new PrivacyLedger();
        BudgetPolicy policy = new BudgetPolicy(3.0, 1e-5);
        ledger.record("spent", 0.05, 1.2, 50000);
        ledger.record("fresh", 0.05, 1.2, 1);
        assertEquals(List.of("fresh", "never"),
                policy.eligibleSites(ledger, List.of("spent", "fresh", "never"), 0.05, 1.2, 10));
    }

    @Test
    void clientLevelBudget() {
        PrivacyLedger ledger = new PrivacyLedger();
        BudgetPolicy policy = new BudgetPolicy(3.0, 1e-5);
        BudgetPolicy.Decision first = policy.decideClientLevel(ledger, 0.1, 1.0, 1);
        assertTrue(first.allowed());
        assertNull(first.site());
        assertEquals(0.0, first.epsilonNow(), 0.0);
        assertFalse(policy.decideClientLevel(ledger, 1.0, 0.5, 1000).allowed());
    }

    @Test
    void refusesBadBudgets() {
        assertThrows(IllegalArgumentException.class, () -> new BudgetPolicy(0, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> new BudgetPolicy(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BudgetPolicy(1, 1));
        BudgetPolicy p = new BudgetPolicy(1, 1e-5);
        assertThrows(IllegalArgumentException.class, () -> p.mayTrain(new PrivacyLedger(), "a", 0.1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> p.mayTrain(new PrivacyLedger(), "a", 1.5, 1, 1));
    }
}
