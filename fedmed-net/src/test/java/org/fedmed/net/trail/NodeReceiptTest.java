package org.fedmed.net.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node checks each receipt on arrival: its site, round, kind and digest, and the coordinator's signature on the connection. */
class NodeReceiptTest {

    @Test
    void aReceiptNotSignedByTheConnectedCoordinatorIsSaidAndKeptAsEvidence(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("audit", List.of("north"), "localhost", 0, List.of());
        X509Certificate coordinatorCert = Pem.readCertificate(p.layout().serverCert());
        NodeKit kit = NodeKit.load(p.layout().kit("north"));
        X509Certificate siteCert = Pem.readCertificate(kit.certificate());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        NodeTrail node = NodeTrail.open(kit, new PrintStream(console, true, StandardCharsets.UTF_8));
        byte[] evaluation = Weights.sha256(new byte[] {1, 2, 3});
        try (RunStore store = RunStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath())) {
            store.bindStudy("audit", "receipts", 2);
            CoordinatorTrail coordinator = CoordinatorTrail.open(store, p.layout());
            node.released(1, "evaluation", evaluation, Double.NaN);
            String receipt = coordinator.resultReceived("north", 1, "evaluation", evaluation);

            node.receipt(1, "evaluation", evaluation, receipt, coordinatorCert);
            assertEquals("", console.toString(StandardCharsets.UTF_8), "the connected coordinator's receipt for what was sent");

            // the same receipt, but the connection's certificate is another one: an impostor relays a receipt it did not sign
            node.receipt(1, "evaluation", evaluation, receipt, siteCert);
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("round 1: the receipt for the evaluation is not signed by the"
                    + " coordinator this node is connected to; kept as evidence"), console.toString(StandardCharsets.UTF_8));

            // a receipt for another kind than was sent
            console.reset();
            node.receipt(1, "statistics", evaluation, receipt, coordinatorCert);
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("does not match the statistics sent"),
                    console.toString(StandardCharsets.UTF_8));
        }
        List<ChainEntry> chain = ChainLines.read(kit.dir().resolve(ChainFile.NODE_CHAIN), "node").entries();
        assertEquals(3, chain.stream().filter(e -> e.type().equals(EntryType.RECEIPT)).count(), "all kept as evidence");
    }
}
