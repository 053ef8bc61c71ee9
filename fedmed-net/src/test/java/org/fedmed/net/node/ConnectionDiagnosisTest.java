package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ConnectionDiagnosisTest {

    private static String describe(Status status, Throwable cause) {
        return ConnectionDiagnosis.describe(status.withCause(cause).asRuntimeException(), "coord.example.org", 7443);
    }

    @Test
    void eachFailureIsOneLineNamingWhatToCheck() {
        assertEquals("connection refused at coord.example.org:7443: is the coordinator running and listening there?",
                describe(Status.UNAVAILABLE.withDescription("io exception"), new ConnectException("Connection refused")));
        assertTrue(describe(Status.UNAVAILABLE, new UnknownHostException("coord.example.org"))
                .startsWith("cannot resolve the coordinator's host coord.example.org"));
        assertTrue(describe(Status.UNAVAILABLE.withDescription("Unable to resolve host coord.example.org"), null)
                .startsWith("cannot resolve the coordinator's host coord.example.org"));
        assertTrue(describe(Status.UNAVAILABLE, new SSLHandshakeException("PKIX path building failed: unable to find valid"
                + " certification path to requested target")).contains("presents a certificate this federation's CA did not sign"));
        assertTrue(describe(Status.UNAVAILABLE, new SSLHandshakeException("Received fatal alert: certificate_unknown"))
                .contains("it is most likely revoked"));
        // anything else keeps gRPC's own words
        assertEquals("DEADLINE_EXCEEDED: too slow", describe(Status.DEADLINE_EXCEEDED.withDescription("too slow"), null));
    }

    /** A reset right after the handshake (TLS 1.3: the refusal's alert overtaken by the close) reads as a refused certificate. */
    @Test
    void aResetRightAfterTheHandshakeIsARefusedCertificate() {
        String line = ConnectionDiagnosis.refusedAfterHandshake("coord.example:7443", new SocketException("Connection reset"));
        assertTrue(line.startsWith("the coordinator at coord.example:7443 refused this node's certificate: it closed the connection"
                + " right after the TLS handshake (SocketException: Connection reset)"), line);
        assertTrue(ConnectionDiagnosis.isCertificateRefusal(line), "the node's bounded retry counts it as a refusal");
    }
}
