package org.fedmed.net.node.approval;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Reads the coordinator's certificate off the TLS session of a call, when its response headers
 * arrive (before any message), so the node knows whom it is talking to from the connection itself.
 */
public final class PeerCertificate implements ClientInterceptor {

    private final Consumer<X509Certificate> seen;

    /** @param seen gets the coordinator's certificate of each call, or null when the call has no TLS peer certificate */
    public PeerCertificate(Consumer<X509Certificate> seen) {
        this.seen = seen;
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<A> listener, Metadata headers) {
                ClientCall<Q, A> call = this;
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onHeaders(Metadata h) {
                        seen.accept(certificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
                        super.onHeaders(h);
                    }
                }, headers);
            }
        };
    }

    private static X509Certificate certificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
