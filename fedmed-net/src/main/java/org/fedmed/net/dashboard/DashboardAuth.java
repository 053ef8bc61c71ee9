package org.fedmed.net.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.fedmed.net.provision.AdminCredentials;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.tls.SiteAuthenticator;

/**
 * Who is logged in to the dashboard: an administrator's client certificate (issued by the federation
 * CA, listed in {@code admins.properties}, not revoked), a session made by a login with the provisioned
 * token, or the token itself as {@code Authorization: Bearer}. Refusals are logged as one line, never
 * with the token.
 */
final class DashboardAuth {

    static final String COOKIE = "fedmed_session";
    private static final Duration SESSION = Duration.ofHours(8);
    private static final int MAX_SESSIONS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FederationLayout layout;
    private final Consumer<String> log;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final LoginThrottle throttle = new LoginThrottle();

    /** @param log where refusals go, one line each (the coordinator's console) */
    DashboardAuth(FederationLayout layout, Consumer<String> log) {
        this.layout = layout;
        this.log = log;
    }

    /** The logged-in user ("admin NAME" or "token"), or empty. */
    Optional<String> user(HttpExchange ex) {
        Optional<String> admin = admin(ex);
        if (admin.isPresent()) {
            return admin;
        }
        String session = cookie(ex);
        if (session != null) {
            Instant until = sessions.get(session);
            if (until != null && until.isAfter(Instant.now())) {
                return Optional.of("token");
            }
            sessions.remove(session);
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ") && throttle.allows(address(ex), Instant.now())) {
            if (DashboardToken.matches(layout, auth.substring("Bearer ".length()).trim())) {
                return Optional.of("token");
            }
            wrongToken(ex, "wrong bearer token");
        }
        return Optional.empty();
    }

    /** A new session for a correct token, or empty (and one log line) for a wrong one. */
    Optional<String> login(HttpExchange ex, String token) {
        if (!DashboardToken.provisioned(layout)) {
            refused(ex, "no dashboard token is provisioned (fedmed provision dashboard-token)");
            return Optional.empty();
        }
        if (!throttle.allows(address(ex), Instant.now())) {
            return Optional.empty(); // said once, when the address was blocked
        }
        if (!DashboardToken.matches(layout, token)) {
            wrongToken(ex, "wrong token");
            return Optional.empty();
        }
        Instant now = Instant.now();
        sessions.values().removeIf(until -> until.isBefore(now));
        if (sessions.size() >= MAX_SESSIONS) {
            refused(ex, "too many open sessions");
            return Optional.empty();
        }
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        sessions.put(id, now.plus(SESSION));
        return Optional.of(id);
    }

    void logout(HttpExchange ex) {
        String session = cookie(ex);
        if (session != null) {
            sessions.remove(session);
        }
    }

    /** The admin named by the TLS client certificate, if the peer sent one that is an admin's. */
    private Optional<String> admin(HttpExchange ex) {
        if (!(ex instanceof HttpsExchange https)) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = https.getSSLSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException noCertificate) {
            return Optional.empty();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        String cn = SiteAuthenticator.commonName(leaf);
        String name = cn != null && cn.startsWith(AdminCredentials.PREFIX) ? cn.substring(AdminCredentials.PREFIX.length()) : null;
        String serial = leaf.getSerialNumber().toString(16);
        if (name == null || !serial.equalsIgnoreCase(AdminCredentials.admins(layout).get(name))) {
            refused(ex, "client certificate '" + leaf.getSubjectX500Principal().getName() + "' is not a dashboard administrator's");
            return Optional.empty();
        }
        try {
            leaf.checkValidity();
        } catch (CertificateException e) {
            refused(ex, "admin " + name + ": certificate not valid now");
            return Optional.empty();
        }
        if (AdminCredentials.revoked(new Provisioner(layout.root()), new BigInteger(serial, 16))) {
            refused(ex, "admin " + name + ": certificate serial " + serial + " is revoked");
            return Optional.empty();
        }
        return Optional.of("admin " + name);
    }

    private static String cookie(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private void refused(HttpExchange ex, String why) {
        log.accept("dashboard: refused a login from " + address(ex) + ": " + why);
    }

    /** A wrong token: one line each, until the address is blocked (one line more), then none while it is. */
    private void wrongToken(HttpExchange ex, String why) {
        refused(ex, why);
        if (throttle.failed(address(ex), Instant.now())) {
            log.accept("dashboard: " + LoginThrottle.LIMIT + " wrong tokens from " + address(ex) + " within "
                    + LoginThrottle.WINDOW.toSeconds() + " s; its token logins are refused for " + LoginThrottle.WINDOW.toSeconds()
                    + " s, without a line each");
        }
    }

    private static String address(HttpExchange ex) {
        return ex.getRemoteAddress().getAddress().getHostAddress();
    }
}
