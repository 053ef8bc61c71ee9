package org.fedmed.data.partition;

import java.util.Locale;

/**
 * Splits a training pool among sites. Implementations are deterministic for a seed and return a
 * disjoint cover of the input in which every site holds at least {@code minPerSite} rows, or fail
 * with a message saying which site came up short and what to change.
 */
public interface Partitioner {

    /**
     * @param data       the pool's labels (and groups)
     * @param sites      number of sites, &ge; 1 ({@code natural} also takes 0 = one per group)
     * @param minPerSite least rows each site must hold
     * @param seed       random seed
     */
    Partition partition(PartitionInput data, int sites, int minPerSite, long seed);

    /** The spec this partitioner parses from, e.g. {@code dirichlet:0.5}. */
    String spec();

    /** Human-readable description for reports. */
    String describe();

    /** Whether sites are the data's natural groups (then no global split is drawn beforehand). */
    default boolean usesNaturalGroups() {
        return false;
    }

    /** Parses {@code iid}, {@code dirichlet:<alpha>}, {@code quantity:<beta>} or {@code natural}. */
    static Partitioner parse(String spec) {
        String usage = "; expected iid, dirichlet:<alpha>, quantity:<beta> or natural";
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no partition given" + usage);
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon).trim();
        String arg = colon < 0 ? null : s.substring(colon + 1).trim();
        switch (kind) {
            case "iid", "natural" -> {
                if (arg != null) {
                    throw new IllegalArgumentException("partition '" + spec + "' takes no parameter" + usage);
                }
                return kind.equals("iid") ? new IidPartitioner() : new NaturalPartitioner();
            }
            case "dirichlet", "quantity" -> {
                double v = concentration(spec, arg, kind.equals("dirichlet") ? "alpha" : "beta", usage);
                return kind.equals("dirichlet") ? new DirichletPartitioner(v) : new QuantityPartitioner(v);
            }
            default -> throw new IllegalArgumentException("unknown partition '" + spec + "'" + usage);
        }
    }

    private static double concentration(String spec, String arg, String name, String usage) {
        if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("partition '" + spec + "' needs a " + name + usage);
        }
        double v;
        try {
            v = Double.parseDouble(arg);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("partition '" + spec + "': " + name + " '" + arg + "' is not a number");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("partition '" + spec + "': " + name + " must be a positive finite number");
        }
        return v;
    }
}
