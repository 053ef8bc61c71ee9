package org.fedmed.net.dashboard;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.tls.Tls;

/**
 * The dashboard's TLS: the coordinator's provisioned server certificate and key, and the federation
 * CA as the only issuer of client certificates it accepts (an admin's certificate is then checked by
 * {@link DashboardAuth}). Built from the PEM files in memory; nothing is written.
 */
final class DashboardTls {

    private DashboardTls() {
    }

    static SSLContext context(FederationLayout layout) {
        try {
            char[] none = new char[0];
            X509Certificate server = Pem.readCertificate(layout.serverCert());
            X509Certificate ca = Pem.readCertificate(layout.coordinatorCaCert());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, none);
            keys.setKeyEntry("coordinator", Pem.readPrivateKey(layout.serverKey()), none, new Certificate[] {server, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, none);
            trust.setCertificateEntry("federation-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance(Tls.PROTOCOL);
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("dashboard: cannot set up TLS from " + layout.coordinatorDir() + ": " + e.getMessage(), e);
        }
    }
}
