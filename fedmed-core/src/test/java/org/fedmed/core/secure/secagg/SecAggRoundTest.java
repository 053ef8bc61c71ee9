package org.fedmed.core.secure.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fedmed.core.secure.SecureInput;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.SecureSum;
import org.junit.jupiter.api.Test;

/** Whole SecAgg+ rounds through the typed steps: correctness, dropouts recovered, too many abort. */
class SecAggRoundTest {

    private static SecureSum run(SecAggFixture f, SecAggConfig config) {
        f.train(config.round());
        SecAggResult r = new SecAggServer(config, f.verifier).run(f.transport());
        return config.input().decode(r.sum(), r.survivors().size());
    }

    private static void assertWithin(double[] expected, float[] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }

    @Test
    void weightedMeanEqualsTheClearOneWithinTheQuantizationError() {
        SecAggFixture f = new SecAggFixture(6, 300, 1);
        SecAggConfig c = f.config(1, SecAggParameters.derive(6, 0.2, 0), true, 2.0);
        SecureSum sum = run(f, c);
        // n sites each off by at most one step of the weighted value, then divided by Σw
        double[] clear = f.clear(f.ids, true, c.input());
        double tol = 6 * c.input().quantizer().step() / sum.weight() + 1e-6;
        assertWithin(clear, sum.values(), tol);
        assertEquals(6, sum.survivors());
        assertEquals(0.5, sum.meanLoss(), 1e-4, "the weighted training loss rides in the sum");
    }

    @Test
    void uniformSumOnAGraphThatIsNotComplete() {
        SecAggFixture f = new SecAggFixture(40, 64, 2);
        SecAggParameters p = SecAggParameters.derive(40, 0.1, 0.1);
        assertFalse(p.completeGraph(), p.describe());
        SecAggConfig c = f.config(3, p, false, 2.0);
        SecureSum sum = run(f, c);
        assertWithin(f.clear(f.ids, false, c.input()), sum.values(), 40 * c.input().quantizer().step() + 1e-5);
    }

    @Test
    void aSiteThatDropsAfterSharingKeysIsLeftOutAndItsMasksRemoved() {
        SecAggFixture f = new SecAggFixture(6, 100, 3);
        SecAggConfig c = f.config(1, SecAggParameters.derive(6, 0.4, 0), true, 2.0);
        f.drop = (step, site) -> step.equals("masked_input") && site.equals("site-004");
        f.train(1);
        SecAggResult r = new SecAggServer(c, f.verifier).run(f.transport());
        assertFalse(r.survivors().contains("site-004"));
        assertTrue(r.dropped().get("site-004").startsWith("masked_input"), r.dropped().toString());
        List<String> rest = new ArrayList<>(f.ids);
        rest.remove("site-004");
        SecureSum sum = c.input().decode(r.sum(), r.survivors().size());
        assertWithin(f.clear(rest, true, c.input()), sum.values(), 6 * c.input().quantizer().step() / sum.weight() + 1e-6);
    }

    @Test
    void aSiteThatDropsAfterItsMaskedUploadStaysInTheSum() {
        SecAggFixture f = new SecAggFixture(5, 100, 4);
        SecAggConfig c = f.config(2, SecAggParameters.derive(5, 0.25, 0), false, 2.0);
        f.drop = (step, site) -> (step.equals("consistency") || step.equals("unmask")) && site.equals("site-002");
        f.train(2);
        SecAggResult r = new SecAggServer(c, f.verifier).run(f.transport());
        assertTrue(r.survivors().contains("site-002"));
        SecureSum sum = c.input().decode(r.sum(), r.survivors().size());
        assertWithin(f.clear(f.ids, false, c.input()), sum.values(), 5 * c.input().quantizer().step() + 1e-6);
    }

    @Test
    void twoDropoutsAtDifferentStepsAreBothRecovered() {
        SecAggFixture f = new SecAggFixture(8, 50, 5);
        SecAggConfig c = f.config(1, SecAggParameters.derive(8, 0.3, 0), true, 2.0);
        f.drop = (step, site) -> (step.equals("masked_input") && site.equals("site-003"))
                || (step.equals("unmask") && site.equals("site-007"));
        f.train(1);
        SecAggResult r = new SecAggServer(c, f.verifier).run(f.transport());
        List<String> in = new ArrayList<>(f.ids);
        in.remove("site-003");
        assertEquals(in, r.survivors());
        SecureSum sum = c.input().decode(r.sum(), r.survivors().size());
        assertWithin(f.clear(in, true, c.input()), sum.values(), 8 * c.input().quantizer().step() / sum.weight() + 1e-6);
    }

    @Test
    void tooManyDropoutsAbortTheRoundAndTellTheSitesToForget() {
        SecAggFixture f = new SecAggFixture(5, 20, 6);
        SecAggConfig c = f.config(1, SecAggParameters.derive(5, 0.25, 0), true, 2.0); // k=4, t=3
        Set<String> gone = Set.of("site-001", "site-002", "site-003");
        f.drop = (step, site) -> step.equals("share_keys") && gone.contains(site);
        f.train(1);
        SecureStepException e = assertThrows(SecureStepException.class, () -> new SecAggServer(c, f.verifier).run(f.transport()));
        assertEquals("share_keys", e.step());
        assertTrue(e.getMessage().contains("fewer than the threshold t=3") && e.getMessage().contains("nothing was unmasked"), e.getMessage());
        assertTrue(f.view.containsKey("abort"), "the live sites were told to drop the round");
        assertEquals(Set.of("site-004", "site-005"), f.view.get("abort").keySet());
    }

    @Test
    void fewerThanTUnmaskAnswersAbortWithEverythingStillMasked() {
        SecAggFixture f = new SecAggFixture(5, 4000, 7);
        SecAggConfig c = f.config(1, SecAggParameters.derive(5, 0.25, 0), false, 2.0); // t=3
        f.drop = (step, site) -> step.equals("unmask") && !site.equals("site-001") && !site.equals("site-002");
        f.train(1);
        SecureStepException e = assertThrows(SecureStepException.class, () -> new SecAggServer(c, f.verifier).run(f.transport()));
        assertEquals("unmask", e.step());
        // The coordinator's view: masked inputs of every site, and shares from two sites only (t−1).
        assertEquals(2, f.view.get("unmask").size());
        for (String site : f.ids) {
            SecAggMessage.MaskedInput m = (SecAggMessage.MaskedInput) SecAggCodec.decode(f.view.get("masked_input").get(site));
            int[] clear = c.input().encode(f.deltas.get(site), f.samples.get(site), 0.5, new java.util.Random(1));
            int equal = 0;
            long high = 0;
            for (int i = 0; i < clear.length; i++) {
                equal += m.values()[i] == clear[i] ? 1 : 0;
                high += m.values()[i] >>> 31;
            }
            assertTrue(equal <= 2, site + ": " + equal + " masked values equal the input");
            // masked values look uniform in Z_2^32: the top bit is set about half the time (±4 standard errors)
            assertEquals(0.5, high / (double) clear.length, 4 * 0.5 / Math.sqrt(clear.length), site);
        }
    }
}
