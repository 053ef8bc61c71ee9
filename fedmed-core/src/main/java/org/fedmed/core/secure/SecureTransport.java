package org.fedmed.core.secure;

import java.util.Map;

/**
 * How the coordinator reaches the sites for one protocol step: in-process calls in a simulation,
 * the gRPC {@code SecureStep} call in a deployment. A site that throws, times out or is unreachable
 * is simply absent from the answer (with its reason in {@code failures}): to the protocol it dropped out.
 */
@FunctionalInterface
public interface SecureTransport {

    /** Sends each site its encoded request; returns the encoded replies that arrived, by site. */
    Map<String, byte[]> exchange(String step, Map<String, byte[]> requests, Map<String, String> failures);
}
