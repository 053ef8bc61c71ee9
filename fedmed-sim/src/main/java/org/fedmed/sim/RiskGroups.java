package org.fedmed.sim;

import java.util.Arrays;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.metrics.KaplanMeier;
import org.fedmed.core.metrics.LogRank;

/**
 * The final survival model's test patients split into a high- and a low-risk group, with each
 * group's Kaplan–Meier curve and the log-rank test between them: does the risk score separate who
 * fares worse? The cut is the median risk score on the pooled TRAINING data, fixed before the test
 * set is looked at (a median taken on the test set itself would adapt the groups to the data they
 * are judged on). High risk: score above the cut.
 *
 * @param threshold the cut: median of the model's risk scores on the training patients
 * @param high      Kaplan–Meier curve of the test patients scored above the cut
 * @param low       Kaplan–Meier curve of the others
 * @param logRank   the log-rank test, group 1 = high risk
 */
public record RiskGroups(double threshold, KaplanMeier high, KaplanMeier low, LogRank logRank) {

    /**
     * @param trainRisk the model's risk scores on the training patients
     * @param testRisk  its risk scores on the test patients
     * @param test      the test patients (times and events)
     */
    public static RiskGroups of(double[] trainRisk, double[] testRisk, LabeledSamples test) {
        double cut = median(trainRisk);
        float[] times = test.times();
        int[] events = test.labels();
        boolean[] high = new boolean[testRisk.length];
        int nHigh = 0;
        for (int i = 0; i < testRisk.length; i++) {
            high[i] = testRisk[i] > cut;
            nHigh += high[i] ? 1 : 0;
        }
        float[] th = new float[nHigh];
        int[] eh = new int[nHigh];
        float[] tl = new float[testRisk.length - nHigh];
        int[] el = new int[testRisk.length - nHigh];
        for (int i = 0, h = 0, l = 0; i < testRisk.length; i++) {
            if (high[i]) {
                th[h] = times[i];
                eh[h++] = events[i];
            } else {
                tl[l] = times[i];
                el[l++] = events[i];
            }
        }
        return new RiskGroups(cut, KaplanMeier.fit(th, eh), KaplanMeier.fit(tl, el), LogRank.test(times, events, high));
    }

    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no training patients to take the median risk from");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
