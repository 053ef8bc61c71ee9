package org.fedmed.net.coordinator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.fedmed.core.privacy.budget.PrivacyReport;

/**
 * The coordinator's monitoring port (config {@code monitor: 127.0.0.1:9464}; bind it to a local or
 * management address): {@code /healthz} answers while the process runs, {@code /readyz} once the
 * coordinator listens for its nodes, and {@code /metrics} gives Prometheus' text format: rounds done
 * and planned, sites of the study and connected, refused connections and messages, bytes each way, and
 * the privacy spent (the study's ε under client-level DP, each site's under DP-SGD). Counts and
 * settings only: nothing about a patient, an update or a model.
 */
public final class MonitorServer implements AutoCloseable {

    private final HttpServer http;

    /** What the metrics read, live. */
    public record Source(Supplier<CoordinatorServer> server, AtomicInteger roundsDone, int rounds,
                         Supplier<PrivacyReport> privacy) {
    }

    private MonitorServer(HttpServer http) {
        this.http = http;
    }

    /** Serves on {@code host:port} (port 0: any free one) until closed. */
    public static MonitorServer start(String host, int port, Source source) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 8);
            http.createContext("/healthz", ex -> reply(ex, 200, "ok\n"));
            http.createContext("/readyz", ex -> {
                boolean ready = source.server().get() != null;
                reply(ex, ready ? 200 : 503, ready ? "ready\n" : "not listening for nodes yet\n");
            });
            http.createContext("/metrics", ex -> reply(ex, 200, metrics(source)));
            http.start();
            return new MonitorServer(http);
        } catch (IOException e) {
            throw new UncheckedIOException("monitor: cannot serve on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port it serves on. */
    public int port() {
        return http.getAddress().getPort();
    }

    static String metrics(Source s) {
        StringBuilder b = new StringBuilder();
        gauge(b, "fedmed_rounds_completed", "Rounds completed and committed by this process.", s.roundsDone().get());
        gauge(b, "fedmed_rounds_planned", "Rounds the study runs.", s.rounds());
        CoordinatorServer srv = s.server().get();
        if (srv != null) {
            gauge(b, "fedmed_sites_study", "Sites of the study.", srv.sites().size());
            gauge(b, "fedmed_sites_connected", "Sites connected now.", srv.connectedSites());
            counter(b, "fedmed_refusals_total", "Connections and messages refused.", srv.refusals().size());
            counter(b, "fedmed_bytes_to_sites_total", "Bytes sent to the sites.", srv.traffic().toSites());
            counter(b, "fedmed_bytes_from_sites_total", "Bytes received from the sites.", srv.traffic().fromSites());
        }
        PrivacyReport p = s.privacy().get();
        if (p != null) {
            if (PrivacyReport.CLIENT.equals(p.level())) {
                gauge(b, "fedmed_privacy_epsilon", "The study's epsilon spent (client-level DP).", p.finalEpsilon());
            } else {
                b.append("# HELP fedmed_site_privacy_epsilon Each site's epsilon spent (sample-level DP-SGD).\n")
                        .append("# TYPE fedmed_site_privacy_epsilon gauge\n");
                for (Map.Entry<String, PrivacyReport.Site> e : p.sites().entrySet()) {
                    b.append("fedmed_site_privacy_epsilon{site=\"").append(e.getKey().replace("\"", "")).append("\"} ")
                            .append(number(e.getValue().epsilon())).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(number(v)).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(number(v)).append('\n');
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
