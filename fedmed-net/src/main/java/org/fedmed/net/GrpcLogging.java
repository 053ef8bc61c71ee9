package org.fedmed.net;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps gRPC's own java.util.logging output to errors. gRPC logs a stack trace at WARNING for every
 * failed name resolution and every failed TLS handshake, which a node retrying an unreachable
 * coordinator, or a coordinator probed by a client without a certificate, would repeat without end;
 * FedMed says what went wrong in one line of its own instead (the node's connection diagnosis, the
 * coordinator's refusals).
 */
public final class GrpcLogging {

    // held: java.util.logging keeps only weak references to loggers, and a collected one loses its level
    private static final Logger GRPC = Logger.getLogger("io.grpc");

    private GrpcLogging() {
    }

    public static void quiet() {
        GRPC.setLevel(Level.SEVERE);
    }
}
