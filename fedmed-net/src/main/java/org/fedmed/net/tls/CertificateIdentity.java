package org.fedmed.net.tls;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;

/**
 * Secure aggregation's identities in a deployment: a site's credential is its provisioned X.509
 * certificate (DER), and its protocol messages are signed with the certificate's private key, the
 * {@code node.key} of its kit. A credential is accepted for site S only when the certificate was
 * signed by the federation CA, is valid now, is a site (client-authentication, non-CA) certificate,
 * and its subject CN is S, which is how provisioning names sites (see {@link SiteAuthenticator}).
 *
 * <p>The coordinator checks the key advertisements with it, and so does every node for its peers': a
 * coordinator cannot stand in for a site without a certificate the CA issued for that site's name.
 */
public final class CertificateIdentity implements IdentityVerifier {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final X509Certificate ca;
    private final Clock clock;

    public CertificateIdentity(X509Certificate ca, Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CertificateIdentity(X509Certificate ca) {
        this(ca, Clock.systemUTC());
    }

    /** The verifier of a federation whose CA certificate is {@code caCert} (PEM: a kit's or the coordinator's ca.crt). */
    public static CertificateIdentity fromCaFile(Path caCert) {
        return new CertificateIdentity(Pem.readCertificate(caCert));
    }

    /**
     * A node's own identity for the protocol: its kit's private key and its certificate as the
     * credential. Throws {@link IllegalArgumentException} naming the file when the kit has no usable key.
     */
    public static SiteIdentity siteIdentity(NodeKit kit) {
        X509Certificate cert = Pem.readCertificate(kit.certificate());
        try {
            return new SiteIdentity(kit.siteId(), Pem.readPrivateKey(kit.privateKey()), cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate " + kit.certificate() + " cannot be encoded: " + e.getMessage(), e);
        }
    }

    @Override
    public PublicKey verifiedKey(String siteId, byte[] credential) {
        if (credential == null || credential.length == 0) {
            throw refused(siteId, "it sent no certificate");
        }
        X509Certificate c;
        try {
            c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(credential));
        } catch (CertificateException | ClassCastException e) {
            throw refused(siteId, "its credential is not an X.509 certificate");
        }
        try {
            c.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw refused(siteId, "its certificate was issued by '" + c.getIssuerX500Principal().getName()
                    + "', not by this federation's CA");
        }
        try {
            c.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw refused(siteId, "its certificate expired on " + c.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw refused(siteId, "its certificate is valid only from " + c.getNotBefore().toInstant());
        }
        if (c.getBasicConstraints() != -1) {
            throw refused(siteId, "its credential is a CA certificate, not a site's");
        }
        try {
            List<String> eku = c.getExtendedKeyUsage();
            if (eku == null || !eku.contains(CLIENT_AUTH)) {
                throw refused(siteId, "its certificate is not a site certificate (no clientAuth key usage)");
            }
        } catch (CertificateParsingException e) {
            throw refused(siteId, "its certificate has an unreadable extended key usage");
        }
        String cn = SiteAuthenticator.commonName(c);
        if (!siteId.equals(cn)) {
            throw refused(siteId, "its certificate was issued to '" + cn + "'");
        }
        return c.getPublicKey();
    }

    private static SecureStepException refused(String siteId, String why) {
        return new SecureStepException("identity", "secure aggregation: site " + siteId + ": signing credential refused: " + why);
    }
}
