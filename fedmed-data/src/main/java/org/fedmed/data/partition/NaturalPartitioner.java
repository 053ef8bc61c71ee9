package org.fedmed.data.partition;

import java.util.List;

/**
 * One site per natural group of the data (e.g. the hospital a record came from), in group order,
 * with the group names as site ids. Nothing is random here.
 */
public final class NaturalPartitioner implements Partitioner {

    @Override
    public Partition partition(PartitionInput data, int sites, int minPerSite, long seed) {
        if (!data.hasGroups()) {
            throw new IllegalArgumentException("the natural partition needs data with natural groups (e.g. hospitals);"
                    + " this dataset has none; use iid, dirichlet:<alpha> or quantity:<beta>");
        }
        int groups = data.groupNames().size();
        if (sites != 0 && sites != groups) {
            throw new IllegalArgumentException("natural partition: the data has " + groups + " natural groups "
                    + data.groupNames() + ", so sites must be " + groups + " (or 0 = one per group), got " + sites);
        }
        List<List<Integer>> perSite = Partitions.emptySites(groups);
        for (int i = 0; i < data.rows(); i++) {
            perSite.get(data.groups()[i]).add(i);
        }
        for (int g = 0; g < groups; g++) {
            if (perSite.get(g).size() < minPerSite) {
                throw new IllegalArgumentException("natural partition: site '" + data.groupNames().get(g) + "' has "
                        + perSite.get(g).size() + " rows; each site needs at least " + minPerSite);
            }
        }
        return new Partition(data.groupNames(), Partitions.sorted(perSite));
    }

    @Override
    public String spec() {
        return "natural";
    }

    @Override
    public String describe() {
        return "natural: one site per real group (hospital) of the data";
    }

    @Override
    public boolean usesNaturalGroups() {
        return true;
    }

    @Override
    public String toString() {
        return spec();
    }
}
