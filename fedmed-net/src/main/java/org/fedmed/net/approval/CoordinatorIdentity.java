package org.fedmed.net.approval;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.fedmed.net.provision.Pem;

/**
 * Who runs a study: the coordinator's TLS certificate as a node saw it on the connection (its
 * SHA-256 fingerprint over the DER encoding, and its subject). Part of the study digest, so a study
 * approved from one coordinator does not run for another one with the same settings.
 *
 * @param sha256  64 lower-case hex characters
 * @param subject the subject's distinguished name (RFC 2253)
 */
public record CoordinatorIdentity(String sha256, String subject) {

    public static CoordinatorIdentity of(X509Certificate cert) {
        try {
            byte[] der = cert.getEncoded();
            String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            return new CoordinatorIdentity(hex, cert.getSubjectX500Principal().getName(X500Principal.RFC2253));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the coordinator's certificate: " + e.getMessage(), e);
        }
    }

    /** The coordinator's own identity, from its certificate file ({@code coordinator/server.crt}). */
    public static CoordinatorIdentity fromCertificateFile(Path pem) {
        return of(Pem.readCertificate(pem));
    }

    /**
     * Whether a policy entry names this coordinator: a fingerprint (hex, with or without colons or a
     * {@code sha256:} prefix) or a subject distinguished name ({@code CN=coordinator,O=...}).
     *
     * @throws IllegalArgumentException when the entry is neither
     */
    public boolean matches(String entry) {
        String fp = normalizedFingerprint(entry);
        if (fp != null) {
            return fp.equals(sha256);
        }
        return principal(entry).equals(new X500Principal(subject));
    }

    /** Checks that a policy entry is a fingerprint or a subject; throws {@link IllegalArgumentException} saying why not. */
    public static void checkEntry(String entry) {
        if (normalizedFingerprint(entry) == null) {
            principal(entry);
        }
    }

    private static X500Principal principal(String entry) {
        try {
            return new X500Principal(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + entry + "' is neither a SHA-256 certificate fingerprint nor a subject such as"
                    + " CN=coordinator", e);
        }
    }

    /** The entry as 64 lower-case hex characters, or null when it is not a SHA-256 fingerprint. */
    static String normalizedFingerprint(String entry) {
        String s = entry.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("sha256:")) {
            s = s.substring("sha256:".length());
        }
        s = s.replace(":", "");
        return s.matches("[0-9a-f]{64}") ? s : null;
    }

    @Override
    public String toString() {
        return subject + " (certificate sha256 " + sha256.substring(0, 16) + "..)";
    }
}
