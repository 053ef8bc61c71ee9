package org.fedmed.core.federation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.fedmed.core.secure.SecureSum;

/**
 * What a report says about a round's secure aggregation: the protection and its parameters, how
 * many sites are in the sum, the dropouts it recovered from (site → step and reason), tampering it
 * detected, and the bytes the protocol moved. Nothing about any site's update. {@code participants}
 * is how many sites entered the protocol (they had trained), {@code summed} how many are in the sum;
 * {@code sumDigest} is the SHA-256 of the sum the coordinator decoded (what the audit chain records
 * for the round instead of each update's digest), or null.
 */
public record SecureRoundInfo(String protection, String parameters, int participants, int summed, Map<String, String> recovered,
                              List<String> tampering, long bytesToSites, long bytesFromSites, String sumDigest) {

    public SecureRoundInfo {
        recovered = Map.copyOf(recovered);
        tampering = List.copyOf(tampering);
    }

    /** SHA-256 (hex) of a secure sum: its values as little-endian float32, then its weight as little-endian float64. */
    public static String digest(SecureSum sum) {
        ByteBuffer b = ByteBuffer.allocate(4 * sum.values().length + 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : sum.values()) {
            b.putFloat(v);
        }
        b.putDouble(sum.weight());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java runtime", e);
        }
    }
}
