package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hospital's commands: the coordinator's check prints the study digest, the operator approves it
 * for the node's kit, lists and withdraws approvals; a malformed policy stops the node before it
 * connects and fails its check, naming the file and the key.
 */
class NodeApprovalCommandTest {

    @Test
    void theDigestTheCoordinatorPrintsIsApprovedListedAndWithdrawnInTheKit(@TempDir Path dir) throws Exception {
        assertEquals(0, CliRun.of("provision", "--federation", "heart-study", "--sites", "north", "--out", dir.resolve("fed").toString(),
                "--port", "1").code());
        Path kit = dir.resolve("fed").resolve("kits").resolve("north");
        CliRun check = CliRun.of("coordinator", "--config", dir.resolve("fed/coordinator/federation.yaml").toString(), "--check");
        Matcher m = Pattern.compile("ok    study digest ([0-9a-f]{16}) \\(full: ([0-9a-f]{64})\\)").matcher(check.out());
        assertTrue(m.find(), check.out());
        assertTrue(check.out().contains("hospitals approve it with: fedmed node approve --kit KIT_DIR " + m.group(2)), check.out());

        CliRun approve = CliRun.of("node", "approve", "--kit", kit.toString(), m.group(2));
        assertEquals(0, approve.code(), approve.err());
        assertTrue(approve.out().startsWith("approved study " + m.group(1) + " (" + m.group(2) + ") in " + kit.resolve("approvals.yaml")),
                approve.out());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kit.resolve("approvals.yaml"))));
        CliRun list = CliRun.of("node", "approvals", "--kit", kit.toString());
        assertTrue(list.out().startsWith("study approval: 1 approved study in approvals.yaml, no policy.yaml\n1 approved study (")
                && list.out().contains("  " + m.group(1) + "  approved "), list.out());

        CliRun revoke = CliRun.of("node", "revoke-approval", "--kit", kit.toString(), m.group(1));
        assertEquals(0, revoke.code(), revoke.err());
        assertTrue(CliRun.of("node", "approvals", "--kit", kit.toString()).out().contains("\n0 approved studies ("));
        CliRun again = CliRun.of("node", "revoke-approval", "--kit", kit.toString(), m.group(1));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("fedmed: error: no approved study has digest " + m.group(1)), again.err());

        CliRun notAKit = CliRun.of("node", "approve", "--kit", dir.toString(), m.group(2));
        assertEquals(1, notAKit.code());
        assertTrue(notAKit.err().contains(dir + " is not a node kit (no node.properties)"), notAKit.err());
        CliRun shortUnseen = CliRun.of("node", "approve", "--kit", kit.toString(), m.group(1));
        assertEquals(1, shortUnseen.code());
        assertTrue(shortUnseen.err().contains("this node has not seen a study with digest " + m.group(1)), shortUnseen.err());
    }

    @Test
    void aMalformedPolicyStopsTheNodeAtStartupAndFailsItsCheckNamingFileAndKey(@TempDir Path dir) throws Exception {
        assertEquals(0, CliRun.of("provision", "--federation", "heart-study", "--sites", "north", "--out", dir.resolve("fed").toString(),
                "--port", "1").code());
        Path kit = dir.resolve("fed").resolve("kits").resolve("north");
        Path policy = Files.writeString(kit.resolve("policy.yaml"), "coordinators: [CN=coordinator]\nmax_rounds: twenty\n");
        String line = policy + ": key 'max_rounds' must be a whole number of at least 1, got 'twenty'";

        CliRun node = CliRun.of("node", "--kit", kit.toString(), "--dataset", "wdbc", "--give-up-seconds", "1");
        assertEquals(1, node.code());
        assertEquals("fedmed: error: " + line, node.err().strip());
        CliRun check = CliRun.of("node", "--kit", kit.toString(), "--dataset", "wdbc", "--check");
        assertEquals(1, check.code());
        assertTrue(check.out().contains("FAIL  " + line), check.out());

        Files.delete(policy);
        CliRun fine = CliRun.of("node", "--kit", kit.toString(), "--dataset", "wdbc", "--check");
        assertTrue(fine.out().contains("ok    study approval: 0 approved studies in approvals.yaml, no policy.yaml; a study runs only"
                + " after `fedmed node approve --kit " + kit + " DIGEST`"), fine.out());
    }
}
