package org.fedmed.core.federation;

import java.util.List;
import java.util.Map;

/**
 * What a report says about a round's secure aggregation: the protection and its parameters, how
 * many sites are in the sum, the dropouts it recovered from (site → step and reason), tampering it
 * detected, and the bytes the protocol moved. Nothing about any site's update. {@code participants}
 * is how many sites entered the protocol (they had trained), {@code summed} how many are in the sum.
 */
public record SecureRoundInfo(String protection, String parameters, int participants, int summed, Map<String, String> recovered,
                              List<String> tampering, long bytesToSites, long bytesFromSites) {

    public SecureRoundInfo {
        recovered = Map.copyOf(recovered);
        tampering = List.copyOf(tampering);
    }
}
