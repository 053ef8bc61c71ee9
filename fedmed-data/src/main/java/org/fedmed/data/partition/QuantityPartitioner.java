package org.fedmed.data.partition;

import java.util.List;
import java.util.Random;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;

/**
 * Quantity skew: site sizes are proportional to a Dirichlet(beta) draw while labels stay IID (rows
 * are shuffled, then cut into consecutive blocks of those sizes). Every site first gets the minimum
 * number of rows and only the rest is shared out by the draw, so this never fails when the pool is
 * large enough at all.
 */
public record QuantityPartitioner(double beta) implements Partitioner {

    public QuantityPartitioner {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("quantity beta must be a positive finite number, got " + beta);
        }
    }

    @Override
    public Partition partition(PartitionInput data, int sites, int minPerSite, long seed) {
        Partitions.checkSites(spec(), data.rows(), sites, minPerSite);
        Random rng = Seeds.stream(seed, 0);
        int[] extra = Dirichlet.allocate(data.rows() - sites * minPerSite, Dirichlet.sample(beta, sites, rng));
        int[] order = Shuffle.permutation(data.rows(), rng);
        int[] sizes = new int[sites];
        for (int s = 0; s < sites; s++) {
            sizes[s] = minPerSite + extra[s];
        }
        List<List<Integer>> perSite = Partitions.emptySites(sites);
        Partitions.deal(order, sizes, perSite);
        return new Partition(Partitions.siteIds(sites), Partitions.sorted(perSite));
    }

    @Override
    public String spec() {
        return "quantity:" + Partitions.number(beta);
    }

    @Override
    public String describe() {
        return "quantity skew (beta=" + beta + "): site sizes proportional to Dir(beta) above the minimum, labels IID";
    }
}
