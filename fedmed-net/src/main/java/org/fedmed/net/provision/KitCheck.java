package org.fedmed.net.provision;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a node can tell about its own kit before it dials: whether its certificate is in date and was
 * issued by the CA the kit trusts. A coordinator refusing a certificate in the TLS handshake only sends
 * "certificate_unknown", so the node checks the causes it can see itself first, and a refusal it cannot
 * explain this way is most likely a revocation (which only the coordinator's list knows).
 */
public final class KitCheck {

    /** How far ahead an expiring certificate is announced. */
    public static final Duration WARN_AHEAD = Duration.ofDays(30);

    private KitCheck() {
    }

    /** Why the kit cannot connect at {@code now}, or empty. */
    public static Optional<String> problem(NodeKit kit, Instant now) {
        X509Certificate cert = Pem.readCertificate(kit.certificate());
        X509Certificate ca = Pem.readCertificate(kit.caCertificate());
        String where = "kit " + kit.dir() + ": this node's certificate";
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            return Optional.of(where + " expired on " + cert.getNotAfter().toInstant() + "; ask the federation's administrator for a"
                    + " renewed kit");
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return Optional.of(where + " is valid only from " + cert.getNotBefore().toInstant() + " (check this host's clock)");
        }
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.of(where + " was not issued by the kit's CA (ca.crt): the kit's files come from different"
                    + " federations");
        }
        return Optional.empty();
    }

    /**
     * The whole days left until {@code end} when it is within {@link #WARN_AHEAD} of {@code now} (negative once
     * passed), or empty while there is time: the one rule for every certificate expiry warning.
     */
    public static Optional<Long> daysLeftWhenDue(Instant end, Instant now) {
        return now.plus(WARN_AHEAD).isBefore(end) ? Optional.empty() : Optional.of(Duration.between(now, end).toDays());
    }

    /** A warning when the certificate expires within {@link #WARN_AHEAD} of {@code now}, or empty. */
    public static Optional<String> expiryWarning(NodeKit kit, Instant now) {
        Instant end = Pem.readCertificate(kit.certificate()).getNotAfter().toInstant();
        Optional<Long> due = daysLeftWhenDue(end, now);
        if (now.isBefore(end) && due.isPresent()) {
            long days = due.get();
            return Optional.of("warning: kit " + kit.dir() + ": this node's certificate expires on " + end + " (in " + days
                    + " day(s)); ask the federation's administrator for a renewed kit");
        }
        return Optional.empty();
    }
}
