package org.fedmed.core.privacy.clientdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedmed.core.aggregate.StateCodec;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.core.strategy.StrategyState;

/**
 * The server state of a {@link ClientDpStrategy} in a {@link StrategyState}, so a coordinator that
 * restarts resumes its privacy accounting instead of starting from ε = 0: the rounds aggregated so
 * far (each round's sampling rate, accounted σ, clip norm and participants — they replay the
 * client-level accountant exactly). The pipeline's own state (adaptive clip norm, server optimizer
 * moments) is stored beside it. Doubles are stored exactly ({@link StateCodec}).
 */
final class ClientDpState {

    static final String ROUNDS = "dp.rounds";
    private static final int FIELDS = 5; // round, q, sigma, clip, participants

    private ClientDpState() {
    }

    static Map<String, float[]> save(List<PrivacyReport.Round> history) {
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
        arrays.put(ROUNDS, StateCodec.encode(rows));
        return arrays;
    }

    /** The rounds stored by {@link #save} (ε left NaN: the report replays it). */
    static List<PrivacyReport.Round> rounds(StrategyState state) {
        double[] rows = StateCodec.decode(state.array(ROUNDS));
        if (rows.length % FIELDS != 0) {
            throw new IllegalArgumentException("DP strategy state: malformed round table");
        }
        List<PrivacyReport.Round> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i += FIELDS) {
            out.add(new PrivacyReport.Round((int) rows[i], rows[i + 1], rows[i + 2], rows[i + 3], (int) rows[i + 4], Double.NaN));
        }
        return out;
    }

}
