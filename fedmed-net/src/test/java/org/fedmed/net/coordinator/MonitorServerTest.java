package org.fedmed.net.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.fedmed.core.privacy.accounting.Conversion;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorServerTest {

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthReadinessAndPrometheusMetricsFollowTheCoordinator(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("a", "b"), "localhost", 0, List.of());
        AtomicReference<CoordinatorServer> server = new AtomicReference<>();
        AtomicInteger rounds = new AtomicInteger();
        PrivacyReport privacy = new PrivacyReport(PrivacyReport.SAMPLE, "DP-SGD", 1e-5, Conversion.IMPROVED, List.of(),
                Map.of("a", new PrivacyReport.Site(100, 0.1, 10, 1.0, 2, 0.75, false)));
        try (MonitorServer m = MonitorServer.start("127.0.0.1", 0,
                new MonitorServer.Source(server::get, rounds, 5, () -> privacy))) {
            assertEquals(200, get(m.port(), "/healthz").statusCode());
            assertEquals(503, get(m.port(), "/readyz").statusCode(), "not ready before it listens for nodes");
            try (CoordinatorServer srv = new CoordinatorServer(p.layout(), "test", null, List.of("a", "b"),
                    new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1), Weights.DEFAULT_CHUNK_BYTES)) {
                srv.start();
                server.set(srv);
                rounds.set(3);
                assertEquals(200, get(m.port(), "/readyz").statusCode());
                String metrics = get(m.port(), "/metrics").body();
                assertTrue(metrics.contains("\nfedmed_rounds_completed 3\n"), metrics);
                assertTrue(metrics.contains("\nfedmed_rounds_planned 5\n"), metrics);
                assertTrue(metrics.contains("\nfedmed_sites_study 2\n"), metrics);
                assertTrue(metrics.contains("\nfedmed_sites_connected 0\n"), metrics);
                assertTrue(metrics.contains("# TYPE fedmed_bytes_to_sites_total counter"), metrics);
                assertTrue(metrics.contains("fedmed_site_privacy_epsilon{site=\"a\"} 0.750000"), metrics);
            }
        }
    }
}
