package org.fedmed.core.trail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One audit entry. The author signs the canonical JSON of every field but {@code sig} and
 * {@code hash} (the body); the entry's hash is SHA-256 over the body and the signature, and the next
 * entry quotes it as {@code prev}, so changing, removing or moving any entry breaks every link after it.
 *
 * @param seq     position in its chain, from 1 without gaps
 * @param time    when the author wrote it (the author's claim; a verifier checks it never goes backwards)
 * @param author  "coordinator" or the site id
 * @param key     SHA-256 fingerprint (hex) of the author's certificate
 * @param round   the round it belongs to, 0 for none
 * @param payload what happened: strings, integers, booleans, lists and maps (see {@link CanonicalJson})
 * @param prev    the previous entry's hash, 64 zeros for the first
 * @param sig     the author's SHA256withECDSA signature of the body, base64
 * @param hash    SHA-256 of body and signature, hex (stored for readers; a verifier recomputes it)
 */
public record ChainEntry(long seq, Instant time, String author, String key, String type, int round, Map<String, Object> payload,
                         String prev, String sig, String hash) {

    public static final String GENESIS = "0".repeat(64);
    public static final String ALGORITHM = "SHA256withECDSA";

    public ChainEntry {
        payload = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /** Writes and signs the entry that follows {@code prev} (null for the first). */
    public static ChainEntry sign(ChainEntry prev, Instant time, String author, String key, String type, int round,
                                  Map<String, Object> payload, PrivateKey signer) {
        long seq = prev == null ? 1 : prev.seq() + 1;
        String prevHash = prev == null ? GENESIS : prev.hash();
        ChainEntry unsigned = new ChainEntry(seq, time, author, key, type, round, payload, prevHash, "", "");
        byte[] body = unsigned.body();
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(signer);
            s.update(body);
            byte[] sig = s.sign();
            String sig64 = Base64.getEncoder().encodeToString(sig);
            return new ChainEntry(seq, time, author, key, type, round, payload, prevHash, sig64, hashOf(body, sig));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit entry with the " + author + " key: " + e.getMessage(), e);
        }
    }

    /** The signed bytes: canonical JSON of all fields but sig and hash. */
    public byte[] body() {
        return CanonicalJson.write(signedFields()).getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Object> signedFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time", time.toString());
        m.put("author", author);
        m.put("key", key);
        m.put("type", type);
        m.put("round", round);
        m.put("payload", payload);
        m.put("prev", prev);
        return m;
    }

    /** The hash recomputed from body and signature (what {@link #hash} should be). */
    public String computedHash() {
        return hashOf(body(), signatureBytes());
    }

    /** Whether {@code key} signed this body; false for a signature that is not even well-formed. */
    public boolean signedBy(PublicKey publicKey) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(publicKey);
            s.update(body());
            return s.verify(signatureBytes());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] signatureBytes() {
        try {
            return Base64.getDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** The exported line: canonical JSON of every field, the signature and hash included. */
    public String toJson() {
        Map<String, Object> m = signedFields();
        m.put("sig", sig);
        m.put("hash", hash);
        return CanonicalJson.write(m);
    }

    /**
     * The entry a parsed JSON object describes (as any JSON reader gives it: numbers as Integer, Long
     * or BigInteger, objects as maps); an IllegalArgumentException names a missing or ill-typed field.
     */
    @SuppressWarnings("unchecked")
    public static ChainEntry fromMap(Map<String, Object> m) {
        Object payload = m.get("payload");
        if (!(payload instanceof Map)) {
            throw new IllegalArgumentException("field 'payload' is missing or not an object");
        }
        try {
            return new ChainEntry(number(m, "seq"), Instant.parse(text(m, "time")), text(m, "author"), text(m, "key"), text(m, "type"),
                    (int) number(m, "round"), (Map<String, Object>) payload, text(m, "prev"), text(m, "sig"), text(m, "hash"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field 'time' is not an instant: " + m.get("time"));
        }
    }

    private static long number(Map<String, Object> m, String k) {
        if (!(m.get(k) instanceof Number n)) {
            throw new IllegalArgumentException("field '" + k + "' is missing or not a number");
        }
        return n.longValue();
    }

    private static String text(Map<String, Object> m, String k) {
        if (!(m.get(k) instanceof String s)) {
            throw new IllegalArgumentException("field '" + k + "' is missing or not a string");
        }
        return s;
    }

    static String hashOf(byte[] body, byte[] sig) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(body);
            d.update(sig);
            return HexFormat.of().formatHex(d.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of bytes, hex: the digest entries quote for updates and models. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
