package org.fedmed.net.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.NodeKit;

/**
 * TLS 1.3 contexts for both ends, on the JDK's TLS stack (EC P-256 keys, AES-GCM): the coordinator
 * requires a client certificate and decides with {@link SiteAuthenticator}; a node trusts only its
 * federation's CA and checks the coordinator's host name against the server certificate.
 */
public final class Tls {

    public static final String PROTOCOL = "TLSv1.3";

    private Tls() {
    }

    public static SslContext server(FederationLayout layout, SiteAuthenticator authenticator) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(layout.serverCert().toFile(), layout.serverKey().toFile())
                    .trustManager(authenticator)
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols(PROTOCOL);
            return GrpcSslContexts.configure(b, SslProvider.JDK).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the coordinator's TLS: " + e.getMessage(), e);
        }
    }

    public static SslContext client(NodeKit kit) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                    .keyManager(kit.certificate().toFile(), kit.privateKey().toFile())
                    .trustManager(kit.caCertificate().toFile())
                    .protocols(PROTOCOL);
            return GrpcSslContexts.configure(b, SslProvider.JDK).build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the node's TLS: " + e.getMessage(), e);
        }
    }
}
