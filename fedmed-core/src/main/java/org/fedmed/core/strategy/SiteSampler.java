package org.fedmed.core.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;

/**
 * Chooses which available sites train in a round: a fraction of them, but at least
 * {@code minSites}. The choice is seeded by (seed, round), so a run is reproducible.
 */
public record SiteSampler(double fraction, int minSites) {

    public SiteSampler {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction of sites per round must be in (0, 1], got " + fraction);
        }
        if (minSites < 1) {
            throw new IllegalArgumentException("minimum sites per round must be >= 1, got " + minSites);
        }
    }

    /** Every available site, every round. */
    public static SiteSampler all() {
        return new SiteSampler(1.0, 1);
    }

    /** The sites for {@code round}, in the order they were listed. */
    public List<String> select(int round, List<String> available, long seed) {
        int wanted = (int) Math.ceil(fraction * available.size() - 1e-9);
        int n = Math.min(available.size(), Math.max(minSites, wanted));
        if (n == available.size()) {
            return List.copyOf(available);
        }
        int[] chosen = Arrays.copyOf(Shuffle.permutation(available.size(), new Random(Seeds.mix(seed, round, 0x5A4D50L))), n);
        Arrays.sort(chosen);
        List<String> out = new ArrayList<>(n);
        for (int i : chosen) {
            out.add(available.get(i));
        }
        return out;
    }
}
