package org.fedmed.core.privacy.clientdp;

import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.aggregate.StateCodec;
import org.fedmed.core.privacy.accounting.SkellamRdp;
import org.fedmed.core.secure.ConditionalRounding;
import org.fedmed.core.secure.QuantizedSensitivity;
import org.fedmed.core.secure.SecureInput;

/**
 * One round of client-level DP with the noise added by the sites inside a secure sum (the Skellam
 * mechanism, Agarwal, Kairouz &amp; Liu 2021). The target is central DP's guarantee at noise
 * multiplier σ: μ is the smallest Skellam parameter whose RDP curve lies below the Gaussian's at
 * every order ({@link #dominatingMu}; about (σ·B)²/2 in ring units, B the rounded L2 bound, so the
 * variance is (σC)² and a hair more). Each of the n participants adds μ/n: with all n summed the
 * round costs no more ε than central DP would. When sites drop, the sum of the m survivors carries m·μ/n and the accountant records
 * that, the mechanism's own bound for what was released (the survivor list is signed by the
 * survivors, so the count is not the coordinator's word alone); a completed round has m ≥ t, which
 * bounds the worst round at t·μ/n. Skellam sums are exactly Skellam, so no approximation enters.
 *
 * <p>In the ring, values are scaled by s and rounded conditionally, so the sensitivities are those
 * of {@link ConditionalRounding} and μ is μ·s² ring units.
 *
 * @param summed         sites whose input (and noise) is in the sum: n when planned, m after the round
 * @param muPerSiteUnits the Skellam parameter each site adds, in units of the update
 * @param headroomStd    the standard deviation of the noise on the sum when all n are summed (units)
 */
record SkellamRound(int round, int threshold, int summed, double scale, double muPerSiteUnits, double headroomStd,
                    double delta1, double delta2) {

    static final String STATE = "dp.skellam";
    private static final int FIELDS = 8;

    static SkellamRound plan(int round, int modelSize, double clip, double sigma, int participants, int threshold) {
        if (modelSize < 1) {
            throw new IllegalStateException("round " + round + ": the model size is unknown before configureFit");
        }
        // 1 % headroom over σC for the small extra μ that dominance needs (below)
        double headroom = 1.01 * sigma * clip;
        SecureInput input = SecureInput.forRound(modelSize, false, clip, participants, 1, headroom);
        QuantizedSensitivity s = ConditionalRounding.of(clip, input.scale(), modelSize).sensitivity();
        double muRing = dominatingMu(s.l1(), s.l2(), sigma);
        double muSite = muRing / (input.scale() * input.scale()) / participants;
        return new SkellamRound(round, threshold, participants, input.scale(), muSite, headroom, s.l1(), s.l2());
    }

    /**
     * The smallest μ (ring units) whose Skellam RDP curve lies on or below the Gaussian's, α/(2σ²),
     * at every integer order of the accountant ({@link SkellamRdp#integerOrders}, on which σ is
     * calibrated in this mode): all n sites summed, the round then costs no more than the
     * Gaussian round σ stands for (the rounding's larger L2 bound and Skellam's correction term are
     * paid with a little more noise, not with ε).
     */
    static double dominatingMu(double delta1, double delta2, double sigma) {
        double[] orders = SkellamRdp.integerOrders();
        double lo = sigma * sigma * delta2 * delta2 / 2; // the leading term alone matches the Gaussian
        double hi = lo * 1.001;
        while (!dominated(delta1, delta2, hi, sigma, orders)) {
            hi *= 2;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (dominated(delta1, delta2, mid, sigma, orders)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static boolean dominated(double delta1, double delta2, double mu, double sigma, double[] orders) {
        for (double alpha : orders) {
            if (SkellamRdp.rdp(delta1, delta2, mu, alpha) > alpha / (2 * sigma * sigma)) {
                return false;
            }
        }
        return true;
    }

    /** The round as released: {@code m} sites summed. */
    SkellamRound summed(int m) {
        if (m < 1 || m > summed) {
            throw new IllegalArgumentException("round " + round + ": " + m + " sites summed, " + summed + " planned");
        }
        return new SkellamRound(round, threshold, m, scale, muPerSiteUnits, headroomStd, delta1, delta2);
    }

    /** μ of the released sum (the summed sites' noise), in ring units. */
    double muSumRing() {
        return summed * muPerSiteUnits * scale * scale;
    }

    /** σ of a Gaussian with the same variance per unit of L2 sensitivity, for the report. */
    double equivalentSigma() {
        return SkellamRdp.equivalentNoiseMultiplier(delta2, muSumRing());
    }

    static float[] save(List<SkellamRound> rounds) {
        double[] rows = new double[FIELDS * rounds.size()];
        for (int i = 0; i < rounds.size(); i++) {
            SkellamRound r = rounds.get(i);
            double[] row = {r.round, r.threshold, r.summed, r.scale, r.muPerSiteUnits, r.headroomStd, r.delta1, r.delta2};
            System.arraycopy(row, 0, rows, FIELDS * i, FIELDS);
        }
        return StateCodec.encode(rows);
    }

    static List<SkellamRound> restore(float[] stored) {
        double[] rows = StateCodec.decode(stored);
        if (rows.length % FIELDS != 0) {
            throw new IllegalArgumentException("DP strategy state: malformed Skellam round table");
        }
        List<SkellamRound> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i += FIELDS) {
            out.add(new SkellamRound((int) rows[i], (int) rows[i + 1], (int) rows[i + 2], rows[i + 3], rows[i + 4], rows[i + 5],
                    rows[i + 6], rows[i + 7]));
        }
        return out;
    }
}
