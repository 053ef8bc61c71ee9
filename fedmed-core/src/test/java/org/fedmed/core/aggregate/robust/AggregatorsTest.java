package org.fedmed.core.aggregate.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The --aggregator syntax, and refusals that name the rule and the numbers. */
class AggregatorsTest {

    private static String describe(String spec) {
        return Aggregators.rule(spec, 1L).orElseThrow().describe();
    }

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void eachRuleIsReadFromItsNameAndParameters() {
        assertTrue(Aggregators.isMean("mean"));
        assertTrue(Aggregators.rule("mean", 1L).isEmpty());
        assertFalse(Aggregators.isMean("median"));
        assertEquals("median", describe("median"));
        assertEquals("trimmed_mean(β=0.2)", describe("trimmed_mean"));
        assertEquals("trimmed_mean(β=0.3)", describe("trimmed_mean:0.3"));
        assertEquals("trimmed_mean(β=0.3)", describe("trimmed_mean:beta=0.3"));
        assertEquals("krum(f=2)", describe("krum:f=2"));
        assertEquals("krum(f=2)", describe(" Krum:2 "));
        assertEquals("multi_krum(f=2, m=5)", describe("multi_krum:f=2,m=5"));
        assertEquals("bulyan(f=1)", describe("bulyan:f=1"));
        assertEquals("geomed(iters=10, ν=1.0E-6)", describe("geomed"));
        assertEquals("centered_clip(τ=1.0, iters=3)", describe("centered_clip:tau=1"));
        assertEquals("centered_clip(τ=0.5, iters=2)", describe("centered_clip:tau=0.5,iters=2"));
        assertEquals("norm_bound(M=1.0)", describe("norm_bound:M=1"));
        assertEquals("norm_bound(M=1.0, σ=0.01, seeded noise)", describe("norm_bound:M=1,sigma=0.01"));
        assertEquals("norm_bound(M=1.0, σ=0.01, secure noise)", describe("norm_bound:M=1,sigma=0.01,secure=1"));
    }

    @Test
    void wrongNamesParametersAndValuesAreRefusedNamingThem() {
        assertEquals("unknown aggregator 'kurm'; known: mean, median, trimmed_mean, krum, multi_krum, bulyan, geomed,"
                + " centered_clip, norm_bound, fltrust, screen", refusal(() -> Aggregators.check("kurm:f=1")));
        assertEquals("aggregator trimmed_mean needs a trimming fraction β in [0, 0.5) per side, got 0.5 (β ≥ 0.5 would trim"
                + " every update)", refusal(() -> Aggregators.check("trimmed_mean:0.5")));
        assertEquals("aggregator krum needs f (e.g. krum:f=2)", refusal(() -> Aggregators.check("krum")));
        assertEquals("aggregator krum has no parameter 'g' (its parameters: f)", refusal(() -> Aggregators.check("krum:g=1")));
        assertEquals("aggregator krum: f must be a whole number, got '1.5'", refusal(() -> Aggregators.check("krum:f=1.5")));
        assertEquals("aggregator median takes no parameters, got '3'", refusal(() -> Aggregators.check("median:3")));
        assertEquals("aggregator multi_krum: only the first parameter may be given without its name, got '2,5' (write"
                + " key=value, e.g. multi_krum:f=2,m=5)", refusal(() -> Aggregators.check("multi_krum:2,5")));
        assertEquals("aggregator centered_clip needs a clipping radius tau > 0, got -1.0",
                refusal(() -> Aggregators.check("centered_clip:tau=-1")));
        assertEquals("aggregator norm_bound takes secure=0 (noise from the seed) or secure=1 (the JDK's DRBG), got secure=2.0",
                refusal(() -> Aggregators.check("norm_bound:M=1,secure=2")));
    }

    @Test
    void tooFewSitesPerRoundForTheToleratedFAreRefusedWithTheNumbers() {
        Aggregators.checkSites("krum:f=2", 7);
        assertEquals("aggregator krum(f=2) needs n > 2f + 2 = 6 updates per round, but the study has 6 sites per round"
                + " (at least 7 needed)", refusal(() -> Aggregators.checkSites("krum:f=2", 6)));
        Aggregators.checkSites("bulyan:f=1", 7);
        assertEquals("aggregator bulyan(f=1) needs n ≥ 4f + 3 = 7 updates per round, but the study has 6 sites per round"
                + " (at least 7 needed)", refusal(() -> Aggregators.checkSites("bulyan:f=1", 6)));
        assertEquals("aggregator multi_krum(f=2, m=6) needs n > 2f + 2 = 6 and n ≥ m + f = 8 updates per round, but the study"
                + " has 7 sites per round (at least 8 needed)", refusal(() -> Aggregators.checkSites("multi_krum:f=2,m=6", 7)));
        Aggregators.checkSites("median", 1);
        Aggregators.checkSites("mean", 1);
    }
}
