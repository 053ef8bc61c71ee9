package org.fedmed.sim.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.privacy.audit.OneRunBound;
import org.fedmed.core.random.Shuffle;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;

/**
 * The canaries of a one-run audit (Steinke et al. 2023): m training examples drawn at random from
 * all sites, each kept in its site's training data with probability ½ by an independent coin and
 * removed otherwise, before the study trains. After training, the auditor guesses "in" for the
 * {@code share} of canaries the model scores highest and "out" for the share it scores lowest, and
 * abstains on the middle; the count of right guesses gives a bound valid for this one run.
 *
 * @param trainedOn the study's data with the "out" canaries removed from their sites
 * @param samples   the m canaries, in draw order
 * @param in        whether each canary stayed in the training data
 */
record OneRunCanaries(FederatedData trainedOn, LabeledSamples samples, boolean[] in) {

    /** Share of the canaries guessed "in", and the same share guessed "out". */
    static final double GUESS_SHARE = 0.2;

    static OneRunCanaries draw(FederatedData data, int m, Random rng) {
        int total = data.pooledTrain().size();
        if (m < 10 || m > total / 2) {
            throw new IllegalArgumentException("canaries (--canaries) must be between 10 and " + total / 2 + " (half the " + total
                    + " training examples), got " + m);
        }
        int[] picked = Arrays.copyOf(Shuffle.permutation(total, rng), m);
        boolean[] in = new boolean[m];
        boolean[] removed = new boolean[total];
        for (int k = 0; k < m; k++) {
            in[k] = rng.nextBoolean();
            removed[picked[k]] = !in[k];
        }
        List<SiteData> sites = new ArrayList<>();
        int offset = 0;
        for (SiteData s : data.sites()) {
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < s.train().size(); i++) {
                if (!removed[offset + i]) {
                    keep.add(i);
                }
            }
            offset += s.train().size();
            LabeledSamples train = s.train().subset(keep.stream().mapToInt(Integer::intValue).toArray());
            sites.add(new SiteData(s.siteId(), train, s.test(), s.completeness()));
        }
        FederatedData trainedOn = new FederatedData(data.dataset(), sites, data.globalTest(), data.featureNames(), data.preprocessing());
        return new OneRunCanaries(trainedOn, data.pooledTrain().subset(picked), in);
    }

    /** Guesses from {@code scores} (higher: more likely trained on), counted against the coins, and the bound. */
    OneRunResult audit(double[] scores, double delta, double confidence) {
        int m = in.length;
        Integer[] order = new Integer[m];
        Arrays.setAll(order, k -> k);
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int perSide = Math.max(1, (int) Math.floor(GUESS_SHARE * m));
        int correct = 0;
        for (int k = 0; k < perSide; k++) {
            correct += in[order[k]] ? 1 : 0;
            correct += in[order[m - 1 - k]] ? 0 : 1;
        }
        int kept = 0;
        for (boolean b : in) {
            kept += b ? 1 : 0;
        }
        int guesses = 2 * perSide;
        return new OneRunResult(m, kept, guesses, correct, OneRunBound.epsilonLowerBound(m, guesses, correct, delta, confidence),
                confidence);
    }
}
