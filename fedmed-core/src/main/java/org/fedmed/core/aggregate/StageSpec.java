package org.fedmed.core.aggregate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A site stage as it travels in a fit task: its name and numeric parameters. The node rebuilds the
 * stage from it ({@link SiteStages#create}) and checks it against its own privacy policy.
 */
public record StageSpec(String name, Map<String, Double> params) {

    public StageSpec {
        Objects.requireNonNull(name, "name");
        params = Map.copyOf(params);
    }

    /** The parameter, or an error naming the stage and the parameter. */
    public double require(String key) {
        Double v = params.get(key);
        if (v == null || !Double.isFinite(v)) {
            throw new IllegalArgumentException("site stage " + name + " needs a finite parameter '" + key + "', got " + v);
        }
        return v;
    }

    /** Refuses parameters the stage does not know (a typo would otherwise be ignored). */
    public StageSpec onlyKeys(Set<String> known) {
        for (String k : params.keySet()) {
            if (!known.contains(k) && !k.matches("[a-z]+\\.\\d+")) {
                throw new IllegalArgumentException("site stage " + name + " has no parameter '" + k + "'; it takes " + known);
            }
        }
        return this;
    }

    /** Parameters in a stable order, e.g. {@code clip(c=1.0)}. */
    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", name + "(", ")");
        new LinkedHashMap<>(new TreeMap<>(params)).forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }
}
