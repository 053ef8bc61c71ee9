package org.fedmed.net.dashboard;

import static org.fedmed.net.dashboard.DashboardClients.client;
import static org.fedmed.net.dashboard.DashboardClients.get;
import static org.fedmed.net.dashboard.DashboardClients.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.net.provision.AdminCredentials;
import org.fedmed.net.provision.Provisioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard from the side of a visitor without credentials, with a wrong token, with a site's
 * certificate instead of an admin's, and over plain HTTP; and what a logged-in admin is shown.
 */
class DashboardServerTest {

    /** Every field name the state may carry: aggregates and settings, nothing about a record. */
    private static final Set<String> STATE_FIELDS = Set.of("federation", "rounds_done", "rounds_planned", "points", "round", "accuracy",
            "test_loss", "train_loss", "participants", "aggregated", "sites", "id", "status", "privacy", "level", "delta", "budget",
            "epsilon", "budget_reached", "settings", "strategy", "secure aggregation", "stages", "audit");
    private static final String WRONG_TOKEN = "not-the-token-Zx81qPq";

    @TempDir
    Path dir;
    private Provisioner fed;
    private String token;
    private RoundFeed feed;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private DashboardServer server;

    @BeforeEach
    void start() {
        fed = new Provisioner(dir.resolve("fed"));
        fed.create("ward", List.of("site-1", "site-2", "site-3"), "localhost", 7443, List.of());
        fed.revoke("site-3");
        token = DashboardToken.create(fed.layout());
        feed = new RoundFeed();
        feed.roundFinished(round(1, 0.81));
        PrivacyReport privacy = new PrivacyReport(PrivacyReport.SAMPLE, "DP-SGD", 1e-5, Conversion.IMPROVED, List.of(),
                Map.of("site-1", new PrivacyReport.Site(100, 0.1, 10, 1.0, 2, 0.75, false)));
        DashboardSource source = new DashboardSource("ward", fed.layout(), dir.resolve("run"), 5, () -> feed.points().size(),
                () -> Set.of("site-1"), feed, () -> privacy, 3.0, () -> Map.of("strategy", "fedavg", "secure aggregation", "off"),
                () -> "mean(samples) → sgd(lr=1.0)", DashboardSource.NO_AUDIT_TRAIL);
        server = DashboardServer.start("127.0.0.1", 0, source, log::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static RoundResult round(int r, double accuracy) {
        ClassificationMetrics m = new ClassificationMetrics(100, accuracy, 0, 0, 0, 0.9, 0, new long[2][2]);
        return new RoundResult(r, null, List.of("site-1", "site-2"), Map.of(), true, 0.4, new EvaluationResult(0.3, m), List.of(), 0.1, 0, 0);
    }

    private HttpClient anonymous() throws Exception {
        return client(fed.layout().caCert(), null, null);
    }

    @Test
    void withoutCredentialsOnlyTheLoginPageIsServed() throws Exception {
        HttpClient c = anonymous();
        for (String path : List.of("/api/state", "/events", "/dashboard.js", "/api/report?name=report.json", "/nowhere")) {
            HttpResponse<String> r = get(c, server.port(), path);
            assertEquals(401, r.statusCode(), path);
            assertFalse(r.body().contains("site-1"), path + " leaks the state: " + r.body());
        }
        HttpResponse<String> page = get(c, server.port(), "/");
        assertEquals(303, page.statusCode());
        assertEquals("/login", page.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> form = get(c, server.port(), "/login");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("name=\"token\""), form.body());
        assertTrue(log.isEmpty(), "a visit without credentials is not a refused login: " + log);
    }

    @Test
    void aWrongTokenIsRefusedAndLoggedAsOneLineWithoutTheToken() throws Exception {
        HttpClient c = anonymous();
        HttpResponse<String> r = login(c, server.port(), WRONG_TOKEN);
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("Login refused"), r.body());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty(), "no session for a wrong token");
        assertEquals(401, get(c, server.port(), "/api/state", "Authorization", "Bearer " + WRONG_TOKEN).statusCode());
        assertEquals(2, log.size(), log.toString());
        for (String line : log) {
            assertTrue(line.startsWith("dashboard: refused a login from 127.0.0.1: wrong"), line);
            assertFalse(line.contains(WRONG_TOKEN) || line.contains(token) || line.contains("\n"), line);
        }
    }

