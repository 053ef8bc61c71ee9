package org.fedmed.core.privacy.accounting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.fedmed.core.privacy.budget.PrivacyLedger;
import org.junit.jupiter.api.Test;

/** Recording a mechanism by its RDP curve: composition, the audit entry, and both storage forms. */
class RdpAccountantCurveTest {

    @Test
    void skellamRoundsComposeWithGaussianStepsAndAreLogged() {
        RdpAccountant acc = new RdpAccountant().record(0.01, 1.1, 100).recordSkellam(40, 7, 30, 12);
        double[] orders = acc.orders();
        double[] expected = SampledGaussianRdp.rdp(0.01, 1.1, 100, orders);
        double[] skellam = SkellamRdp.rdp(40, 7, 30, 12, orders);
        for (int i = 0; i < expected.length; i++) {
            expected[i] += skellam[i];
        }
        assertArrayEquals(expected, acc.rdp(), 1e-12);
        assertEquals(RdpConversions.epsilon(orders, expected, 1e-5, Conversion.IMPROVED).epsilon(),
                acc.spent(1e-5).epsilon(), 1e-12);

        List<LedgerEntry> entries = acc.entries();
        assertEquals(new LedgerEntry(0.01, 1.1, 100), entries.get(0));
        LedgerEntry curve = entries.get(1);
        assertEquals("skellam(l1=40.0,l2=7.0,mu=30.0)", curve.mechanism());
        assertEquals(12, curve.steps());
        assertFalse(curve.sampledGaussian());
        assertTrue(Double.isNaN(curve.samplingRate()) && Double.isNaN(curve.noiseMultiplier()));
        assertTrue(entries.get(0).sampledGaussian());
    }

    @Test
    void curveEntriesSurviveJavaSerializationAndTheLedgerText() throws Exception {
        RdpAccountant acc = new RdpAccountant().recordSkellam(40, 7, 30, 12).record(0.2, 3.0, 7)
                .recordCurve("laplace(b=2.5)", constant(0.1), 3);
        RdpAccountant.Snapshot snapshot = acc.snapshot();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(snapshot);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(snapshot, in.readObject());
        }

        PrivacyLedger ledger = PrivacyLedger.restore(new PrivacyLedger.Snapshot(snapshot, Map.of("h1", snapshot)));
        String text = ledger.toText();
        assertTrue(text.contains("entry NaN NaN 12 skellam(l1=40.0,l2=7.0,mu=30.0)\n"), text);
        assertTrue(text.contains("entry 0.2 3.0 7\n"), "Gaussian entries keep the three-field form: " + text);
        PrivacyLedger parsed = PrivacyLedger.fromText(text);
        assertEquals(ledger.snapshot(), parsed.snapshot());
        assertEquals(acc.entries(), parsed.clientLevel().entries());
    }

    private static double[] constant(double value) {
        double[] curve = new double[SampledGaussianRdp.defaultOrders().length];
        java.util.Arrays.fill(curve, value);
        return curve;
    }

    @Test
    void anEntryWithoutMechanismReadsAsTheSampledGaussian() {
        // What a LedgerEntry serialized before the mechanism field existed deserializes to.
        assertEquals(new LedgerEntry(0.1, 1.0, 5), new LedgerEntry(0.1, 1.0, 5, null));
    }

    @Test
    void refusedCurvesRecordNothing() {
        RdpAccountant acc = new RdpAccountant();
        double[] good = constant(0.1);
        assertThrows(IllegalArgumentException.class, () -> acc.recordCurve("x", new double[] {0.1}, 1));
        double[] negative = good.clone();
        negative[3] = -0.01;
        assertThrows(IllegalArgumentException.class, () -> acc.recordCurve("x", negative, 1));
        double[] nan = good.clone();
        nan[0] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> acc.recordCurve("x", nan, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.recordCurve("two words", good, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.recordCurve(" ", good, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.recordCurve(null, good, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.recordCurve(LedgerEntry.SAMPLED_GAUSSIAN, good, 1));
        assertThrows(IllegalArgumentException.class, () -> acc.recordCurve("x", good, -1));
        assertThrows(IllegalArgumentException.class, () -> acc.recordSkellam(1, 1, 0, 1));
        assertTrue(acc.entries().isEmpty());
        assertArrayEquals(new double[good.length], acc.rdp());
    }
}
