package org.fedmed.net.coordinator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which part of a bundled demo dataset each provisioned site serves. A site whose id names a part
 * (site-1, or a hospital of a natural split) serves that part; the others take the parts no such site
 * claims, in the study's site order, so a federation provisioned with its hospitals' own names runs a
 * demo study without renaming anything.
 */
final class DemoShards {

    private DemoShards() {
    }

    /**
     * @param sites the study's sites in order
     * @param parts the parts of the split, in the data's order
     * @return site id → part, for every site
     * @throws IllegalArgumentException when there are more sites than parts, naming both counts and the fix
     */
    static Map<String, String> assign(List<String> sites, List<String> parts, String dataset) {
        if (sites.size() > parts.size()) {
            throw new IllegalArgumentException(sites.size() + " sites are provisioned (" + String.join(", ", sites) + ") but the demo"
                    + " study splits " + dataset + " into " + parts.size() + " parts: set the study's sites: " + sites.size()
                    + " (or revoke the sites that take no part)");
        }
        List<String> free = new ArrayList<>(parts);
        free.removeAll(sites);
        Map<String, String> out = new LinkedHashMap<>();
        int next = 0;
        for (String site : sites) {
            out.put(site, parts.contains(site) ? site : free.get(next++));
        }
        return out;
    }
}
