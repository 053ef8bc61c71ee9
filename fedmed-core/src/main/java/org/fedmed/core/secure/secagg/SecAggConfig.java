package org.fedmed.core.secure.secagg;

import java.util.List;
import org.fedmed.core.secure.SecureInput;

/**
 * One round's SecAgg+ settings as the coordinator sends them at the first step. Every site checks
 * them itself (it is a participant; t and k are consistent; the range fits the ring) and rebuilds
 * the communication graph from them.
 *
 * @param session    16 random bytes chosen by the coordinator for this round; every signature
 *                   covers them, so a message from another run or round is refused
 * @param noiseMu    Skellam parameter μ each site adds per coordinate of its update, in ring units
 *                   (0: no distributed noise)
 */
public record SecAggConfig(byte[] session, int round, List<String> participants, SecAggParameters parameters,
                           long graphSeed, SecureInput input, double noiseMu) {

    public static final int SESSION_BYTES = 16;

    public SecAggConfig {
        if (session.length != SESSION_BYTES) {
            throw new IllegalArgumentException("secure aggregation: a session id has " + SESSION_BYTES + " bytes");
        }
        session = session.clone();
        participants = List.copyOf(participants);
        if (parameters.sites() != participants.size()) {
            throw new IllegalArgumentException("secure aggregation: the parameters are for " + parameters.sites()
                    + " sites but the round has " + participants.size());
        }
        if (input.sites() < participants.size()) {
            throw new IllegalArgumentException("secure aggregation: the quantizer sums at most " + input.sites()
                    + " sites but the round has " + participants.size());
        }
        if (!(noiseMu >= 0) || Double.isInfinite(noiseMu)) {
            throw new IllegalArgumentException("secure aggregation: the noise parameter must be finite and >= 0, got " + noiseMu);
        }
    }

    @Override
    public byte[] session() {
        return session.clone();
    }

    public CommunicationGraph graph() {
        return new CommunicationGraph(participants, parameters.degree(), graphSeed);
    }

    public int threshold() {
        return parameters.threshold();
    }
}
