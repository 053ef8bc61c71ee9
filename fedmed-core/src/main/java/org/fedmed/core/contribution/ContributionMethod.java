package org.fedmed.core.contribution;

import java.util.Locale;

/** Which contribution values a study computes ({@code contribution} key). */
public enum ContributionMethod {
    /** Leave-one-out only. */
    LOO("loo"),
    /** GTG-Shapley only. */
    SHAPLEY("shapley"),
    /** Leave-one-out and GTG-Shapley. */
    BOTH("both"),
    /** The exact Shapley value from all 2^n coalitions of each round (a reference for GTG-Shapley; few sites only). */
    EXACT("exact");

    private final String id;

    ContributionMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean leaveOneOut() {
        return this == LOO || this == BOTH;
    }

    public boolean shapley() {
        return this != LOO;
    }

    /** The method of a key value; null for {@code none}. */
    public static ContributionMethod parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return null;
        }
        for (ContributionMethod m : values()) {
            if (m.id.equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("must be none, loo, shapley, both or exact, got '" + text + "'");
    }
}
