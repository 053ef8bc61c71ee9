package org.fedmed.core.secure;

import java.util.List;
import java.util.Map;

/**
 * A secure round at the coordinator: the read-back sum and what the report may say about the round.
 *
 * @param input      the encoding used (range, scale, weighting)
 * @param parameters the protection's parameters, printed (k, t, bits, key size…)
 * @param participants the sites that entered the protocol (they had trained)
 * @param dropped    sites that left during the protocol, with the step and reason (recovered)
 * @param tampering  tampered messages detected and left out, naming the site
 */
public record SecureRoundResult(String protection, String parameters, int participants, SecureInput input, SecureSum sum,
                                List<String> survivors, Map<String, String> dropped, List<String> tampering,
                                long bytesToSites, long bytesFromSites) {

    public SecureRoundResult {
        survivors = List.copyOf(survivors);
        dropped = Map.copyOf(dropped);
        tampering = List.copyOf(tampering);
    }
}
