package org.fedmed.core.privacy.accounting;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tracks the privacy spent by one data holder as an RDP curve: one cumulative RDP value per order.
 * RDP composes by addition at each order (Mironov 2017, Proposition 1), also adaptively, so steps
 * with different sampling rates and noise multipliers — noise schedules, mixed rounds — simply add
 * their curves. The curve is the whole state; the entry list is kept for audit.
 *
 * <p>Thread-safe: the federation may record and query from different threads.
 */
public final class RdpAccountant {

    private final double[] orders;
    private final double[] rdp;
    private final List<LedgerEntry> entries = new ArrayList<>();

    /** An empty accountant over {@link SampledGaussianRdp#defaultOrders()}. */
    public RdpAccountant() {
        this(SampledGaussianRdp.defaultOrders());
    }

    /** An empty accountant over the given strictly increasing orders (each &gt; 1). */
    public RdpAccountant(double[] orders) {
        this.orders = Checks.orders(orders);
        this.rdp = new double[this.orders.length];
    }

    /** Records {@code steps} steps of the sampled Gaussian mechanism with rate q and multiplier σ. */
    public synchronized RdpAccountant record(double q, double sigma, long steps) {
        LedgerEntry entry = new LedgerEntry(q, sigma, steps);
        double[] added = SampledGaussianRdp.rdp(q, sigma, steps, orders);
        for (int i = 0; i < rdp.length; i++) {
            rdp[i] += added[i];
        }
        entries.add(entry);
        return this;
    }

    /**
     * Records {@code steps} runs of any mechanism given its RDP curve for ONE run, aligned with
     * {@link #orders()}; composition multiplies it by {@code steps}. The ledger entry keeps {@code
     * mechanism} (non-blank, no whitespace; best a self-describing name with the parameters, as
     * {@link SkellamRdp#mechanismName} builds) so the audit trail still says what was spent. Nothing
     * is recorded if an argument is refused.
     */
    public synchronized RdpAccountant recordCurve(String mechanism, double[] rdpPerStep, long steps) {
        LedgerEntry entry = LedgerEntry.curve(mechanism, steps);
        Checks.sameLength(orders, rdpPerStep);
        if (steps > 0) {
            for (int i = 0; i < rdp.length; i++) {
                rdp[i] += rdpPerStep[i] * steps;
            }
        }
        entries.add(entry);
        return this;
    }

    /**
     * Records {@code steps} releases of the Skellam mechanism with L1 / L2 sensitivities Δ1, Δ2 and
     * total parameter μ (see {@link SkellamRdp}; no amplification by sampling).
     */
    public RdpAccountant recordSkellam(double delta1, double delta2, double mu, long steps) {
        return recordCurve(SkellamRdp.mechanismName(delta1, delta2, mu),
                SkellamRdp.rdp(delta1, delta2, mu, 1, orders), steps);
    }

    /**
     * Records steps whose update is noised per group with multipliers σ_i, each group clipped to
     * its own norm; see {@link SampledGaussianRdp#effectiveNoiseMultiplier(double[])} for when that
     * equals a single Gaussian.
     */
    public RdpAccountant recordPerGroup(double q, double[] groupSigmas, long steps) {
        return record(q, SampledGaussianRdp.effectiveNoiseMultiplier(groupSigmas), steps);
    }

    /** The (ε, δ) guarantee of everything recorded so far, with the improved conversion. */
    public PrivacySpent spent(double delta) {
        return spent(delta, Conversion.IMPROVED);
    }

    /** The (ε, δ) guarantee of everything recorded so far. */
    public synchronized PrivacySpent spent(double delta, Conversion conversion) {
        return RdpConversions.epsilon(orders, rdp, delta, conversion);
    }

    /** The smallest δ for which everything recorded so far is (ε, δ)-DP. */
    public synchronized PrivacySpent deltaFor(double epsilon, Conversion conversion) {
        return RdpConversions.delta(orders, rdp, epsilon, conversion);
    }

    /** What {@link #spent} would report after also recording (q, σ, steps); changes nothing. */
    public synchronized PrivacySpent spentIfRecorded(double q, double sigma, long steps, double delta,
                                                     Conversion conversion) {
        double[] added = SampledGaussianRdp.rdp(q, sigma, steps, orders);
        for (int i = 0; i < added.length; i++) {
            added[i] += rdp[i];
        }
        return RdpConversions.epsilon(orders, added, delta, conversion);
    }

    /** Least σ so that what was spent plus {@code steps} more steps at rate q stays within (ε, δ). */
    public synchronized double noiseMultiplierFor(double q, long steps, double epsilon, double delta,
                                                  Conversion conversion) {
        return NoiseCalibration.noiseMultiplier(orders, rdp, q, steps, epsilon, delta, conversion);
    }

    /** How many more steps at (q, σ) the remaining (ε, δ) budget affords. */
    public synchronized long remainingSteps(double q, double sigma, double epsilon, double delta,
                                            Conversion conversion) {
        return NoiseCalibration.maxSteps(orders, rdp, q, sigma, epsilon, delta, conversion);
    }

    /**
     * Adds another accountant's spending to this one: sequential composition, right when both
     * mechanisms saw the same records. For disjoint data sets (different sites) composition is
     * parallel instead — see {@link PrivacyLedger} — and merging would overstate the loss.
     */
    public RdpAccountant merge(RdpAccountant other) {
        Snapshot theirs = other.snapshot(); // taken outside our lock: no lock-order deadlock
        synchronized (this) {
            if (!Arrays.equals(orders, theirs.orders())) {
                throw new IllegalArgumentException("cannot merge accountants over different RDP orders");
            }
            double[] add = theirs.rdp();
            for (int i = 0; i < rdp.length; i++) {
                rdp[i] += add[i];
            }
            entries.addAll(theirs.entries());
        }
        return this;
    }

    public synchronized RdpAccountant copy() {
        return restore(snapshot());
    }

    public double[] orders() {
        return orders.clone();
    }

    /** The cumulative RDP at each order, aligned with {@link #orders()}. */
    public synchronized double[] rdp() {
        return rdp.clone();
    }

    public synchronized List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(orders, rdp, entries);
    }

    /** Rebuilds an accountant from stored state; the RDP curve is taken as is, not recomputed. */
    public static RdpAccountant restore(Snapshot snapshot) {
        RdpAccountant accountant = new RdpAccountant(snapshot.orders());
        System.arraycopy(snapshot.rdp(), 0, accountant.rdp, 0, accountant.rdp.length);
        accountant.entries.addAll(snapshot.entries());
        return accountant;
    }

    /**
     * Storable accountant state. The RDP curve alone determines every future answer; the entries
     * are the audit trail. Arrays are copied in and out, so a snapshot is immutable.
     */
    public record Snapshot(double[] orders, double[] rdp, List<LedgerEntry> entries) implements Serializable {

        public Snapshot {
            orders = Checks.orders(orders);
            Checks.sameLength(orders, rdp);
            rdp = rdp.clone();
            entries = List.copyOf(entries);
        }

        @Override
        public double[] orders() {
            return orders.clone();
        }

        @Override
        public double[] rdp() {
            return rdp.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && Arrays.equals(orders, s.orders)
                    && Arrays.equals(rdp, s.rdp) && entries.equals(s.entries);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(orders) + Arrays.hashCode(rdp)) + entries.hashCode();
        }

        @Override
        public String toString() {
            return "Snapshot[orders=" + Arrays.toString(orders) + ", rdp=" + Arrays.toString(rdp)
                    + ", entries=" + entries + "]";
        }
    }
}
