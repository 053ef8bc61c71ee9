package org.fedmed.fhir;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a patient's Observations of one code in the window become one feature value. */
public enum Reducer {
    /** The value of the most recent Observation (ties: the one read last). */
    LATEST,
    MEAN,
    MIN,
    MAX,
    /** How many Observations there are; needs no value or unit. */
    COUNT;

    /** The reducer named in a mapping ({@code latest}, {@code mean}, ...), or null when there is none. */
    static Reducer named(String name) {
        for (Reducer r : values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(name)) {
                return r;
            }
        }
        return null;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * The feature value of {@code values} (in the target unit), given in date order, oldest first;
     * NaN when there is none (except {@link #COUNT}, which is then 0).
     */
    double apply(double[] values) {
        if (this == COUNT) {
            return values.length;
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        switch (this) {
            case LATEST:
                return values[values.length - 1];
            case MEAN:
                return Arrays.stream(values).average().orElseThrow();
            case MIN:
                return Arrays.stream(values).min().orElseThrow();
            case MAX:
                return Arrays.stream(values).max().orElseThrow();
            default:
                throw new IllegalStateException(name());
        }
    }
}
