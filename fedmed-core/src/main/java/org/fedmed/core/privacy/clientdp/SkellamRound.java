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
 * participants adds μ/t, so any t summed sites — the fewest a completed round has — carry μ; the
 * accountant records μ at t, never more (dropouts cannot make the release less private than
 * recorded; with all n summed the noise is n/t times the target variance).
 *
 * <p>In the ring, values are scaled by s and rounded conditionally, so the sensitivities are those
 * of {@link ConditionalRounding} and μ is μ·s² ring units.
 *
 * @param muPerSiteUnits the Skellam parameter each site adds, in units of the update
 * @param headroomStd    the standard deviation of the noise on the sum when all n are summed (units)
 */
record SkellamRound(int round, int threshold, double scale, double muSumUnits, double muPerSiteUnits, double headroomStd,
                    double delta1, double delta2) {

    static final String STATE = "dp.skellam";
    private static final int FIELDS = 8;

    static SkellamRound plan(int round, int modelSize, double clip, double sigma, int participants, int threshold) {
        if (modelSize < 1) {
            throw new IllegalStateException("round " + round + ": the model size is unknown before configureFit");
        }
        double stdSum = sigma * clip;
        double muSum = stdSum * stdSum / 2;
        double muSite = muSum / threshold;
        double headroom = Math.sqrt(2 * muSite * participants);
        SecureInput input = SecureInput.forRound(modelSize, false, clip, participants, 1, headroom);
        QuantizedSensitivity s = ConditionalRounding.of(clip, input.scale(), modelSize).sensitivity();
        return new SkellamRound(round, threshold, input.scale(), muSum, muSite, headroom, s.l1(), s.l2());
    }

    /** μ of the sum of t sites, in ring units. */
    double muSumRing() {
        return muSumUnits * scale * scale;
    }

    /** σ of a Gaussian with the same variance per unit of L2 sensitivity, for the report. */
    double equivalentSigma() {
        return SkellamRdp.equivalentNoiseMultiplier(delta2, muSumRing());
    }

    static float[] save(List<SkellamRound> rounds) {
        double[] rows = new double[FIELDS * rounds.size()];
        for (int i = 0; i < rounds.size(); i++) {
            SkellamRound r = rounds.get(i);
            double[] row = {r.round, r.threshold, r.scale, r.muSumUnits, r.muPerSiteUnits, r.headroomStd, r.delta1, r.delta2};
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
            out.add(new SkellamRound((int) rows[i], (int) rows[i + 1], rows[i + 2], rows[i + 3], rows[i + 4], rows[i + 5],
                    rows[i + 6], rows[i + 7]));
        }
        return out;
    }
}
