package org.fedmed.core.training;

/** Local optimizer a site uses. */
public enum OptimizerKind {
    SGD,
    ADAM;

    public static OptimizerKind parse(String s) {
        for (OptimizerKind k : values()) {
            if (k.name().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + s + "' (expected sgd or adam)");
    }
}
