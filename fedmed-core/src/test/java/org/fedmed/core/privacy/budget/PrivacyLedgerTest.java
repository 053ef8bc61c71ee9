package org.fedmed.core.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.PrivacySpent;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;

class PrivacyLedgerTest {

    private static PrivacyLedger sampleStudy() {
        PrivacyLedger ledger = new PrivacyLedger();
        ledger.record("hospital-a", 0.01, 1.1, 1000);
        ledger.record("hospital-b", 0.05, 1.1, 1000); // larger batch share: spends more
        ledger.record("hospital a/ward 3", 0.01, 2.0, 10);
        ledger.recordClientLevel(0.3, 1.0, 50);
        return ledger;
    }

    @Test
    void sampleLevelStudyGuaranteeIsTheWorstSite() {
        PrivacyLedger ledger = sampleStudy();
        double a = ledger.siteSpent("hospital-a", 1e-5, Conversion.IMPROVED).epsilon();
        double b = ledger.siteSpent("hospital-b", 1e-5, Conversion.IMPROVED).epsilon();
        assertTrue(b > a);
        PrivacySpent study = ledger.sampleLevelSpent(1e-5, Conversion.IMPROVED);
        assertEquals(b, study.epsilon());
        // Parallel composition: NOT the sum of the sites (that would be sequential composition).
        RdpAccountant summed = ledger.site("hospital-a").merge(ledger.site("hospital-b"));
        assertTrue(summed.spent(1e-5).epsilon() > study.epsilon());
        assertEquals(Set.of("hospital-a", "hospital-b", "hospital a/ward 3"), ledger.sites());
        assertEquals(3, ledger.siteSpending(1e-5, Conversion.CLASSIC).size());
    }

    @Test
    void clientLevelStudyGuaranteeIsTheCoordinatorsAccountant() {
        PrivacyLedger ledger = sampleStudy();
        RdpAccountant coordinator = new RdpAccountant().record(0.3, 1.0, 50);
        assertEquals(coordinator.spent(1e-5, Conversion.CLASSIC), ledger.clientLevelSpent(1e-5, Conversion.CLASSIC));
    }

    @Test
    void emptyLedgerHasSpentNothing() {
        PrivacyLedger ledger = new PrivacyLedger();
        assertEquals(0.0, ledger.sampleLevelSpent(1e-5, Conversion.CLASSIC).epsilon());
        assertEquals(0.0, ledger.clientLevelSpent(1e-5, Conversion.IMPROVED).epsilon());
        assertEquals(0.0, ledger.siteSpent("nobody", 1e-5, Conversion.IMPROVED).epsilon());
    }

    @Test
    void budgetCheckLooksAheadWithoutRecording() {
        PrivacyLedger ledger = new PrivacyLedger();
        ledger.record("site-1", 0.01, 1.0, 1000);
        double now = ledger.siteSpent("site-1", 1e-5, Conversion.IMPROVED).epsilon();
        double budget = now + 0.05;
        assertFalse(ledger.wouldExceed("site-1", 0.01, 1.0, 10, budget, 1e-5));
        assertTrue(ledger.wouldExceed("site-1", 0.01, 1.0, 5000, budget, 1e-5));
        assertEquals(now, ledger.siteSpent("site-1", 1e-5, Conversion.IMPROVED).epsilon());
        // An unseen site starts from zero; with the classic conversion it is more pessimistic.
        assertFalse(ledger.wouldExceed("site-2", 0.01, 1.0, 1000, budget, 1e-5));
        assertFalse(ledger.sites().contains("site-2"));
        double improved = new RdpAccountant().record(0.01, 1.0, 1000).spent(1e-5, Conversion.IMPROVED).epsilon();
        double classic = new RdpAccountant().record(0.01, 1.0, 1000).spent(1e-5, Conversion.CLASSIC).epsilon();
        double between = (improved + classic) / 2;
        assertFalse(ledger.wouldExceed("site-2", 0.01, 1.0, 1000, between, 1e-5, Conversion.IMPROVED));
        assertTrue(ledger.wouldExceed("site-2", 0.01, 1.0, 1000, between, 1e-5, Conversion.CLASSIC));
        assertThrows(IllegalArgumentException.class, () -> ledger.wouldExceed("site-1", 0.01, 1.0, 1, 0, 1e-5));
    }

    @Test
    void storageRoundTrips() {
        PrivacyLedger ledger = sampleStudy();
        PrivacyLedger restored = PrivacyLedger.restore(ledger.snapshot());
        assertEquals(ledger.snapshot(), restored.snapshot());

        String text = ledger.toText();
        assertTrue(text.startsWith("fedmed-privacy-ledger v1\n"), text);
        PrivacyLedger parsed = PrivacyLedger.fromText(text);
        assertEquals(ledger.snapshot(), parsed.snapshot()); // bit-exact doubles
        assertEquals(text, parsed.toText());
        assertEquals(ledger.sampleLevelSpent(1e-5, Conversion.IMPROVED), parsed.sampleLevelSpent(1e-5, Conversion.IMPROVED));

        assertThrows(IllegalArgumentException.class, () -> PrivacyLedger.fromText("something else"));
        assertThrows(IllegalArgumentException.class,
                () -> PrivacyLedger.fromText("fedmed-privacy-ledger v1\norders 2 3\nsite x\nrdp 0 0\n"));
    }

    @Test
    void rejectsBadSiteIds() {
        PrivacyLedger ledger = new PrivacyLedger();
        assertThrows(IllegalArgumentException.class, () -> ledger.record(" ", 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ledger.record("a\nb", 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ledger.record(null, 0.1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ledger.record("ok", 0.1, 0, 1));
    }
}
