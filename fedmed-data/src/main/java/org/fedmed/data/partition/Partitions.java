package org.fedmed.data.partition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedmed.core.random.Shuffle;

/** Checks and bookkeeping shared by the partitioners. */
final class Partitions {

    private Partitions() {
    }

    /** Fails clearly when {@code rows} cannot give {@code sites} sites of at least {@code minPerSite} rows each. */
    static void checkSites(String spec, int rows, int sites, int minPerSite) {
        if (sites <= 0) {
            throw new IllegalArgumentException(spec + ": number of sites must be at least 1, got " + sites);
        }
        if (sites > rows) {
            throw new IllegalArgumentException(spec + ": cannot split " + rows + " training rows among " + sites
                    + " sites (more sites than rows)");
        }
        if ((long) sites * minPerSite > rows) {
            throw new IllegalArgumentException(spec + ": " + rows + " training rows are too few for " + sites
                    + " sites of at least " + minPerSite + " rows each; use at most " + rows / Math.max(1, minPerSite) + " sites");
        }
    }

    /** "site-1" .. "site-n". */
    static List<String> siteIds(int sites) {
        List<String> ids = new ArrayList<>(sites);
        for (int s = 1; s <= sites; s++) {
            ids.add("site-" + s);
        }
        return ids;
    }

    /** Positions of each class, each list shuffled with {@code rng}. */
    static int[][] shuffledByClass(PartitionInput data, Random rng) {
        int[] counts = new int[data.numClasses()];
        for (int y : data.labels()) {
            counts[y]++;
        }
        int[][] byClass = new int[data.numClasses()][];
        for (int c = 0; c < byClass.length; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[data.numClasses()];
        for (int i = 0; i < data.rows(); i++) {
            int y = data.labels()[i];
            byClass[y][fill[y]++] = i;
        }
        for (int[] rows : byClass) {
            Shuffle.inPlace(rows, rng);
        }
        return byClass;
    }

    /** Deals {@code rows} out in consecutive blocks: the first {@code sizes[0]} to site 0, the next to site 1, ... */
    static void deal(int[] rows, int[] sizes, List<List<Integer>> perSite) {
        int at = 0;
        for (int s = 0; s < sizes.length; s++) {
            for (int i = 0; i < sizes[s]; i++) {
                perSite.get(s).add(rows[at++]);
            }
        }
    }

    /** Per-site position lists built from per-site builders, each sorted ascending. */
    static List<int[]> sorted(List<List<Integer>> perSite) {
        List<int[]> out = new ArrayList<>(perSite.size());
        for (List<Integer> rows : perSite) {
            int[] a = rows.stream().mapToInt(Integer::intValue).toArray();
            Arrays.sort(a);
            out.add(a);
        }
        return out;
    }

    static List<List<Integer>> emptySites(int sites) {
        List<List<Integer>> perSite = new ArrayList<>(sites);
        for (int s = 0; s < sites; s++) {
            perSite.add(new ArrayList<>());
        }
        return perSite;
    }

    /** 0.5 -> "0.5", 1000.0 -> "1000", for specs and messages. */
    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
