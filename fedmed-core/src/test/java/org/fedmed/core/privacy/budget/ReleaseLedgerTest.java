package org.fedmed.core.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;

/** Every release a site books is in its ledger text, survives a restart and replays to the same ε. */
class ReleaseLedgerTest {

    private static List<Release> releases() {
        return List.of(Release.once(Release.STATISTICS, 0, 4.0), Release.once(Release.CLASS_COUNTS, 1, 20.0),
                new Release(Release.FIT, 1, 0.25, 1.1, 8), Release.once(Release.EVALUATION, 1, 10.0),
                new Release(Release.FIT, 2, 0.25, 1.1, 8));
    }

    @Test
    void theLedgerTextListsEveryReleaseAndAReadLedgerReplaysToTheSameEpsilon() {
        PrivacyLedger ledger = new PrivacyLedger();
        releases().forEach(r -> ledger.record("h1", r));
        String text = ledger.toText();
        assertTrue(text.contains("release statistics 0 1.0 4.0 1\n"), text);
        assertTrue(text.contains("release fit 2 0.25 1.1 8\n"), text);
        assertEquals(5, text.lines().filter(l -> l.startsWith("release ")).count());

        PrivacyLedger read = PrivacyLedger.fromText(text);
        assertEquals(releases(), read.releases("h1"));
        double reported = read.siteSpent("h1", 1e-5, Conversion.IMPROVED).epsilon();
        assertEquals(reported, read.replay("h1").spent(1e-5, Conversion.IMPROVED).epsilon(), 0.0);
        RdpAccountant byHand = new RdpAccountant().record(1.0, 4.0, 1).record(1.0, 20.0, 1).record(0.25, 1.1, 8)
                .record(1.0, 10.0, 1).record(0.25, 1.1, 8);
        assertArrayEquals(byHand.rdp(), read.replay("h1").rdp(), 1e-12);
        assertEquals(ledger.snapshot(), read.snapshot());
    }

    @Test
    void aLedgerWrittenBeforeReleasesExistedStillReads() {
        PrivacyLedger old = new PrivacyLedger();
        old.record("h1", 0.1, 1.0, 10);
        PrivacyLedger read = PrivacyLedger.fromText(old.toText());
        assertEquals(List.of(), read.releases("h1"));
        assertEquals(old.siteSpent("h1", 1e-5, Conversion.IMPROVED), read.siteSpent("h1", 1e-5, Conversion.IMPROVED));
    }

    @Test
    void bookingRefusesAReleaseBeyondTheBudgetAndBooksNothing() {
        PrivacyLedger ledger = new PrivacyLedger();
        BudgetPolicy budget = new BudgetPolicy(1.0, 1e-5);
        BudgetedSite.book(ledger, "h1", budget, Release.once(Release.STATISTICS, 0, 20.0));
        BudgetedSite.BudgetExhaustedException e = assertThrows(BudgetedSite.BudgetExhaustedException.class,
                () -> BudgetedSite.book(ledger, "h1", budget, Release.once(Release.EVALUATION, 3, 1.0)));
        assertTrue(e.getMessage().matches("privacy budget reached: the evaluation release of round 3 would raise epsilon from "
                + "0\\.\\d+ to \\d+\\.\\d+, above the site's budget 1\\.000 \\(delta 1\\.0e-05\\); not released"), e.getMessage());
        assertEquals(1, ledger.releases("h1").size(), "the refused release is not booked");
        BudgetedSite.book(ledger, "h1", null, Release.once(Release.EVALUATION, 3, 1.0));
        assertEquals(2, ledger.releases("h1").size(), "without a budget everything is booked");
    }

    @Test
    void aReleaseIsWellFormed() {
        assertThrows(IllegalArgumentException.class, () -> Release.once("Fit Release", 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Release.once(Release.FIT, -1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Release(Release.FIT, 1, 1.5, 1.0, 1));
    }
}
