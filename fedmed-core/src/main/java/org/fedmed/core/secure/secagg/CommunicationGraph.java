package org.fedmed.core.secure.secagg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who shares secrets with whom in a round. Complete when k = n − 1; otherwise a random k-regular
 * graph: the sites are placed on a ring in an order drawn from the round's public graph seed and
 * each is joined to the k/2 nearest on either side (a circulant graph under a random labelling).
 * Every site rebuilds the graph from the round's configuration, so a coordinator cannot give two
 * sites inconsistent neighbourhoods without them noticing.
 *
 * @param participants the round's sites, sorted; a site's share index is its position + 1
 */
public record CommunicationGraph(List<String> participants, int degree, long seed) {

    public CommunicationGraph {
        List<String> sorted = new ArrayList<>(participants);
        Collections.sort(sorted);
        if (!sorted.equals(participants) || new TreeSet<>(participants).size() != participants.size()) {
            throw new IllegalArgumentException("secure aggregation: participants must be distinct and sorted");
        }
        participants = List.copyOf(participants);
    }

    /** The Shamir x-coordinate of a site's shares: its position in the sorted participants + 1. */
    public int shareIndex(String site) {
        int i = Collections.binarySearch(participants, site);
        if (i < 0) {
            throw new IllegalArgumentException("site " + site + " does not take part in this round");
        }
        return i + 1;
    }

    public boolean contains(String site) {
        return Collections.binarySearch(participants, site) >= 0;
    }

    /** The site's neighbours, sorted, itself excluded. */
    public SortedSet<String> neighbours(String site) {
        int n = participants.size();
        SortedSet<String> out = new TreeSet<>();
        if (degree >= n - 1) {
            out.addAll(participants);
            out.remove(site);
            return out;
        }
        List<String> ring = new ArrayList<>(participants);
        Collections.shuffle(ring, new Random(seed));
        int at = ring.indexOf(site);
        if (at < 0) {
            throw new IllegalArgumentException("site " + site + " does not take part in this round");
        }
        for (int d = 1; d <= degree / 2; d++) {
            out.add(ring.get(Math.floorMod(at + d, n)));
            out.add(ring.get(Math.floorMod(at - d, n)));
        }
        return out;
    }
}
