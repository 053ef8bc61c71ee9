package org.fedmed.data.partition;

import java.util.List;
import org.fedmed.core.random.Seeds;

/**
 * IID baseline: rows of each class are shuffled and dealt to the sites in turn (one counter runs
 * across classes), so site sizes differ by at most one row and every site's class counts match
 * the pool's proportions to within one row per class.
 */
public final class IidPartitioner implements Partitioner {

    @Override
    public Partition partition(PartitionInput data, int sites, int minPerSite, long seed) {
        Partitions.checkSites(spec(), data.rows(), sites, minPerSite);
        List<List<Integer>> perSite = Partitions.emptySites(sites);
        int next = 0;
        for (int[] classRows : Partitions.shuffledByClass(data, Seeds.stream(seed, 0))) {
            for (int r : classRows) {
                perSite.get(next).add(r);
                next = (next + 1) % sites;
            }
        }
        return new Partition(Partitions.siteIds(sites), Partitions.sorted(perSite));
    }

    @Override
    public String spec() {
        return "iid";
    }

    @Override
    public String describe() {
        return "iid: rows dealt evenly to sites, stratified by class (equal sizes and label mix)";
    }

    @Override
    public String toString() {
        return spec();
    }
}
