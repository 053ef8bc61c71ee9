package org.fedmed.core.metrics;

/**
 * A survival model's figures on one test set: Harrell's C-index of its risk scores and how many of
 * the patients had their event observed or were censored. The counts say how much the C-index rests
 * on: a site with few events compares few pairs.
 *
 * @param samples  patients
 * @param events   patients whose event was observed
 * @param censored patients censored (events + censored = samples)
 * @param cIndex   Harrell's C-index, NaN when no pair is comparable (no event before another time)
 */
public record SurvivalSummary(long samples, long events, long censored, double cIndex) {

    public SurvivalSummary {
        if (samples < 0 || events < 0 || censored < 0 || events + censored != samples) {
            throw new IllegalArgumentException("events " + events + " + censored " + censored + " must make the " + samples + " samples");
        }
    }

    /**
     * @param risk   each patient's risk score (higher: earlier event expected)
     * @param times  follow-up times
     * @param events 1 where the event was observed, 0 where censored
     */
    public static SurvivalSummary of(double[] risk, float[] times, int[] events) {
        long observed = 0;
        for (int e : events) {
            observed += e == 1 ? 1 : 0;
        }
        return new SurvivalSummary(events.length, observed, events.length - observed, cIndexOrNaN(risk, times, events));
    }

    private static double cIndexOrNaN(double[] risk, float[] times, int[] events) {
        for (int i = 0; i < times.length; i++) {
            if (events[i] != 1) {
                continue;
            }
            for (float t : times) {
                if (times[i] < t) {
                    return ConcordanceIndex.harrell(risk, times, events);
                }
            }
        }
        // a small site's test set may hold no comparable pair: undefined, not an error
        return Double.NaN;
    }
}
