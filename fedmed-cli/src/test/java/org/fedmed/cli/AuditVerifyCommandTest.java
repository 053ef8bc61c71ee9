package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.trail.ChainLines;
import org.fedmed.net.trail.SyntheticChain;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `fedmed audit verify` and `export` as an auditor runs them, untouched chains and bad input alike. */
class AuditVerifyCommandTest {

    @TempDir
    static Path chains;
    private static SyntheticChain.Written w;
    @TempDir
    Path dir;

    /** The chains are only read: written once for all tests. */
    @BeforeAll
    static void write() {
        w = SyntheticChain.write(chains, 3, 2);
    }

    private String[] verify(String coordinator, String... more) {
        List<String> args = new ArrayList<>(List.of("audit", "verify", "--coordinator", coordinator));
        if (!coordinator.equals(w.coordinatorDir().toString())) {
            args.addAll(List.of("--ca", w.coordinatorDir().resolve("ca.crt").toString()));
        }
        for (Path kit : w.kits()) {
            args.addAll(List.of("--node", kit.toString()));
        }
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new)).asArray();
    }

    private Path export() throws Exception {
        String[] r = CliRun.of("audit", "export", "--coordinator", w.coordinatorDir().toString()).asArray();
        assertEquals("0", r[0], r[2]);
        return Files.writeString(dir.resolve("chain.jsonl"), r[1], StandardCharsets.UTF_8);
    }

    @Test
    void anUntouchedChainIsOkFromTheDirectoryTheStoreAndTheExport() throws Exception {
        // opened, study, 2 joins, 7 per round (start, 2 updates, 2 evaluations, close, root), model;
        // per node opened + 4 per round (update and evaluation, each released and receipted)
        int entries = 4 + 3 * 7 + 1 + 2 * (1 + 4 * 3);
        String ok = "ok: " + entries + " entries, 3 rounds, 2 nodes cross-checked\n";
        String[] fromDir = verify(w.coordinatorDir().toString());
        assertEquals("0", fromDir[0], fromDir[1] + fromDir[2]);
        assertEquals(ok, fromDir[1]);
        assertEquals(ok, verify(w.jdbcUrl())[1]);
        assertEquals(ok, verify(export().toString())[1]);
    }

    @Test
    void anUnknownSignerIsOneLinePerEntryAndExitOne() throws Exception {
        Path export = export();
        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        ChainEntry last = ChainLines.parse(lines, "c", "t").entries().get(lines.size() - 1);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        lines.add(ChainEntry.sign(last, last.time(), "coordinator", "cd".repeat(32), EntryType.MODEL_RELEASED, 0,
                Map.of("model", "00".repeat(32)), g.generateKeyPair().getPrivate()).toJson());
        Files.write(export, lines);
        byte[] before = Files.readAllBytes(export);
        String[] r = verify(export.toString());
        assertEquals("1", r[0]);
        assertEquals("coordinator entry " + (last.seq() + 1) + ": signed by an unknown key cdcdcdcdcdcdcdcd…: no certificate of the"
                + " federation CA introduced it (forged entry)\n1 problem in " + (lines.size() + 2 * 13) + " entries\n", r[1]);
        assertEquals("", r[2]);
        assertArrayEquals(before, Files.readAllBytes(export), "verify changes nothing");
    }

    @Test
    void aTruncatedChainFileIsNamedWithoutAStackTrace() throws Exception {
        Path export = export();
        String text = Files.readString(export);
        Files.writeString(export, text.substring(0, text.length() - 100));
        String[] r = verify(export.toString());
        assertEquals("1", r[0]);
        assertTrue(r[1].contains(" line " + text.lines().count() + " is cut off or not JSON"), r[1]);
        assertFalse(r[1].contains("Exception") || r[2].contains("Exception"), r[1] + r[2]);
    }

    @Test
    void badArgumentsAreOneLine() {
        String[] missing = CliRun.of("audit", "verify", "--coordinator", dir.resolve("nowhere").toString()).asArray();
        assertEquals("1", missing[0]);
        assertEquals("fedmed: error: --coordinator " + dir.resolve("nowhere") + ": no such directory or file (give the coordinator's"
                + " directory, a jdbc: URL or an exported .jsonl)\n", missing[2]);
        String[] noCa = CliRun.of("audit", "verify", "--coordinator", w.jdbcUrl()).asArray();
        assertEquals("1", noCa[0]);
        assertEquals("fedmed: error: give --ca FILE (the federation CA certificate, ca.crt)\n", noCa[2]);
        String[] noStore = CliRun.of("audit", "export", "--coordinator", "jdbc:h2:file:" + dir.resolve("none")).asArray();
        assertEquals("1", noStore[0]);
        assertTrue(noStore[2].startsWith("fedmed: error: no run store at jdbc:h2:file:"), noStore[2]);
        assertFalse(Files.exists(dir.resolve("none.mv.db")), "a missing store is not created");
    }
}
