package org.fedmed.data.partition;

import java.util.Arrays;
import java.util.List;

/**
 * The result of a partitioner: for each site its id and the positions (into the partitioner's
 * input, ascending) of the rows it holds. Together the sites cover every position exactly once.
 */
public record Partition(List<String> siteIds, List<int[]> siteRows) {

    public Partition {
        siteIds = List.copyOf(siteIds);
        siteRows = List.copyOf(siteRows);
        if (siteIds.size() != siteRows.size()) {
            throw new IllegalArgumentException(siteIds.size() + " site ids for " + siteRows.size() + " sites");
        }
    }

    public int sites() {
        return siteIds.size();
    }

    public int[] sizes() {
        return siteRows.stream().mapToInt(r -> r.length).toArray();
    }

    /** Whether every position 0..n-1 belongs to exactly one site. */
    public boolean isDisjointCover(int n) {
        boolean[] seen = new boolean[n];
        int total = 0;
        for (int[] rows : siteRows) {
            for (int r : rows) {
                if (r < 0 || r >= n || seen[r]) {
                    return false;
                }
                seen[r] = true;
                total++;
            }
        }
        return total == n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Partition p) || !siteIds.equals(p.siteIds)) {
            return false;
        }
        for (int s = 0; s < siteRows.size(); s++) {
            if (!Arrays.equals(siteRows.get(s), p.siteRows.get(s))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return siteIds.hashCode() * 31 + siteRows.stream().mapToInt(Arrays::hashCode).sum();
    }

    @Override
    public String toString() {
        return "Partition[" + siteIds + " sizes=" + Arrays.toString(sizes()) + "]";
    }
}
