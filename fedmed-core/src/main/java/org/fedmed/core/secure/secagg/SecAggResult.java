package org.fedmed.core.secure.secagg;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a SecAgg+ round at the coordinator: the unmasked sum in the ring and nothing per site.
 *
 * @param survivors     sites whose masked input is in the sum
 * @param dropped       sites that left the round, with the step and reason
 * @param tampering     shares found tampered with and left out, naming the sending site
 * @param bytesToSites  request bytes per site
 * @param bytesFromSites reply bytes per site
 */
public record SecAggResult(int[] sum, List<String> survivors, Map<String, String> dropped, List<String> tampering,
                           Map<String, Long> bytesToSites, Map<String, Long> bytesFromSites) {

    public SecAggResult {
        survivors = List.copyOf(survivors);
        dropped = Map.copyOf(dropped);
        tampering = List.copyOf(tampering);
        bytesToSites = Map.copyOf(bytesToSites);
        bytesFromSites = Map.copyOf(bytesFromSites);
    }

    public long totalBytesFromSites() {
        return bytesFromSites.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalBytesToSites() {
        return bytesToSites.values().stream().mapToLong(Long::longValue).sum();
    }
}
