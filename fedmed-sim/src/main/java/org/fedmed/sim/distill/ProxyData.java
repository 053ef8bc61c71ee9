package org.fedmed.sim.distill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;

/**
 * The coordinator's unlabeled proxy set for FedDF and the sites' training data without it. Lin et al.
 * distill on public data from the same domain; a simulation of one bundled dataset has none, so each
 * site gives up a seeded share of its training examples (the same share everywhere, so the proxy set
 * follows the pooled distribution), their labels are dropped, and the sites train on the rest. The
 * global and site test sets are untouched, so no proxy example is ever scored.
 *
 * @param inputs    the proxy examples, every label 0 (the coordinator never sees the real ones)
 * @param siteTrain per site, its training examples less those it gave up
 */
public record ProxyData(LabeledSamples inputs, Map<String, LabeledSamples> siteTrain) {

    private static final long PROXY_STREAM = 0x70726f7879L;

    public ProxyData {
        siteTrain = Collections.unmodifiableMap(new LinkedHashMap<>(siteTrain));
    }

    /**
     * About {@code size} examples, each site giving round(size · n_site / n_pooled) of its own; refused
     * when that would leave any site fewer than 2 training examples.
     */
    public static ProxyData carve(FederatedData data, int size, long seed) {
        int pooled = 0;
        for (SiteData s : data.sites()) {
            pooled += s.train().size();
        }
        if (size <= 0) {
            throw new IllegalArgumentException("the proxy set needs at least 1 example, got " + size);
        }
        if (size >= pooled) {
            throw new IllegalArgumentException("a proxy set of " + size + " examples would take all " + pooled
                    + " training examples of " + data.dataset() + " from the sites; ask for fewer");
        }
        List<LabeledSamples> given = new ArrayList<>();
        Map<String, LabeledSamples> kept = new LinkedHashMap<>();
        for (int i = 0; i < data.sites().size(); i++) {
            SiteData s = data.sites().get(i);
            int n = s.train().size();
            int share = (int) Math.round(size * (double) n / pooled);
            if (n - share < 2) {
                throw new IllegalArgumentException("a proxy set of " + size + " examples leaves site " + s.siteId() + " "
                        + (n - share) + " of its " + n + " training examples (it needs 2); ask for fewer");
            }
            int[] order = Shuffle.permutation(n, Seeds.stream(seed, Seeds.mix(PROXY_STREAM, i)));
            int[] out = Arrays.copyOf(order, share);
            int[] in = Arrays.copyOfRange(order, share, n);
            Arrays.sort(out);
            Arrays.sort(in);
            if (share > 0) {
                given.add(s.train().subset(out));
            }
            kept.put(s.siteId(), s.train().subset(in));
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException("a proxy set of " + size + " examples rounds to none at any site; ask for more");
        }
        LabeledSamples all = LabeledSamples.concat(given);
        LabeledSamples unlabeled = new LabeledSamples(all.featureShape(), all.features(), new int[all.size()], all.classNames());
        return new ProxyData(unlabeled, kept);
    }

    public int size() {
        return inputs.size();
    }
}
