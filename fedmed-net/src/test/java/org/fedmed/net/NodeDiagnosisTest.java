package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's side of a connection that cannot work: one line naming host:port and what to check, the
 * same line when it gives up (exit code 2), and no stack trace; an expired kit is refused before it dials.
 */
class NodeDiagnosisTest {

    private static NodeMain.Options demo(Provisioner p, String site, int giveUpSeconds) {
        return new NodeMain.Options(p.layout().kit(site), null, "wdbc", null, null, null, null, null, Weights.DEFAULT_CHUNK_BYTES,
                Duration.ofSeconds(giveUpSeconds));
    }

    @Test
    void nothingListeningIsNamedWithHostAndPort(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "site-1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = NodeMain.run(demo(p, "site-1", 2), new PrintStream(out, true, StandardCharsets.UTF_8));
        String console = out.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, console);
        assertTrue(console.contains("giving up: no working connection for 2 s (connection refused at localhost:" + port
                + ": is the coordinator running and listening there?)"), console);
        assertFalse(console.contains("\tat "), console);
    }

    @Test
    void aRevokedNodeIsToldItsCertificateIsMostLikelyRevoked(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "a", "rev");
        p.revoke("rev");
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("a"), Duration.ofSeconds(5), Weights.DEFAULT_CHUNK_BYTES)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // give-up time an hour: the node still stops after three refused handshakes (1 + 2 s of backoff)
            long start = System.nanoTime();
            int code = NodeMain.run(demo(p, "rev", 3600), new PrintStream(out, true, StandardCharsets.UTF_8));
            String console = out.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, console);
            assertTrue((System.nanoTime() - start) / 1e9 < 60, console);
            assertTrue(console.contains("giving up after 3 refused handshakes in a row"), console);
            assertTrue(console.contains("the coordinator at localhost:" + port + " refused this node's certificate, which is in date"
                    + " and signed by the kit's CA: it is most likely revoked"), console);
            assertTrue(server.refusals().stream().anyMatch(r -> r.contains("REVOKED")), server.refusals().toString());
        }
    }

    @Test
    void anExpiredKitIsRefusedBeforeTheNodeDials(@TempDir Path dir) {
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), NetFixtures.freePort(), "a");
        Instant now = Instant.now();
        p.addSite("old", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeMain.run(demo(p, "old", 2), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("this node's certificate expired on"), e.getMessage());
    }
}
