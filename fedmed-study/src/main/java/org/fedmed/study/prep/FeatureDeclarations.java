package org.fedmed.study.prep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedmed.data.prep.FeatureRange;

/**
 * The {@code study.data.features} list: each entry a column name, or {@code {name: COLUMN, min: LOW,
 * max: HIGH}} to declare the column's range (which a node under a privacy budget needs to release
 * its statistics).
 *
 * @param names  the feature columns in order
 * @param ranges the declared ranges, by column
 */
public record FeatureDeclarations(List<String> names, Map<String, FeatureRange> ranges) {

    private static final Set<String> KEYS = Set.of("name", "min", "max");

    /** Parses the YAML list; every error names {@code study.data.features} and the entry. */
    public static FeatureDeclarations parse(List<?> entries) {
        List<String> names = new ArrayList<>();
        Map<String, FeatureRange> ranges = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Object e = entries.get(i);
            String where = "study.data.features[" + i + "]";
            if (!(e instanceof Map<?, ?> m)) {
                names.add(String.valueOf(e));
                continue;
            }
            for (Object k : m.keySet()) {
                if (!KEYS.contains(String.valueOf(k))) {
                    throw new IllegalArgumentException(where + ": unknown key '" + k + "'; known: name, min, max");
                }
            }
            if (m.get("name") == null || m.get("min") == null || m.get("max") == null) {
                throw new IllegalArgumentException(where + " must be a column name or {name: COLUMN, min: LOW, max: HIGH}");
            }
            String name = String.valueOf(m.get("name"));
            try {
                ranges.put(name, new FeatureRange(Double.parseDouble(String.valueOf(m.get("min"))),
                        Double.parseDouble(String.valueOf(m.get("max")))));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + " (" + name + "): " + ex.getMessage(), ex);
            }
            names.add(name);
        }
        return new FeatureDeclarations(names, ranges);
    }
}