    @Test
    void theRightTokenOpensASessionAndTheStateHoldsOnlyAggregates() throws Exception {
        HttpClient c = anonymous();
        HttpResponse<String> r = login(c, server.port(), token);
        assertEquals(303, r.statusCode(), r.body());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains(token), "the session is not the token itself");
        String session = cookie.substring(0, cookie.indexOf(';'));
        HttpResponse<String> state = get(c, server.port(), "/api/state", "Cookie", session);
        assertEquals(200, state.statusCode());
        JsonNode json = new ObjectMapper().readTree(state.body());
        assertEquals("ward", json.get("federation").asText());
        Map<String, String> status = new java.util.TreeMap<>();
        json.get("sites").forEach(s -> status.put(s.get("id").asText(), s.get("status").asText()));
        assertEquals(Map.of("site-1", "online", "site-2", "offline", "site-3", "revoked"), status);
        assertEquals(1, json.get("points").size());
        assertEquals(0.81, json.get("points").get(0).get("accuracy").asDouble(), 1e-12);
        assertEquals(3.0, json.get("privacy").get("budget").asDouble());
        assertEquals(List.of("mean(samples)", "sgd(lr=1.0)"), List.of(json.get("stages").get(0).asText(), json.get("stages").get(1).asText()));
        assertEquals("audit trail: not recorded in this build", json.get("audit").asText());
        Set<String> unknown = new TreeSet<>(fieldNames(json));
        unknown.removeAll(STATE_FIELDS);
        assertTrue(unknown.isEmpty(), "fields the dashboard was not meant to show: " + unknown);
        assertEquals(200, get(c, server.port(), "/dashboard.js", "Authorization", "Bearer " + token).statusCode());
        HttpResponse<String> out = get(c, server.port(), "/logout", "Cookie", session);
        assertEquals(303, out.statusCode());
        assertEquals(401, get(c, server.port(), "/api/state", "Cookie", session).statusCode(), "the session ends at logout");
    }

    @Test
    void anAdminCertificateLogsInAndASiteCertificateDoesNot() throws Exception {
        AdminCredentials.Issued alice = AdminCredentials.issue(fed, "alice", dir.resolve("alice"));
        HttpClient admin = client(alice.caCertificate(), alice.certificate(), alice.privateKey());
        assertEquals(200, get(admin, server.port(), "/api/state").statusCode());
        assertEquals(200, get(admin, server.port(), "/").statusCode());
        assertTrue(log.isEmpty(), log.toString());

        Path kit = fed.layout().kit("site-1");
        HttpClient site = client(kit.resolve("ca.crt"), kit.resolve("node.crt"), kit.resolve("node.key"));
        assertEquals(401, get(site, server.port(), "/api/state").statusCode(), "a hospital's certificate is not an admin's");
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("is not a dashboard administrator's"), log.get(0));
    }

    @Test
    void aRevokedAdminCertificateIsRefused() throws Exception {
        AdminCredentials.Issued bob = AdminCredentials.issue(fed, "bob", dir.resolve("bob"));
        AdminCredentials.revoke(fed, "bob");
        HttpClient admin = client(bob.caCertificate(), bob.certificate(), bob.privateKey());
        assertEquals(401, get(admin, server.port(), "/api/state").statusCode());
        assertTrue(log.get(0).contains("admin bob: certificate serial " + bob.serial() + " is revoked"), log.toString());
    }

    @Test
    void plainHttpIsNotServed() throws Exception {
        StringBuilder answer = new StringBuilder();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(1000);
            s.getOutputStream().write("GET /login HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            for (int b = in.read(); b >= 0 && answer.length() < 64; b = in.read()) {
                answer.append((char) b);
            }
        } catch (SocketTimeoutException | SocketException silent) {
            // the TLS server waits for a handshake or drops the connection: either way no page
        }
        assertFalse(answer.toString().startsWith("HTTP/"), "answered plain HTTP: " + answer);
    }

    @Test
    void reportsAreReadOnlyFromTheRunFolder() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/report.json"), "{\"rounds\":[]}");
        HttpClient c = anonymous();
        String bearer = "Bearer " + token;
        assertEquals("{\"rounds\":[]}", get(c, server.port(), "/api/report?name=report.json", "Authorization", bearer).body());
        for (String name : List.of("..%2Ffed%2Fcoordinator%2Fsites.properties", "..%2Freport.json", "%2Fetc%2Freport.json", "sites.properties")) {
            HttpResponse<String> r = get(c, server.port(), "/api/report?name=" + name, "Authorization", bearer);
            assertEquals(400, r.statusCode(), name + ": " + r.body());
        }
        assertEquals(404, get(c, server.port(), "/api/report?name=old%2Freport.json", "Authorization", bearer).statusCode());
    }

    @Test
    void aStateItCannotReadIsOneLineAndTheDashboardGoesOn() throws Exception {
        Path crl = fed.layout().revocationList();
        byte[] good = Files.readAllBytes(crl);
        Files.writeString(crl, "-----BEGIN X509 CRL-----\ncut in the middle");
        HttpClient c = anonymous();
        HttpResponse<String> broken = get(c, server.port(), "/api/state", "Authorization", "Bearer " + token);
        assertEquals(500, broken.statusCode());
        assertFalse(broken.body().contains("Exception"), broken.body());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("dashboard: /api/state failed: not a valid revocation list: " + crl), log.get(0));
        Files.write(crl, good);
        assertEquals(200, get(c, server.port(), "/api/state", "Authorization", "Bearer " + token).statusCode());
    }

    @Test
    void eventsPushTheStateWhenARoundFinishes() throws Exception {
        HttpClient c = anonymous();
        HttpResponse<InputStream> r = c.send(DashboardClients.request(server.port(), "/events").header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals(1, nextState(in).get("rounds_done").asInt());
            feed.roundFinished(round(2, 0.9));
            JsonNode second = nextState(in);
            assertEquals(2, second.get("rounds_done").asInt());
            assertEquals(2, second.get("points").size());
        }
    }

    private static JsonNode nextState(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("data: ")) {
                return new ObjectMapper().readTree(line.substring(6));
            }
        }
        throw new IOException("the event stream ended");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(e.getKey());
                out.addAll(fieldNames(e.getValue()));
            }
        } else if (n.isArray()) {
            n.forEach(x -> out.addAll(fieldNames(x)));
        }
        return out;
    }
}
