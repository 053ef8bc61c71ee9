package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedmed.cli.CliRun;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.trail.ChainFile;
import org.fedmed.net.trail.ChainLines;
import org.fedmed.net.trail.TrailVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployed study (coordinator and three nodes over mutual TLS on loopback) leaves a coordinator
 * chain in its run store and one chain per node in its kit; `fedmed audit verify` finds them intact
 * and every node's receipts in the coordinator's record, from the store and from an export.
 */
class AuditTrailDeploymentTest {

    @Test
    void aDeployedStudysChainsVerifyAndCrossCheck(@TempDir Path dir) throws Exception {
        InProcessDeployment.Run run = InProcessDeployment.run(dir, "wdbc", 3, 5, 2, "");
        assertEquals(2, run.outcome().federation().rounds().size(), run.console());
        String store = "jdbc:h2:file:" + dir.resolve("state").toAbsolutePath();
        Path ca = dir.resolve("fed/coordinator/ca.crt");
        List<Path> kits = List.of(dir.resolve("fed/kits/site-1"), dir.resolve("fed/kits/site-2"), dir.resolve("fed/kits/site-3"));

        List<ChainEntry> chain = ChainLines.parse(TrailVerification.coordinator(store).lines(), "coordinator", store).entries();
        assertEquals(3, chain.stream().filter(e -> e.type().equals(EntryType.SITE_JOINED)).count());
        // the coordinator's operational settings are in the chain from the study's creation on
        assertTrue(chain.stream().anyMatch(e -> e.type().equals(EntryType.STUDY_CREATED) && e.payload().get("configuration") != null));
        assertEquals(6, chain.stream().filter(e -> e.type().equals(EntryType.UPDATE_RECEIVED)).count());
        assertEquals(6, chain.stream().filter(e -> e.type().equals(EntryType.RESULT_RECEIVED)).count(), "3 sites' evaluations, 2 rounds");
        assertEquals(2, chain.stream().filter(e -> e.type().equals(EntryType.ROUND_ROOT)).count());
        assertEquals(EntryType.MODEL_RELEASED, chain.get(chain.size() - 1).type());
        for (Path kit : kits) {
            List<ChainEntry> node = ChainLines.read(kit.resolve(ChainFile.NODE_CHAIN), "node").entries();
            // a signed receipt for each update and for each evaluation (one per round)
            assertEquals(4, node.stream().filter(e -> e.type().equals(EntryType.RECEIPT)).count(), kit.toString());
            assertEquals(2, node.stream().filter(e -> "evaluation".equals(e.payload().get("kind"))).count(), kit.toString());
            assertEquals(2, node.stream().filter(e -> "update".equals(e.payload().get("kind"))).count(), kit.toString());
            // the hospital's approval is in its own chain, before anything it released
            int approved = node.stream().filter(e -> e.type().equals(EntryType.STUDY_APPROVED)).findFirst().map(node::indexOf).orElse(-1);
            int released = node.stream().filter(e -> e.type().equals(EntryType.RELEASED)).findFirst().map(node::indexOf).orElse(-1);
            assertTrue(approved >= 0 && approved < released, kit + ": study_approved at " + approved + ", first release at " + released);
        }

        TrailVerification.Report r = TrailVerification.verify(TrailVerification.coordinator(store), ca, null, kits);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(), r.warnings());
        assertEquals(2, r.rounds());

        String[] fromStore = cli("audit", "verify", "--coordinator", store, "--ca", ca.toString(), "--node", kits.get(0).toString(),
                "--node", kits.get(1).toString(), "--node", kits.get(2).toString());
        assertEquals("0", fromStore[0], fromStore[1] + fromStore[2]);
        assertTrue(fromStore[1].endsWith("ok: " + r.entries() + " entries, 2 rounds, 3 nodes cross-checked\n"), fromStore[1]);

        String[] export = cli("audit", "export", "--coordinator", store);
        assertEquals("0", export[0], export[2]);
        Path file = Files.writeString(dir.resolve("chain.jsonl"), export[1], StandardCharsets.UTF_8);
        String[] fromExport = cli("audit", "verify", "--coordinator", file.toString(), "--ca", ca.toString(), "--node",
                kits.get(0).toString());
        assertEquals("0", fromExport[0], fromExport[1] + fromExport[2]);
    }

    private static String[] cli(String... args) {
        return CliRun.of(args).asArray();
    }
}
