package org.fedmed.net.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.fedmed.net.provision.Pem;

/** HTTPS clients of the dashboard for tests: trusting the federation CA, with or without a client certificate. */
final class DashboardClients {

    private DashboardClients() {
    }

    /** @param cert a client certificate to present, or null (then {@code key} is ignored) */
    static HttpClient client(Path caCert, Path cert, Path key) throws Exception {
        char[] none = new char[0];
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, none);
        trust.setCertificateEntry("ca", Pem.readCertificate(caCert));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, none);
        if (cert != null) {
            keys.setKeyEntry("me", Pem.readPrivateKey(key), none, new Certificate[] {Pem.readCertificate(cert)});
        }
        kmf.init(keys, none);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    static HttpResponse<String> get(HttpClient c, int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = request(port, path);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> login(HttpClient c, int port, String token) throws Exception {
        return c.send(request(port, "/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
