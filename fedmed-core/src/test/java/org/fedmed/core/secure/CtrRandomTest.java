package org.fedmed.core.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CtrRandomTest {

    @Test
    void doublesAreUniformAndTwoGeneratorsDiffer() {
        CtrRandom r = CtrRandom.keyedFrom(new SecureRandom());
        int n = 1_000_000;
        int[] bins = new int[16];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
            bins[(int) (u * 16)]++;
            sum += u;
        }
        double chi2 = 0;
        for (int b : bins) {
            chi2 += Math.pow(b - n / 16.0, 2) / (n / 16.0);
        }
        assertTrue(chi2 < 37.7, "chi2 " + chi2 + " (p = 0.001 at 15 d.f.)");
        assertEquals(0.5, sum / n, 5 * Math.sqrt(1.0 / 12 / n));
        assertNotEquals(CtrRandom.keyedFrom(new SecureRandom()).nextLong(), CtrRandom.keyedFrom(new SecureRandom()).nextLong());
    }

    @Test
    void theStreamCrossesItsBufferWithoutRepeating() {
        CtrRandom r = CtrRandom.keyedFrom(new SecureRandom());
        long[] first = new long[2100]; // 16 KB buffer = 2048 longs
        for (int i = 0; i < first.length; i++) {
            first[i] = r.nextLong();
        }
        assertNotEquals(first[0], first[2048]);
        assertNotEquals(first[1], first[2049]);
    }
}
