package org.fedmed.core.trail;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys a verifier accepts: certificates issued by the federation CA, learnt from the chains
 * themselves (each chain introduces its author's certificate, the coordinator introduces each site's),
 * and the CA's revocation list. A key no CA-issued certificate introduced is unknown: its entries are
 * forgeries whatever they say.
 */
public final class Signers {

    private static final Pattern CN = Pattern.compile("(?:^|,)CN=([^,]+)");

    private final X509Certificate ca;
    private final Map<BigInteger, Instant> revoked = new HashMap<>();
    private final Map<String, X509Certificate> byFingerprint = new ConcurrentHashMap<>(); // chains are checked in parallel

    /** @param crl the federation's revocation list, or null for none */
    public Signers(X509Certificate ca, X509CRL crl) {
        this.ca = ca;
        if (crl != null) {
            try {
                crl.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("the revocation list is not signed by the federation CA (" + e.getMessage() + ")");
            }
            if (crl.getRevokedCertificates() != null) {
                for (X509CRLEntry e : crl.getRevokedCertificates()) {
                    revoked.put(e.getSerialNumber(), e.getRevocationDate().toInstant());
                }
            }
        }
    }

    /**
     * Accepts a certificate (base64 DER) quoted in a chain when the CA issued it; returns why not
     * otherwise, or null when accepted.
     */
    public String introduce(String base64Der) {
        X509Certificate c;
        try {
            c = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64Der)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return "the quoted certificate cannot be read";
        }
        try {
            c.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return "the quoted certificate (" + c.getSubjectX500Principal().getName() + ") was not issued by the federation CA";
        }
        byFingerprint.put(fingerprint(c), c);
        return null;
    }

    /** The certificate with this SHA-256 fingerprint, or null when no accepted certificate has it. */
    public X509Certificate certificate(String fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** When the CA revoked this certificate, or null when it did not. */
    public Instant revokedAt(X509Certificate c) {
        return revoked.get(c.getSerialNumber());
    }

    /** The SHA-256 fingerprint of a certificate quoted as base64 DER. */
    public static String fingerprint(String base64Der) {
        return ChainEntry.sha256(Base64.getDecoder().decode(base64Der));
    }

    public static String fingerprint(X509Certificate c) {
        try {
            return ChainEntry.sha256(c.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate's common name: a site id, or "coordinator" for the coordinator's. */
    public static String commonName(X509Certificate c) {
        Matcher m = CN.matcher(c.getSubjectX500Principal().getName());
        return m.find() ? m.group(1) : "";
    }
}
