package org.fedmed.core.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class RdpAccountantTest {

    @Test
    void compositionAddsRdpOrderByOrder() {
        RdpAccountant once = new RdpAccountant().record(0.02, 1.1, 700);
        RdpAccountant split = new RdpAccountant().record(0.02, 1.1, 300).record(0.02, 1.1, 400);
        double[] a = once.rdp();
        double[] b = split.rdp();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-12 * a[i]);
        }
        assertEquals(once.spent(1e-5).epsilon(), split.spent(1e-5).epsilon(), 1e-12);
        assertEquals(2, split.entries().size());
    }

    @Test
    void heterogeneousStepsFollowTfPrivacyReferences() {
        // TF Privacy rdp_accountant_test.py, test_compute_heterogeneous_rdp_different_sampling_
        // probabilities: q=[0, 1], σ=[10, 10], steps=[1, 1], order 20 → RDP 0.1.
        RdpAccountant hetero = new RdpAccountant(new double[] {20}).record(0, 10, 1).record(1, 10, 1);
        assertEquals(0.1, hetero.rdp()[0], 1e-15);

        // TF Privacy rdp_accountant_test.py, test_check_composition: (q=1e-4, σ=0.4, 40000 steps)
        // then (q=0.1, σ=2, 100 steps) over the orders below, δ=1e-5 → with the old (classic)
        // conversion ε = 8.509656 (places=5) at order 2.5; the improved one must stay below it.
        double[] orders = {1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 64, 256};
        RdpAccountant acc = new RdpAccountant(orders).record(1e-4, 0.4, 40000).record(0.1, 2, 100);
        PrivacySpent classic = acc.spent(1e-5, Conversion.CLASSIC);
        assertEquals(8.509656, classic.epsilon(), 1e-5);
        assertEquals(2.5, classic.order());
        assertTrue(acc.spent(1e-5, Conversion.IMPROVED).epsilon() <= 8.509656);
    }

    @Test
    void noiseScheduleCostsBetweenItsExtremes() {
        // A decaying-noise schedule must cost more than all-high noise and less than all-low noise.
        RdpAccountant schedule = new RdpAccountant().record(0.05, 2.0, 100).record(0.05, 1.5, 100).record(0.05, 1.0, 100);
        double scheduled = schedule.spent(1e-5).epsilon();
        assertTrue(new RdpAccountant().record(0.05, 2.0, 300).spent(1e-5).epsilon() < scheduled);
        assertTrue(new RdpAccountant().record(0.05, 1.0, 300).spent(1e-5).epsilon() > scheduled);
    }

    @Test
    void perGroupNoiseRecordsTheEffectiveMultiplier() {
        RdpAccountant grouped = new RdpAccountant().recordPerGroup(0.01, new double[] {1.2, 1.2}, 50);
        RdpAccountant single = new RdpAccountant().record(0.01, 1.2 / Math.sqrt(2), 50);
        double[] expected = single.rdp();
        double[] actual = grouped.rdp();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * expected[i]); // σ_eff differs from 1.2/√2 by an ulp
        }
    }

    @Test
    void whatIfQueriesDoNotRecord() {
        RdpAccountant acc = new RdpAccountant().record(0.01, 1.0, 100);
        double[] before = acc.rdp();
        PrivacySpent hypothetical = acc.spentIfRecorded(0.01, 1.0, 900, 1e-5, Conversion.IMPROVED);
        assertArrayEquals(before, acc.rdp());
        assertEquals(new RdpAccountant().record(0.01, 1.0, 1000).spent(1e-5).epsilon(), hypothetical.epsilon(), 1e-9);

        // Remaining budget helpers account for what was already spent.
        double fresh = NoiseCalibration.noiseMultiplier(0.01, 500, 2.0, 1e-5, Conversion.IMPROVED);
        double afterSpending = acc.noiseMultiplierFor(0.01, 500, 2.0, 1e-5, Conversion.IMPROVED);
        assertTrue(afterSpending > fresh);
        long more = acc.remainingSteps(0.01, 1.0, 2.0, 1e-5, Conversion.IMPROVED);
        assertTrue(acc.spentIfRecorded(0.01, 1.0, more, 1e-5, Conversion.IMPROVED).epsilon() <= 2.0);
        assertTrue(acc.spentIfRecorded(0.01, 1.0, more + 1, 1e-5, Conversion.IMPROVED).epsilon() > 2.0);
        assertEquals(NoiseCalibration.maxSteps(0.01, 1.0, 2.0, 1e-5, Conversion.IMPROVED) - 100, more, 1);
    }

    @Test
    void copyIsIndependentAndMergeComposes() {
        RdpAccountant a = new RdpAccountant().record(0.01, 1.0, 100);
        RdpAccountant copy = a.copy();
        copy.record(0.5, 1.0, 10);
        assertNotEquals(a.rdp()[5], copy.rdp()[5]);
        assertEquals(1, a.entries().size());

        RdpAccountant b = new RdpAccountant().record(0.02, 2.0, 50);
        RdpAccountant merged = a.copy().merge(b);
        RdpAccountant sequential = new RdpAccountant().record(0.01, 1.0, 100).record(0.02, 2.0, 50);
        assertArrayEquals(sequential.rdp(), merged.rdp(), 1e-15);
        assertEquals(sequential.entries(), merged.entries());
        assertThrows(IllegalArgumentException.class, () -> a.merge(new RdpAccountant(new double[] {2, 3})));
    }

    @Test
    void snapshotsRoundTrip() throws Exception {
        RdpAccountant acc = new RdpAccountant().record(0.01, 1.0, 100).record(0.2, 3.0, 7);
        RdpAccountant.Snapshot snapshot = acc.snapshot();
        assertEquals(snapshot, RdpAccountant.restore(snapshot).snapshot());
        assertEquals(List.of(new LedgerEntry(0.01, 1.0, 100), new LedgerEntry(0.2, 3.0, 7)), snapshot.entries());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(snapshot);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            RdpAccountant back = RdpAccountant.restore((RdpAccountant.Snapshot) in.readObject());
            assertEquals(acc.spent(1e-5), back.spent(1e-5));
        }
        // Snapshots are immutable: their arrays are copies.
        snapshot.rdp()[0] = 99;
        assertNotEquals(99, snapshot.rdp()[0]);
    }

    @Test
    void rejectsInvalidArguments() {
        RdpAccountant acc = new RdpAccountant();
        assertThrows(IllegalArgumentException.class, () -> acc.record(0.1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.record(-0.1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.record(0.1, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> acc.spent(0));
        assertThrows(IllegalArgumentException.class, () -> acc.spent(1));
        assertThrows(IllegalArgumentException.class, () -> acc.deltaFor(0, Conversion.IMPROVED));
        assertThrows(IllegalArgumentException.class, () -> new RdpAccountant(new double[] {0.5, 2}));
        assertThrows(IllegalArgumentException.class, () -> new RdpAccountant(new double[0]));
        assertTrue(acc.entries().isEmpty(), "failed records must not be logged");
    }
}
