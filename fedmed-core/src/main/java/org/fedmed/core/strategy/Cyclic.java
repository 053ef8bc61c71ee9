package org.fedmed.core.strategy;

import java.util.List;
import java.util.Random;
import org.fedmed.core.aggregate.robust.Aggregators;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.random.Seeds;
import org.fedmed.core.random.Shuffle;
import org.fedmed.core.round.FitAssignment;
import org.fedmed.core.secure.SecureInputSpec;

/**
 * Cyclic weight transfer (Chang et al. 2018, JAMIA 25(8)): one site trains per round, starting from
 * the model the previous site left, and the sites take turns in cycles. The coordinator only relays:
 * the next global model is the one site's model ({@code mean} of one update → {@code sgd(η=1)}).
 *
 * <p>Each cycle visits the available sites once, in an order drawn from (seed, cycle) when
 * {@code shuffle} is 1 (the default) or in the listed order when it is 0. The order follows from the
 * seed and the round alone, so a resumed run continues the same cycle without stored state.
 *
 * <p>Refused where a single site's update would be exposed or replaced: secure aggregation (a sum of
 * one update is the update), robust aggregators (one update has nothing to vote against) and
 * client-level DP (it samples its own sites).
 */
public final class Cyclic extends FedAvg {

    private static final long CYCLE_STREAM = 0x6379636cL;

    private final boolean shuffle;

    public Cyclic(StrategyOptions options, boolean shuffle) {
        super(refuseMisfits(options));
        this.shuffle = shuffle;
    }

    private static StrategyOptions refuseMisfits(StrategyOptions options) {
        if (!options.sampler().equals(SiteSampler.all())) {
            throw new IllegalArgumentException("strategy cyclic trains one site per round in turn; a fraction of sites per round"
                    + " (" + options.sampler().fraction() + ", at least " + options.sampler().minSites() + ") does not apply: leave it at 1");
        }
        if (!Aggregators.isMean(options.aggregator())) {
            throw new IllegalArgumentException("strategy cyclic passes one site's model on each round; aggregator "
                    + options.aggregator() + " has no other updates to judge it against: use aggregator mean");
        }
        return options;
    }

    @Override
    public String name() {
        return "cyclic";
    }

    public boolean shuffle() {
        return shuffle;
    }

    @Override
    public List<FitAssignment> configureFit(int round, ModelWeights global, List<String> availableSites) {
        if (availableSites.isEmpty()) {
            return List.of();
        }
        return configureFor(round, List.of(siteFor(round, availableSites)));
    }

    /** The site whose turn {@code round} (1-based) is, among {@code available} in their listed order. */
    String siteFor(int round, List<String> available) {
        int n = available.size();
        int cycle = (round - 1) / n;
        int turn = (round - 1) % n;
        if (!shuffle) {
            return available.get(turn);
        }
        int[] order = Shuffle.permutation(n, new Random(Seeds.mix(options.seed(), cycle, CYCLE_STREAM)));
        return available.get(order[turn]);
    }

    @Override
    public SecureInputSpec secureInput(int round, int participants, int threshold) {
        throw new IllegalArgumentException("strategy cyclic sends one site's model per round: a secure sum of one update is that"
                + " update, so secure aggregation cannot hide it; use fedavg (or another averaging strategy) with secure aggregation");
    }

    @Override
    public String clientDpConflict() {
        return clientDpRefusal();
    }

    /** Why client-level DP and cyclic weight transfer do not go together. */
    public static String clientDpRefusal() {
        return "strategy cyclic cannot be combined with client-level DP: DP-FedAvg samples the sites of each round itself and"
                + " its noise is calibrated to a mean over many sites; use sample-level DP (dp_level sample) with cyclic";
    }

    /** Whether the flag given as a strategy parameter means shuffling (1) or the listed order (0). */
    static boolean shuffleFlag(double value) {
        if (value != 0 && value != 1) {
            throw new IllegalArgumentException("strategy cyclic's shuffle is 1 (a new order each cycle) or 0 (the listed order), got "
                    + value);
        }
        return value == 1;
    }
}
