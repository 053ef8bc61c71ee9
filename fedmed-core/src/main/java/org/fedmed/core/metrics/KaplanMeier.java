package org.fedmed.core.metrics;

import java.util.Arrays;

/**
 * The Kaplan–Meier (product-limit) estimate of a survival curve: at each distinct time with an
 * observed event, S(t) = S(t⁻) · (1 − dₜ / nₜ), with nₜ the patients still at risk (time ≥ t) and dₜ
 * the events at t. Censored patients leave the risk set after their time; a censoring tied with an
 * event counts as at risk at it (the usual convention). S is a right-continuous step function, 1
 * before the first event.
 *
 * @param times    the distinct event times, ascending
 * @param survival S just after each of {@code times}
 * @param atRisk   patients at risk at each of {@code times}
 * @param events   events at each of {@code times}
 * @param samples  patients in all
 * @param lastTime the largest follow-up time (event or censored), where the curve's drawing ends
 */
public record KaplanMeier(double[] times, double[] survival, int[] atRisk, int[] events, int samples, double lastTime) {

    public KaplanMeier {
        times = times.clone();
        survival = survival.clone();
        atRisk = atRisk.clone();
        events = events.clone();
        if (survival.length != times.length || atRisk.length != times.length || events.length != times.length) {
            throw new IllegalArgumentException("times, survival, at-risk and event counts differ in length");
        }
    }

    /**
     * @param times  follow-up times (≥ 0)
     * @param events 1 where the event was observed at the time, 0 where the patient was censored then
     */
    public static KaplanMeier fit(float[] times, int[] events) {
        if (times.length != events.length) {
            throw new IllegalArgumentException(times.length + " times but " + events.length + " event indicators");
        }
        int n = times.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(times[a], times[b]));
        double[] t = new double[n];
        double[] s = new double[n];
        int[] r = new int[n];
        int[] d = new int[n];
        int steps = 0;
        double surv = 1;
        int atRisk = n;
        double last = 0;
        for (int k = 0; k < n; ) {
            float time = times[order[k]];
            int died = 0;
            int leaving = 0;
            while (k < n && times[order[k]] == time) {
                died += events[order[k]] == 1 ? 1 : 0;
                leaving++;
                k++;
            }
            if (died > 0) {
                surv *= 1 - died / (double) atRisk;
                t[steps] = time;
                s[steps] = surv;
                r[steps] = atRisk;
                d[steps] = died;
                steps++;
            }
            atRisk -= leaving;
            last = time;
        }
        return new KaplanMeier(Arrays.copyOf(t, steps), Arrays.copyOf(s, steps), Arrays.copyOf(r, steps), Arrays.copyOf(d, steps),
                n, last);
    }

    /** S(t): the estimate just after time {@code t} (1 before the first event). */
    public double survivalAt(double t) {
        double s = 1;
        for (int k = 0; k < times.length && times[k] <= t; k++) {
            s = survival[k];
        }
        return s;
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] survival() {
        return survival.clone();
    }

    @Override
    public int[] atRisk() {
        return atRisk.clone();
    }

    @Override
    public int[] events() {
        return events.clone();
    }
}
