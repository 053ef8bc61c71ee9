package org.fedmed.core.secure.secagg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.fedmed.core.secure.SecureInput;
import org.junit.jupiter.api.Test;

class SecAggParametersTest {

    @Test
    void smallFederationsUseTheCompleteGraphWithTFromTheDropoutFraction() {
        SecAggParameters p = SecAggParameters.derive(4, 0.25, 0);
        assertEquals(3, p.degree());
        assertEquals(2, p.threshold());
        assertEquals("n=4, complete graph (k=3), t=2, dropout≤0.25, corruption≤0.0", p.describe());
        assertEquals(9, SecAggParameters.derive(10, 0.2, 0.1).degree());
        assertEquals(7, SecAggParameters.derive(10, 0.2, 0.1).threshold());
    }

    @Test
    void largeFederationsUseALogarithmicRegularGraphWithABinomialMarginForRandomDropouts() {
        for (int n : new int[] {50, 100, 1000}) {
            SecAggParameters p = SecAggParameters.derive(n, 0.1, 0.1);
            assertFalse(p.completeGraph());
            assertTrue(p.degree() < n - 1 && p.degree() % 2 == 0, p.describe());
            assertTrue(p.threshold() > p.degree() / 2, p.describe());
            // a neighbourhood loses more than k − t of its k neighbours with probability at most 2^-20 / n
            assertTrue(binomialTail(p.degree(), 0.1, p.degree() - p.threshold()) <= Math.pow(2, -20) / n, p.describe());
            assertTrue(binomialTail(p.degree(), 0.1, p.degree() - p.threshold() - 1) > Math.pow(2, -20) / n, "t is the largest such");
        }
        assertEquals("n=100, random 34-regular graph, t=18, dropout≤0.1, corruption≤0.1", SecAggParameters.derive(100, 0.1, 0.1).describe());
        assertEquals(0, SecAggParameters.tolerated(20, 0, 1e-6));
    }

    /** P(Binomial(k, p) > x), summed directly. */
    private static double binomialTail(int k, double p, int x) {
        double tail = 0;
        for (int i = x + 1; i <= k; i++) {
            double c = 1;
            for (int j = 1; j <= i; j++) {
                c = c * (k - i + j) / j;
            }
            tail += c * Math.pow(p, i) * Math.pow(1 - p, k - i);
        }
        return tail;
    }

    @Test
    void theRegularGraphIsSymmetricRegularAndTheSameForEverySite() {
        List<String> ids = IntStream.range(0, 60).mapToObj(i -> String.format("h%02d", i)).toList();
        CommunicationGraph g = new CommunicationGraph(ids, 10, 77);
        for (String a : ids) {
            Set<String> na = g.neighbours(a);
            assertEquals(10, na.size());
            assertFalse(na.contains(a));
            for (String b : na) {
                assertTrue(g.neighbours(b).contains(a), a + " ~ " + b);
            }
        }
        assertFalse(new HashSet<>(g.neighbours("h00")).equals(new CommunicationGraph(ids, 10, 78).neighbours("h00")),
                "another round's seed draws another graph");
    }

    @Test
    void impossibleSettingsAreRefusedNamingTheSetting() {
        assertEquals("secure aggregation threshold t=5 is above the 3 neighbours that hold each site's shares (4 sites)",
                assertThrows(IllegalArgumentException.class, () -> SecAggParameters.derive(4, 0, 0).withThreshold(5)).getMessage());
        // a dropout fraction the graph cannot tolerate securely: t stays above k/2 (fewer dropouts tolerated)
        assertEquals(2, SecAggParameters.derive(4, 0.5, 0).threshold());
        assertEquals(2, SecAggParameters.derive(3, 0.2, 0).threshold());
        assertEquals(4, SecAggParameters.derive(5, 0.2, 0.9).threshold(), "corrupted neighbours push t up");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecAggParameters.derive(60, 0.6, 0.4)).getMessage()
                .contains("leave no honest neighbours"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecAggParameters.derive(2, 0, 0)).getMessage()
                .startsWith("secure aggregation needs at least 3 sites per round"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SecAggParameters(10, 9, 5, 0.1, 0.6)).getMessage()
                .contains("corrupted neighbours"));
        // a clipping range the ring cannot hold for this many sites
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecureInput(10, true, 1e9, 10, 100, 1000));
        assertTrue(e.getMessage().startsWith("secure aggregation: 32 bits cannot hold the sum of 100 sites with clipping range c=1.0E9"),
                e.getMessage());
    }
}
