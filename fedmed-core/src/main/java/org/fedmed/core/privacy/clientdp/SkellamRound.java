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
 * mechanism, Agarwal, Kairouz &amp; Liu 2021). The target is the Gaussian's variance (σC)² on the sum;
 * Skellam(μ) has variance 2μ, so the sum needs μ = (σC)²/2 (units of the update). Each of the n
 * participants adds μ/n: with all n summed the release carries exactly the target, as central DP
 * would. When sites drop, the sum of the m survivors carries m·μ/n and the accountant records
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
        double stdSum = sigma * clip;
        double muSite = stdSum * stdSum / 2 / participants;
        double headroom = stdSum;
        SecureInput input = SecureInput.forRound(modelSize, false, clip, participants, 1, headroom);
        QuantizedSensitivity s = ConditionalRounding.of(clip, input.scale(), modelSize).sensitivity();
        return new SkellamRound(round, threshold, participants, input.scale(), muSite, headroom, s.l1(), s.l2());
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
