package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.node.NodeCheck;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fedmed node --check`: one line per check, exit code 0 only when all passed, and no study joined. */
class NodeCheckTest {

    private static String check(Provisioner p, String site, String dataset, int[] code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NodeMain.Options o = new NodeMain.Options(p.layout().kit(site), null, dataset, null, null, null, null, null,
                Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(5));
        code[0] = NodeCheck.run(o, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGoodKitPassesAndARevokedOneOrADownCoordinatorIsNamed(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "a", "rev");
        int[] code = new int[1];
        String down = check(p, "a", "wdbc", code);
        assertEquals(1, code[0], down);
        assertTrue(down.contains("FAIL  connection refused at localhost:" + port), down);
        assertTrue(down.contains("ok    certificate issued by the kit's CA"), down);

        p.revoke("rev");
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("a"), Duration.ofSeconds(5), Weights.DEFAULT_CHUNK_BYTES)) {
            String good = check(p, "a", "wdbc", code);
            assertEquals(0, code[0], good);
            assertTrue(good.contains("ok    coordinator localhost:" + port + " accepted this node's certificate"), good);
            assertTrue(good.endsWith("all checks passed\n"), good);
            assertEquals(0, server.connectedSites(), "a check joins no study");

            String revoked = check(p, "rev", "wdbc", code);
            assertEquals(1, code[0], revoked);
            assertTrue(revoked.contains("FAIL  the coordinator at localhost:" + port + " refused this node's certificate"), revoked);

            ByteArrayOutputStream fhirOut = new ByteArrayOutputStream();
            int fhir = NodeCheck.run(new NodeMain.Options(p.layout().kit("a"), Path.of("fhir:" + dir.resolve("exports")), null, null, null,
                    null, null, null, Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(5)), new PrintStream(fhirOut, true, StandardCharsets.UTF_8));
            assertEquals(1, fhir);
            assertTrue(fhirOut.toString(StandardCharsets.UTF_8).contains("FAIL  --data fhir:DIR needs --mapping FILE"),
                    fhirOut.toString(StandardCharsets.UTF_8));

            String badData = check(p, "a", "nosuchdata", code);
            assertEquals(1, code[0], badData);
            assertTrue(badData.contains("FAIL  unknown dataset 'nosuchdata'"), badData);
        }
    }
}
