package org.fedmed.data.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionerTest {

    /** 3000 rows, 60% class 0 and 40% class 1, interleaved. */
    private static final PartitionInput POOL = PartitionInput.of(labels(3000, 0.6), 2);
    private static final double GLOBAL_SHARE_1 = 0.4;

    private static int[] labels(int n, double share0) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 100 < share0 * 100 ? 0 : 1;
        }
        return y;
    }

    private static double share1(PartitionInput data, int[] rows) {
        return Arrays.stream(rows).filter(r -> data.labels()[r] == 1).count() / (double) rows.length;
    }

    @Test
    void parses() {
        assertInstanceOf(IidPartitioner.class, Partitioner.parse("iid"));
        assertEquals(new DirichletPartitioner(0.5), Partitioner.parse(" Dirichlet:0.5 "));
        assertEquals(new QuantityPartitioner(2), Partitioner.parse("quantity:2"));
        assertTrue(Partitioner.parse("natural").usesNaturalGroups());
        assertEquals("dirichlet:0.1", Partitioner.parse("dirichlet:0.1").spec());
        assertEquals("dirichlet:1000", Partitioner.parse("dirichlet:1000").spec());
        for (String bad : new String[] {"", "random", "dirichlet", "dirichlet:", "dirichlet:-1", "dirichlet:abc",
                "quantity:0", "iid:3", "dirichlet:Infinity"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partitioner.parse(bad), bad);
            assertTrue(e.getMessage().contains("partition"), e.getMessage());
        }
    }

    @Test
    void iidMatchesGlobalProportions() {
        Partition p = new IidPartitioner().partition(POOL, 7, 3, 42);
        assertTrue(p.isDisjointCover(POOL.rows()));
        assertEquals(List.of("site-1", "site-2", "site-3", "site-4", "site-5", "site-6", "site-7"), p.siteIds());
        for (int[] rows : p.siteRows()) {
            assertTrue(Math.abs(rows.length - 3000 / 7.0) <= 1, "size " + rows.length);
            assertEquals(GLOBAL_SHARE_1, share1(POOL, rows), 0.01);
        }
    }

    @Test
    void dirichletSmallAlphaIsSkewedLargeAlphaIsNearIid() {
        Partition skewed = new DirichletPartitioner(0.1).partition(POOL, 10, 3, 7);
        assertTrue(skewed.isDisjointCover(POOL.rows()));
        double maxDeviation = 0;
        int nearlyPure = 0;
        for (int[] rows : skewed.siteRows()) {
            double s = share1(POOL, rows);
            maxDeviation = Math.max(maxDeviation, Math.abs(s - GLOBAL_SHARE_1));
            if (s < 0.1 || s > 0.9) {
                nearlyPure++;
            }
        }
        assertTrue(maxDeviation > 0.4, "alpha 0.1 should give strongly skewed sites, max deviation " + maxDeviation);
        assertTrue(nearlyPure >= 3, "alpha 0.1 should give sites dominated by one class: " + nearlyPure);

        Partition flat = new DirichletPartitioner(1000).partition(POOL, 10, 3, 7);
        assertTrue(flat.isDisjointCover(POOL.rows()));
        for (int[] rows : flat.siteRows()) {
            assertEquals(GLOBAL_SHARE_1, share1(POOL, rows), 0.05);
            assertEquals(300, rows.length, 30);
        }
    }

    @Test
    void quantitySkewVariesSizesNotLabels() {
        Partition p = new QuantityPartitioner(0.5).partition(POOL, 5, 3, 3);
        assertTrue(p.isDisjointCover(POOL.rows()));
        int[] sizes = p.sizes();
        int max = Arrays.stream(sizes).max().orElseThrow();
        int min = Arrays.stream(sizes).min().orElseThrow();
        assertTrue(min >= 3);
        assertTrue(max > 2 * min, "sizes should differ: " + Arrays.toString(sizes));
        for (int[] rows : p.siteRows()) {
            if (rows.length >= 200) { // small sites have noisy but still IID labels
                assertEquals(GLOBAL_SHARE_1, share1(POOL, rows), 0.08, "site of " + rows.length);
            }
        }
    }

    @Test
    void naturalUsesGroups() {
        int[] labels = labels(40, 0.5);
        int[] groups = new int[40];
        for (int i = 0; i < 40; i++) {
            groups[i] = i / 10;
        }
        PartitionInput data = new PartitionInput(labels, 2, groups, List.of("cleveland", "hungary", "switzerland", "va_long_beach"));
        Partition p = new NaturalPartitioner().partition(data, 0, 3, 1);
        assertEquals(data.groupNames(), p.siteIds());
        assertArrayEquals(new int[] {10, 10, 10, 10}, p.sizes());
        assertArrayEquals(new int[] {20, 21, 22, 23, 24, 25, 26, 27, 28, 29}, p.siteRows().get(2));
        assertEquals(p, new NaturalPartitioner().partition(data, 4, 3, 99));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NaturalPartitioner().partition(data, 3, 3, 1));
        assertTrue(e.getMessage().contains("sites must be 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NaturalPartitioner().partition(POOL, 0, 3, 1));
        assertTrue(e.getMessage().contains("natural groups"), e.getMessage());
    }

    @Test
    void seededReproducibility() {
        for (Partitioner p : List.of(new IidPartitioner(), new DirichletPartitioner(0.3), new QuantityPartitioner(1))) {
            Partition a = p.partition(POOL, 6, 3, 123);
            Partition b = p.partition(POOL, 6, 3, 123);
            Partition c = p.partition(POOL, 6, 3, 124);
            for (int s = 0; s < 6; s++) {
                assertArrayEquals(a.siteRows().get(s), b.siteRows().get(s), p.spec());
            }
            assertFalse(Arrays.equals(a.siteRows().get(0), c.siteRows().get(0)), p.spec() + " ignores the seed");
        }
    }

    @Test
    void dirichletGivesUpWithAClearMessage() {
        PartitionInput small = PartitionInput.of(labels(40, 0.5), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DirichletPartitioner(0.01).partition(small, 10, 3, 5));
        assertTrue(e.getMessage().matches("site \\d+ left with \\d samples by dirichlet:0\\.01 .*"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 3"), e.getMessage());
    }

    @Test
    void impossibleSiteCounts() {
        PartitionInput tiny = PartitionInput.of(labels(10, 0.5), 2);
        for (Partitioner p : List.of(new IidPartitioner(), new DirichletPartitioner(1), new QuantityPartitioner(1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.partition(tiny, 11, 1, 1));
            assertTrue(e.getMessage().contains("more sites than rows"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.partition(tiny, 0, 1, 1));
            assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> p.partition(tiny, 4, 3, 1));
            assertTrue(e.getMessage().contains("too few"), e.getMessage());
        }
    }
}
