package org.fedmed.net.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.fedmed.net.tls.Tls;

/**
 * The coordinator's web dashboard over HTTPS only, with the coordinator's provisioned certificate.
 * Every path but {@code /login} needs a login (see {@link DashboardAuth}): the page redirects to the
 * login form, everything else answers 401. {@code /api/state} gives the state as JSON,
 * {@code /events} streams it as server-sent events when it changes, {@code /api/report?name=} reads a
 * {@code report.json} under the run folder.
 */
public final class DashboardServer implements AutoCloseable {

    private static final int THREADS = 16;
    private static final int MAX_STREAMS = 8;
    private static final Pattern REPORT_NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'";

    private final HttpsServer https;
    private final ExecutorService threads;
    private final DashboardSource source;
    private final DashboardAuth auth;
    private final Consumer<String> log;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private volatile boolean closed;

    private DashboardServer(HttpsServer https, ExecutorService threads, DashboardSource source, Consumer<String> log) {
        this.https = https;
        this.threads = threads;
        this.source = source;
        this.auth = new DashboardAuth(source.layout(), log);
        this.log = log;
    }

    /**
     * Serves on {@code host:port} (port 0: any free one) until closed.
     *
     * @param log where refused logins and failed requests go, one line each
     */
    public static DashboardServer start(String host, int port, DashboardSource source, Consumer<String> log) {
        SSLContext tls = DashboardTls.context(source.layout());
        HttpsServer https;
        try {
            https = HttpsServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard: cannot serve on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(new String[] {Tls.PROTOCOL});
                // an admin may log in with a client certificate; a browser without one gets the login form
                p.setWantClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "fedmed-dashboard");
            t.setDaemon(true);
            return t;
        });
        https.setExecutor(threads);
        DashboardServer server = new DashboardServer(https, threads, source, log);
        https.createContext("/", server::handle);
        https.start();
        return server;
    }

    /** The port it serves on. */
    public int port() {
        return https.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (RuntimeException e) {
            // e.g. an unreadable revocation list: one line on the console, the coordinator goes on
            log.accept("dashboard: " + ex.getRequestURI().getPath() + " failed: " + e.getMessage());
            if (ex.getResponseCode() < 0) {
                send(ex, 500, "text/plain", "the dashboard could not answer; see the coordinator's console\n");
            }
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/login")) {
            login(ex);
            return;
        }
        Optional<String> user = auth.user(ex);
        if (user.isEmpty()) {
            if (path.equals("/")) {
                redirect(ex, "/login", null);
            } else {
                send(ex, 401, "text/plain", "log in first, at /login\n");
            }
            return;
        }
        switch (path) {
            case "/" -> send(ex, 200, "text/html", resource("index.html"));
            case "/dashboard.js" -> send(ex, 200, "text/javascript", resource("dashboard.js"));
            case "/dashboard.css" -> send(ex, 200, "text/css", resource("dashboard.css"));
            case "/api/state" -> send(ex, 200, "application/json", DashboardJson.state(source));
            case "/api/report" -> report(ex);
            case "/events" -> events(ex);
            case "/logout" -> {
                auth.logout(ex);
                redirect(ex, "/login", DashboardAuth.COOKIE + "=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict");
            }
            default -> send(ex, 404, "text/plain", "no such page: " + path + "\n");
        }
    }

    private void login(HttpExchange ex) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, 200, "text/html", loginPage(""));
            return;
        }
        String token = formField(ex.getRequestBody(), "token");
        Optional<String> session = auth.login(ex, token);
        if (session.isEmpty()) {
            send(ex, 401, "text/html", loginPage("<p class=\"refused\" id=\"refused\">Login refused: wrong token.</p>"));
            return;
        }
        redirect(ex, "/", DashboardAuth.COOKIE + "=" + session.get() + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    }

    /** One field of a URL-encoded form (the login form is small: at most 4 KiB are read). */
    private static String formField(InputStream body, String name) throws IOException {
        String form = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
            }
        }
        return "";
    }

    private void report(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String name = query != null && query.startsWith("name=") ? URLDecoder.decode(query.substring(5), StandardCharsets.UTF_8) : "";
        if (!REPORT_NAME.matcher(name).matches() || !name.endsWith("report.json") || name.contains("..")) {
            send(ex, 400, "text/plain", "report: give the name of a report.json under the run folder, e.g. ?report=report.json\n");
            return;
        }
        Path root = source.reports().toAbsolutePath().normalize();
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            send(ex, 404, "text/plain", "report: no " + name + " in the run folder\n");
            return;
        }
        send(ex, 200, "application/json", Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Server-sent events: the state when it changes (at most once a second unless a round finished), a comment to keep alive. */
    private void events(HttpExchange ex) throws IOException {
        if (!streams.tryAcquire()) {
            send(ex, 503, "text/plain", "too many open event streams\n");
            return;
        }
        try {
            headers(ex, "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            String last = null;
            int quiet = 0;
            while (!closed && auth.user(ex).isPresent()) {
                long version = source.feed().version();
                String state = DashboardJson.state(source);
                if (!state.equals(last)) {
                    out.write(("event: state\ndata: " + state + "\n\n").getBytes(StandardCharsets.UTF_8));
                    last = state;
                    quiet = 0;
                } else if (++quiet % 15 == 0) {
                    out.write(": still here\n\n".getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                source.feed().awaitChange(version, 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException browserLeft) {
            // the page was closed or reloaded: its stream ends here
        } finally {
            streams.release();
        }
    }

    private static String loginPage(String message) {
        return resource("login.html").replace("<!--message-->", message);
    }

    private static String resource(String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void headers(HttpExchange ex, String type) {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type + "; charset=utf-8");
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Strict-Transport-Security", "max-age=31536000");
        h.set("Content-Security-Policy", type.equals("text/html") && ex.getRequestURI().getPath().equals("/login")
                ? CSP.replace("style-src 'self'", "style-src 'unsafe-inline'") : CSP);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers(ex, type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void redirect(HttpExchange ex, String to, String cookie) throws IOException {
        headers(ex, "text/plain");
        ex.getResponseHeaders().set("Location", to);
        if (cookie != null) {
            ex.getResponseHeaders().set("Set-Cookie", cookie);
        }
        ex.sendResponseHeaders(303, -1);
    }

    @Override
    public void close() {
        closed = true;
        https.stop(0);
        threads.shutdownNow();
    }
}
