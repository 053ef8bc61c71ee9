package org.fedmed.core.contribution;

import java.util.BitSet;
import java.util.Random;
import org.fedmed.core.random.Shuffle;

/**
 * GTG-Shapley, guided truncated gradient Shapley (Z. Liu, Y. Chen, H. Yu, Y. Liu, L. Cui, "GTG-Shapley:
 * Efficient and Accurate Participant Contribution Evaluation in Federated Learning", ACM TIST 13(4), 2022),
 * written from the paper's description: a Monte Carlo estimate over permutations of the round's players in
 * which every coalition's worth comes from a model rebuilt from the round's updates ({@link SubModels}),
 * never from retraining, and which skips what cannot matter:
 * <ul>
 *   <li>between-round truncation: a round whose aggregate moved the utility by at most
 *       {@code roundTolerance} gives every player 0, after two evaluations;</li>
 *   <li>within-round truncation: along a permutation, once the coalition's worth is within
 *       {@code withinTolerance} of v(N), the remaining players' marginal gains are taken as 0 without
 *       evaluating their coalitions;</li>
 *   <li>guided sampling: permutation k puts player k mod n first and shuffles the others, so each player
 *       opens the same number of permutations (the first position carries the largest marginal gains).</li>
 * </ul>
 * Sampling stops after each full cycle of n permutations once the values moved by at most
 * {@code convergence} (relative, Σ|Δφ| / Σ|φ|) over the cycle, or at {@code maxCycles} cycles. The
 * tolerances are ours, in the utility's units (accuracy: 0.001 is below one example of a small validation set).
 */
public final class GtgShapley {

    /** Settings; {@link #DEFAULTS} serve the simulations. */
    public record Settings(double roundTolerance, double withinTolerance, double convergence, int minCycles, int maxCycles,
                           long seed) {
        public Settings {
            if (roundTolerance < 0 || withinTolerance < 0 || !(convergence > 0) || minCycles < 1 || maxCycles < minCycles) {
                throw new IllegalArgumentException("GTG-Shapley settings: tolerances must be >= 0, convergence > 0 and"
                        + " 1 <= minCycles <= maxCycles");
            }
        }

        public Settings withSeed(long s) {
            return new Settings(roundTolerance, withinTolerance, convergence, minCycles, maxCycles, s);
        }
    }

    public static final Settings DEFAULTS = new Settings(0.001, 0.001, 0.05, 2, 20, 42);

    /** The estimate, with how many permutations it took and whether the round was truncated whole. */
    public record Estimate(double[] values, int permutations, boolean roundTruncated) {
    }

    private GtgShapley() {
    }

    public static Estimate values(int players, SubsetUtility v, Settings settings) {
        int n = players;
        double[] phi = new double[n];
        if (n == 0) {
            return new Estimate(phi, 0, false);
        }
        BitSet all = new BitSet(n);
        all.set(0, n);
        double empty = v.value(new BitSet(n));
        double whole = v.value(all);
        if (Math.abs(whole - empty) <= settings.roundTolerance()) {
            return new Estimate(phi, 0, true);
        }
        Random random = new Random(settings.seed());
        double[] cycleStart = phi.clone();
        int k = 0;
        for (int cycle = 1; cycle <= settings.maxCycles(); cycle++) {
            for (int first = 0; first < n; first++) {
                k++;
                int[] order = guided(n, first, random);
                BitSet coalition = new BitSet(n);
                double previous = empty;
                for (int j = 0; j < n; j++) {
                    coalition.set(order[j]);
                    double current = Math.abs(whole - previous) >= settings.withinTolerance()
                            ? v.value(coalition) : previous;
                    // running mean over permutations: φ ← (k−1)/k · φ + 1/k · marginal gain
                    phi[order[j]] += (current - previous - phi[order[j]]) / k;
                    previous = current;
                }
            }
            if (cycle >= settings.minCycles() && moved(cycleStart, phi) <= settings.convergence()) {
                break;
            }
            cycleStart = phi.clone();
        }
        return new Estimate(phi, k, false);
    }

    /** A permutation with {@code first} in front and the others in random order. */
    private static int[] guided(int n, int first, Random random) {
        int[] rest = Shuffle.permutation(n - 1, random);
        int[] order = new int[n];
        order[0] = first;
        for (int j = 1; j < n; j++) {
            int r = rest[j - 1];
            order[j] = r < first ? r : r + 1;
        }
        return order;
    }

    private static double moved(double[] before, double[] after) {
        double change = 0;
        double size = 0;
        for (int i = 0; i < after.length; i++) {
            change += Math.abs(after[i] - before[i]);
            size += Math.abs(after[i]);
        }
        return size == 0 ? 0 : change / size;
    }
}
