package org.fedmed.core.privacy.mechanism;

import org.fedmed.core.privacy.budget.PrivacyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.strategy.StrategyState;

/**
 * The server state of a {@link ClientDpStrategy} in a {@link StrategyState}, so a coordinator that
 * restarts resumes its privacy accounting instead of starting from ε = 0: the rounds aggregated so
 * far (each round's sampling rate, accounted σ, clip norm and participants — they replay the
 * client-level accountant exactly) and the adaptive clip norm. (The wrapped strategy needs none: DP-FedAvg
 * averages the clipped updates itself and uses the wrapped one only to sample and configure.) Doubles are stored as
 * four 16-bit pieces per value, each exact in a float32, so nothing is rounded.
 */
final class ClientDpState {

    static final String ROUNDS = "dp.rounds";
    static final String CLIP = "dp.clip";
    private static final int FIELDS = 5; // round, q, sigma, clip, participants

    private ClientDpState() {
    }

    static Map<String, float[]> save(List<PrivacyReport.Round> history, AdaptiveClipping adaptive) {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        double[] rows = new double[FIELDS * history.size()];
        for (int i = 0; i < history.size(); i++) {
            PrivacyReport.Round r = history.get(i);
            rows[FIELDS * i] = r.round();
            rows[FIELDS * i + 1] = r.samplingRate();
            rows[FIELDS * i + 2] = r.noiseMultiplier();
            rows[FIELDS * i + 3] = r.clipNorm();
            rows[FIELDS * i + 4] = r.participants();
        }
        arrays.put(ROUNDS, encode(rows));
        if (adaptive != null) {
            arrays.put(CLIP, encode(new double[] {adaptive.clipNorm()}));
        }
        return arrays;
    }

    /** The rounds stored by {@link #save} (ε left NaN: the report replays it). */
    static List<PrivacyReport.Round> rounds(StrategyState state) {
        double[] rows = decode(state.array(ROUNDS));
        if (rows.length % FIELDS != 0) {
            throw new IllegalArgumentException("DP strategy state: malformed round table");
        }
        List<PrivacyReport.Round> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i += FIELDS) {
            out.add(new PrivacyReport.Round((int) rows[i], rows[i + 1], rows[i + 2], rows[i + 3], (int) rows[i + 4], Double.NaN));
        }
        return out;
    }

    static double clipNorm(StrategyState state) {
        return decode(state.array(CLIP))[0];
    }

    static float[] encode(double[] values) {
        float[] out = new float[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            for (int k = 0; k < 4; k++) {
                out[4 * i + k] = (float) ((bits >>> (48 - 16 * k)) & 0xFFFF);
            }
        }
        return out;
    }

    static double[] decode(float[] pieces) {
        if (pieces.length % 4 != 0) {
            throw new IllegalArgumentException("DP strategy state: " + pieces.length + " pieces is not a whole number of doubles");
        }
        double[] out = new double[pieces.length / 4];
        for (int i = 0; i < out.length; i++) {
            long bits = 0;
            for (int k = 0; k < 4; k++) {
                float p = pieces[4 * i + k];
                if (!(p >= 0 && p <= 0xFFFF) || p != Math.rint(p)) {
                    throw new IllegalArgumentException("DP strategy state: corrupt value piece " + p);
                }
                bits = (bits << 16) | (long) p;
            }
            out[i] = Double.longBitsToDouble(bits);
        }
        return out;
    }
}
