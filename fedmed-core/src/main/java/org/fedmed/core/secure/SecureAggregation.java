package org.fedmed.core.secure;

import java.util.List;

/**
 * A protection under which the coordinator learns only the sum of a round's updates: SecAgg+
 * (pairwise masks) or Paillier (additively homomorphic encryption). The federation trains the sites
 * with {@code secure} instructions (each keeps its update and answers sealed), then hands the round
 * to {@link #sum}, which speaks to the sites only through the transport.
 */
public interface SecureAggregation {

    /** {@code secagg+} or {@code paillier}. */
    String name();

    /** The threshold t this protection uses for {@code sites} participants (the fewest sites a completed round sums). */
    int threshold(int sites);

    /**
     * The parameters for {@code sites} participants, e.g. {@code secagg+(n=10, complete graph (k=9), t=7, …)}.
     * Both runtimes print it before round 1, so it also refuses settings that cannot work for that
     * many sites (a threshold above them, a range the ring cannot hold), naming the setting.
     */
    String describe(int sites);

    /** The secure sum of the round's sealed updates; throws when the round must abort. */
    SecureRoundResult sum(int round, List<String> sites, int modelSize, SecureInputSpec spec, SecureTransport transport);
}
