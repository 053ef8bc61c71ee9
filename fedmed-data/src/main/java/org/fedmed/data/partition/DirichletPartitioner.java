package org.fedmed.data.partition;

import java.util.List;
import java.util.Random;
import org.fedmed.core.random.Seeds;

/**
 * Label skew: for each class, the sites' shares of that class are drawn from a symmetric
 * Dirichlet(alpha). Small alpha (0.1) gives sites dominated by one class; large alpha (1000) is
 * close to IID. A draw that leaves a site below the minimum is redrawn (the generator moves on,
 * so the sequence of draws is fixed by the seed), up to {@link #MAX_DRAWS} times.
 */
public record DirichletPartitioner(double alpha) implements Partitioner {

    public static final int MAX_DRAWS = 1000;

    public DirichletPartitioner {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("dirichlet alpha must be a positive finite number, got " + alpha);
        }
    }

    @Override
    public Partition partition(PartitionInput data, int sites, int minPerSite, long seed) {
        Partitions.checkSites(spec(), data.rows(), sites, minPerSite);
        Random rng = Seeds.stream(seed, 0);
        int[] classSizes = new int[data.numClasses()];
        for (int y : data.labels()) {
            classSizes[y]++;
        }
        int worstSite = 0;
        int worstSize = 0;
        for (int draw = 0; draw < MAX_DRAWS; draw++) {
            // only counts are drawn here; rows are shuffled once a draw is accepted
            int[][] counts = new int[classSizes.length][];
            int[] sizes = new int[sites];
            for (int c = 0; c < classSizes.length; c++) {
                counts[c] = Dirichlet.allocate(classSizes[c], Dirichlet.sample(alpha, sites, rng));
                for (int s = 0; s < sites; s++) {
                    sizes[s] += counts[c][s];
                }
            }
            worstSite = 0;
            for (int s = 1; s < sites; s++) {
                if (sizes[s] < sizes[worstSite]) {
                    worstSite = s;
                }
            }
            worstSize = sizes[worstSite];
            if (worstSize >= minPerSite) {
                return assign(data, counts, sites, rng);
            }
        }
        throw new IllegalArgumentException("site " + (worstSite + 1) + " left with " + worstSize + " samples by " + spec()
                + " (each site needs at least " + minPerSite + "; " + MAX_DRAWS + " seeded draws for " + sites + " sites over "
                + data.rows() + " training rows all came up short); use a larger alpha, fewer sites or another seed");
    }

    private Partition assign(PartitionInput data, int[][] counts, int sites, Random rng) {
        List<List<Integer>> perSite = Partitions.emptySites(sites);
        int[][] byClass = Partitions.shuffledByClass(data, rng);
        for (int c = 0; c < byClass.length; c++) {
            Partitions.deal(byClass[c], counts[c], perSite);
        }
        return new Partition(Partitions.siteIds(sites), Partitions.sorted(perSite));
    }

    @Override
    public String spec() {
        return "dirichlet:" + Partitions.number(alpha);
    }

    @Override
    public String describe() {
        return "dirichlet label skew (alpha=" + alpha + "): each class's site shares drawn from Dir(alpha)";
    }
}
