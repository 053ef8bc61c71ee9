package org.fedmed.net.node;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a node's connection to its coordinator failed, in one line an operator can act on: a host that
 * does not resolve, nothing listening at host:port, a coordinator certificate this federation's CA did
 * not sign or that has expired, this node's certificate refused (revoked, expired, not from the
 * coordinator's CA). The cause chain of gRPC's status is read for it; anything else keeps gRPC's
 * status and description.
 */
final class ConnectionDiagnosis {

    /** A refused certificate does not fix itself: the node gives up after this many refusals in a row. */
    static final int CERTIFICATE_ATTEMPTS = 3;

    private ConnectionDiagnosis() {
    }

    /** Whether {@code line} (from {@link #describe}) is a certificate refusal, which retrying cannot cure. */
    static boolean isCertificateRefusal(String line) {
        return line.contains("this federation's CA did not sign") || line.contains("refused this node's certificate")
                || line.contains("certificate at ");
    }

    static String describe(Throwable t, String host, int port) {
        String at = host + ":" + port;
        Status st = Status.fromThrowable(t);
        String description = st.getDescription() == null ? "" : st.getDescription();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException || description.startsWith("Unable to resolve host")) {
                return "cannot resolve the coordinator's host " + host + " (coordinator= in the kit's node.properties)";
            }
            if (c instanceof ConnectException) {
                return "connection refused at " + at + ": is the coordinator running and listening there?";
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to " + at + " (network or firewall)";
            }
            if (c instanceof SocketTimeoutException) {
                return "no answer from " + at + " (network or firewall)";
            }
            if (c instanceof CertificateExpiredException) {
                return "the coordinator's certificate at " + at + " has expired";
            }
            if (c instanceof CertificateNotYetValidException) {
                return "the coordinator's certificate at " + at + " is not valid yet (check this host's clock)";
            }
            if (c instanceof CertPathValidatorException) {
                return "the coordinator at " + at + " presents a certificate this federation's CA did not sign (a kit from"
                        + " another federation, or another server at that address?)";
            }
            if (c instanceof SSLException) {
                return tls(String.valueOf(c.getMessage()), at);
            }
        }
        return st.getCode() + (description.isEmpty() ? "" : ": " + description)
                + (t.getCause() != null && description.isEmpty() ? " (" + t.getCause().getMessage() + ")" : "");
    }

    /**
     * The coordinator closed the connection right after the TLS handshake without a readable alert (the reset
     * overtook it): with TLS 1.3 that is its refusal of this node's certificate.
     */
    static String refusedAfterHandshake(String at, Exception e) {
        return "the coordinator at " + at + " refused this node's certificate: it closed the connection right after the TLS"
                + " handshake (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); the certificate is in date and signed"
                + " by the kit's CA, so it is most likely revoked (or the coordinator belongs to another federation); ask the"
                + " federation's administrator";
    }

    /** A TLS failure by its message: an alert the coordinator sent about this node's certificate, or a local check. */
    private static String tls(String message, String at) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("certificate_revoked") || m.contains("certificate revoked")) {
            return "the coordinator at " + at + " refused this node's certificate: it is revoked (ask the federation's"
                    + " administrator for a new kit)";
        }
        if (m.contains("certificate_expired") || m.contains("certificate expired")) {
            return "the coordinator at " + at + " refused this node's certificate: it has expired (ask the federation's"
                    + " administrator to renew the kit)";
        }
        if (m.contains("bad_certificate") || m.contains("unknown_ca") || m.contains("certificate_unknown")) {
            // the node checked its certificate's dates and issuer before dialling (KitCheck): what is left is a revocation,
            // or a coordinator of another federation
            return "the coordinator at " + at + " refused this node's certificate, which is in date and signed by the kit's"
                    + " CA: it is most likely revoked (or the coordinator belongs to another federation); ask the federation's"
                    + " administrator";
        }
        if (m.contains("pkix") || m.contains("certification path")) {
            return "the coordinator at " + at + " presents a certificate this federation's CA did not sign (a kit from"
                    + " another federation, or another server at that address?)";
        }
        return "TLS handshake with " + at + " failed: " + message;
    }
}
