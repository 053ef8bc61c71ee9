package org.fedmed.core.privacy.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * A membership decision "member if score ≥ t", judged at every threshold t: the loss-threshold
 * attack of Yeom et al. (2018) when the score is the negated loss, LiRA when it is a likelihood
 * ratio. Beside the ROC summary it turns the thresholds into an empirical lower bound on ε
 * (Jagielski et al. 2020, Nasr et al. 2021): a mechanism that is (ε, δ)-DP forces
 * TPR ≤ e^ε FPR + δ and TNR ≤ e^ε FNR + δ, so ε ≥ log((TPR − δ)/FPR) and ε ≥ log((TNR − δ)/FNR).
 * The rates are replaced by one-sided Clopper–Pearson bounds (TPR and TNR from below, FPR and FNR
 * from above), and the confidence is split over all thresholds tried (Bonferroni), so picking the
 * best threshold on the same data cannot manufacture a bound that chance alone would give.
 */
public final class ThresholdAttack {

    /** Intervals of the even rank grid of thresholds the ε bound tries: more would only thin the confidence per threshold. */
    static final int EVEN_GRID = 50;

    private ThresholdAttack() {
    }

    /**
     * Judges the scores ({@code higher = more likely a member}).
     *
     * @param delta      the δ the ε bound is stated at
     * @param confidence e.g. 0.95: the chance the bound holds, over every threshold at once
     * @param lowFpr     the false-positive rate to read the TPR at, e.g. 0.01
     */
    public static AttackResult evaluate(String name, double[] memberScores, double[] nonMemberScores, double delta,
                                        double confidence, double lowFpr) {
        int m = memberScores.length;
        int n = nonMemberScores.length;
        if (m == 0 || n == 0) {
            throw new IllegalArgumentException("an attack needs members and non-members, got " + m + " and " + n);
        }
        if (!(delta >= 0 && delta < 1) || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("need 0 <= delta < 1 and 0 < confidence < 1, got " + delta + " and " + confidence);
        }
        double[][] all = new double[m + n][];
        for (int i = 0; i < m; i++) {
            all[i] = new double[] {check(memberScores[i]), 1};
        }
        for (int j = 0; j < n; j++) {
            all[m + j] = new double[] {check(nonMemberScores[j]), 0};
        }
        Arrays.sort(all, (a, b) -> Double.compare(b[0], a[0]));

        // one cut per distinct score, sweeping the threshold downwards: (tp, fp) after each cut
        List<long[]> cuts = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        double auc = 0;
        for (int i = 0; i < all.length; ) {
            double t = all[i][0];
            long dtp = 0;
            long dfp = 0;
            for (; i < all.length && all[i][0] == t; i++) {
                if (all[i][1] == 1) {
                    dtp++;
                } else {
                    dfp++;
                }
            }
            // trapezoid over the tied group: ties count half, as in the Mann–Whitney statistic
            auc += (double) dfp / n * ((double) tp / m + 0.5 * dtp / m);
            tp += dtp;
            fp += dfp;
            cuts.add(new long[] {tp, fp});
        }

        double bestAdv = 0;
        double bestTpr = 0;
        double bestFpr = 0;
        double tprAtLow = 0;
        for (long[] c : cuts) {
            double tpr = (double) c[0] / m;
            double fpr = (double) c[1] / n;
            if (tpr - fpr > bestAdv) {
                bestAdv = tpr - fpr;
                bestTpr = tpr;
                bestFpr = fpr;
            }
            if (fpr <= lowFpr) {
                tprAtLow = Math.max(tprAtLow, tpr);
            }
        }
        double eps = epsilonLowerBound(boundCuts(cuts), m, n, delta, confidence);
        return new AttackResult(name, m, n, auc, bestAdv, bestTpr, bestFpr, lowFpr, tprAtLow, eps, delta, confidence);
    }

    /**
     * The largest ε the cuts prove. Each cut needs two bounds (TPR from below, FPR from above; the
     * TNR and FNR bounds follow from them), so the miss chance 1 − confidence is split 2·cuts ways.
     */
    static double epsilonLowerBound(List<long[]> cuts, long m, long n, double delta, double confidence) {
        double alpha = (1 - confidence) / (2.0 * cuts.size());
        double best = 0;
        for (long[] c : cuts) {
            double tprLow = ClopperPearson.lower(c[0], m, alpha);
            double fprHigh = ClopperPearson.upper(c[1], n, alpha);
            double tnrLow = 1 - fprHigh;
            double fnrHigh = 1 - tprLow;
            best = Math.max(best, logRatio(tprLow - delta, fprHigh));
            best = Math.max(best, logRatio(tnrLow - delta, fnrHigh));
        }
        return best;
    }

    /** log(num/den) where it proves something (num > den > 0), else 0. */
    private static double logRatio(double num, double den) {
        return num > 0 && den > 0 && num > den ? Math.log(num / den) : 0.0;
    }

    /**
     * The cuts the ε bound tries, fixed by pooled rank alone (not by which side an example is on):
     * the cut after the top 1, 2, 4, ... examples and before the bottom 1, 2, 4, ..., where extreme
     * thresholds prove the most, and an even grid between. Each target rank takes the last cut that
     * flags at most that many examples, so ties are never split.
     */
    private static List<long[]> boundCuts(List<long[]> cuts) {
        long total = cuts.get(cuts.size() - 1)[0] + cuts.get(cuts.size() - 1)[1];
        TreeSet<Long> targets = new TreeSet<>();
        for (long r = 1; r < total; r *= 2) {
            targets.add(r);
            targets.add(total - r);
        }
        for (int k = 1; k < EVEN_GRID; k++) {
            targets.add(Math.max(1, total * k / EVEN_GRID));
        }
        LinkedHashSet<long[]> out = new LinkedHashSet<>();
        int i = 0;
        for (long target : targets) {
            while (i + 1 < cuts.size() && cuts.get(i + 1)[0] + cuts.get(i + 1)[1] <= target) {
                i++;
            }
            out.add(cuts.get(i));
        }
        return new ArrayList<>(out);
    }

    private static double check(double s) {
        if (Double.isNaN(s)) {
            throw new IllegalArgumentException("a membership score is NaN");
        }
        return s;
    }
}
