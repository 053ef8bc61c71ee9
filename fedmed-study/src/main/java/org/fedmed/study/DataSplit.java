package org.fedmed.study;

import java.util.ArrayList;
import java.util.List;

/**
 * The study keys that decide which rows of a bundled dataset are each site's: a demo-data node
 * prepares its part itself, so it must split exactly as the study does. The coordinator compares
 * a node's split with the study's and refuses another one, naming the site and the keys.
 */
public record DataSplit(String dataset, String partition, int sites, long seed, double testFraction, double siteTestFraction) {

    /** The split {@code spec} describes (its defaults resolved). */
    public static DataSplit of(StudySpec spec) {
        return new DataSplit(spec.dataset(), spec.partition(), spec.sites(), spec.seed(), spec.testFraction(),
                spec.siteTestFraction());
    }

    /**
     * Why site {@code site}, which split as {@code node}, cannot take part in a study split as
     * {@code this}; null when they agree.
     */
    public String mismatch(String site, DataSplit node) {
        List<String> keys = new ArrayList<>();
        List<String> options = new ArrayList<>();
        differ(keys, options, "dataset", node.dataset, dataset);
        differ(keys, options, "partition", node.partition, partition);
        differ(keys, options, "sites", node.sites, sites);
        differ(keys, options, "seed", node.seed, seed);
        differ(keys, options, "test_fraction", node.testFraction, testFraction);
        differ(keys, options, "site_test_fraction", node.siteTestFraction, siteTestFraction);
        if (keys.isEmpty()) {
            return null;
        }
        return "site " + site + " splits the demo data differently from the study: " + String.join("; ", keys)
                + "; restart the node with " + String.join(" ", options);
    }

    private static void differ(List<String> keys, List<String> options, String key, Object node, Object study) {
        if (!node.equals(study)) {
            keys.add(key + " is " + node + " at the node but " + study + " in the study");
            options.add("--" + key.replace('_', '-') + " " + study);
        }
    }
}
