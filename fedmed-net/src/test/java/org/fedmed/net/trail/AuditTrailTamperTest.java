package org.fedmed.net.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fedmed.core.trail.AuditTrail;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.core.trail.Problem;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.provision.Provisioner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way to tamper with a federation's audit chains, done the way an insider would (SQL on the run
 * store, edits of an exported chain, a rewritten and re-signed coordinator chain), and the verifier
 * naming the entry and the reason.
 */
class AuditTrailTamperTest {

    @TempDir
    static Path template;
    @TempDir
    Path dir;

    /** Written once (signing is the slow part), copied for each test to tamper with. */
    @BeforeAll
    static void writeOnce() {
        SyntheticChain.write(template, 4, 3);
    }

    private SyntheticChain.Written written() throws Exception {
        try (Stream<Path> files = Files.walk(template)) {
            for (Path from : files.toList()) {
                Path to = dir.resolve(template.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path fed = dir.resolve("fed");
        List<Path> kits = List.of(fed.resolve("kits/site-1"), fed.resolve("kits/site-2"), fed.resolve("kits/site-3"));
        return new SyntheticChain.Written(fed, fed.resolve("coordinator"),
                "jdbc:h2:file:" + fed.resolve("coordinator/state/fedmed").toAbsolutePath(), kits);
    }

    private TrailVerification.Report verify(SyntheticChain.Written w, TrailVerification.CoordinatorSource source) {
        return TrailVerification.verify(source, w.coordinatorDir().resolve("ca.crt"), w.coordinatorDir().resolve("revoked.crl"), w.kits());
    }

    private TrailVerification.Report verify(SyntheticChain.Written w) {
        return verify(w, TrailVerification.coordinator(w.coordinatorDir().toString()));
    }

    private static void sql(SyntheticChain.Written w, String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(w.jdbcUrl()); Statement st = c.createStatement()) {
            assertTrue(st.executeUpdate(statement) > 0, statement);
        }
    }

    private static Problem find(TrailVerification.Report r, String text) {
        return r.problems().stream().filter(p -> p.reason().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem saying '" + text + "' in " + r.problems()));
    }

    private static List<ChainEntry> entries(List<String> lines) {
        return ChainLines.parse(lines, "coordinator", "test").entries();
    }

    private static long seqOf(List<ChainEntry> chain, String type, int round) {
        return chain.stream().filter(e -> e.type().equals(type) && e.round() == round).findFirst().orElseThrow().seq();
    }

    @Test
    void anUntouchedChainVerifies() throws Exception {
        SyntheticChain.Written w = written();
        TrailVerification.Report r = verify(w);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(), r.warnings());
        List<ChainEntry> chain = entries(TrailVerification.coordinator(w.jdbcUrl()).lines());
        // coordinator: opened, study, 3 joins, per round start + 3 updates + 3 evaluations + close + root, model;
        // nodes: opened + per round an update and an evaluation, each released and receipted
        assertEquals(5 + 4 * 9 + 1, chain.size());
        assertEquals("ok: " + (42 + 3 * (1 + 4 * 4)) + " entries, 4 rounds, 3 nodes cross-checked", r.summary());
    }

    @Test
    void anEditedPrivacyEntryIsNamed() throws Exception {
        SyntheticChain.Written w = written();
        sql(w, "UPDATE fedmed_study_audit SET line = REPLACE(line, '\"epsilon\":\"0.100000\"', '\"epsilon\":\"0.0100000\"')"
                + " WHERE entry_type = 'round_closed' AND round_no = 2");
        TrailVerification.Report r = verify(w);
        long seq = seqOf(entries(TrailVerification.coordinator(w.jdbcUrl()).lines()), EntryType.ROUND_CLOSED, 2);
        assertEquals(List.of(new Problem("coordinator", seq, "its content does not match its hash: the round_closed entry of round 2"
                + " was edited")), r.problems());
        assertFalse(r.ok());
    }

    @Test
    void aDeletedRoundIsNamed() throws Exception {
        SyntheticChain.Written w = written();
        List<ChainEntry> before = entries(TrailVerification.coordinator(w.jdbcUrl()).lines());
        sql(w, "DELETE FROM fedmed_study_audit WHERE round_no = 2");
        TrailVerification.Report r = verify(w);
        Problem missing = find(r, "round 3 closes after round 1: round 2 is missing");
        assertEquals(seqOf(before, EntryType.ROUND_CLOSED, 3), missing.seq());
        Problem gap = find(r, "entries before it were deleted or moved");
        assertEquals(seqOf(before, EntryType.ROUND_STARTED, 3), gap.seq());
        // and the sites hold receipts for the deleted updates
        Problem receipt = find(r, "missing, but site site-1 holds the coordinator's signed receipt");
        assertEquals("coordinator", receipt.chain());
    }

    @Test
    void twoSwappedRoundsAreNamed() throws Exception {
        SyntheticChain.Written w = written();
        List<String> lines = TrailVerification.coordinator(w.jdbcUrl()).lines();
        List<ChainEntry> chain = entries(lines);
        List<String> round2 = new ArrayList<>();
        List<String> round3 = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            int round = chain.get(i).round();
            if (round == 2) {
                round2.add(lines.get(i));
            } else if (round == 3) {
                round3.add(lines.get(i));
            } else {
                if (!round2.isEmpty() && !round3.isEmpty()) {
                    out.addAll(round3);
                    out.addAll(round2);
                    round2.clear();
                    round3.clear();
                }
                out.add(lines.get(i));
            }
        }
        Path export = Files.write(dir.resolve("swapped.jsonl"), out, StandardCharsets.UTF_8);
        TrailVerification.Report r = verify(w, TrailVerification.coordinator(export.toString()));
        Problem swapped = find(r, "round 2 closes after round 3: rounds swapped or replayed");
        assertEquals(seqOf(chain, EntryType.ROUND_CLOSED, 2), swapped.seq());
        assertEquals(seqOf(chain, EntryType.ROUND_STARTED, 3), find(r, "entries before it were deleted or moved").seq());
        assertEquals(seqOf(chain, EntryType.ROUND_STARTED, 2), find(r, "an entry was duplicated or moved").seq());
        find(r, "does not link to the entry before it");
    }

    @Test
    void anEntrySignedAfterItsKeyWasRevokedIsNamed() throws Exception {
        SyntheticChain.Written w = written();
        new Provisioner(w.root()).revoke("site-2");
        // rounds signed before the revocation stay valid history
        assertEquals(List.of(), verify(w).problems());
        // the site's key signs again a minute later (CRL times have a resolution of one second)
        NodeKit kit = NodeKit.load(w.kits().get(1));
        AuditTrail late = new AuditTrail(new ChainFile(kit.dir().resolve(ChainFile.NODE_CHAIN)), "site-2",
                Pem.readCertificate(kit.certificate()).getEncoded(), Pem.readPrivateKey(kit.privateKey()),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
        late.append(EntryType.RELEASED, 5, Map.of("kind", "evaluation", "digest", "00".repeat(32)));
        TrailVerification.Report r = verify(w);
        Problem revoked = find(r, "with the certificate of site-2 (serial");
        assertEquals("node site-2", revoked.chain());
        assertEquals(1 + 4 * 4 + 1, revoked.seq());
        assertTrue(revoked.reason().contains("revoked at"), revoked.reason());
        assertEquals(1, r.problems().size(), r.problems().toString());
    }

    @Test
    void aForgedEntryByAnUnknownSignerIsNamed() throws Exception {
        SyntheticChain.Written w = written();
        List<String> lines = new ArrayList<>(TrailVerification.coordinator(w.jdbcUrl()).lines());
        List<ChainEntry> chain = entries(lines);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ChainEntry last = chain.get(chain.size() - 1);
        ChainEntry forged = ChainEntry.sign(last, last.time(), "coordinator", "ab".repeat(32), EntryType.UPDATE_RECEIVED, 4,
                Map.of("site", "site-1", "digest", "00".repeat(32)), g.generateKeyPair().getPrivate());
        lines.add(forged.toJson());
        Path export = Files.write(dir.resolve("forged.jsonl"), lines, StandardCharsets.UTF_8);
        TrailVerification.Report r = verify(w, TrailVerification.coordinator(export.toString()));
        Problem p = find(r, "signed by an unknown key abababababababab");
        assertEquals(last.seq() + 1, p.seq());
        assertTrue(p.reason().endsWith("(forged entry)"), p.reason());
    }

    @Test
    void aCoordinatorThatRewritesAndReSignsItsChainIsCaughtByTheReceipts() throws Exception {
        SyntheticChain.Written w = written();
        long target = rewriteCoordinatorEntry(w, EntryType.UPDATE_RECEIVED, 3);
        TrailVerification.Report r = verify(w);
        // its own chain is consistent again: only the site's receipt tells
        assertTrue(r.problems().stream().noneMatch(p -> p.reason().contains("hash") || p.reason().contains("signature")), r.problems().toString());
        Problem changed = find(r, "disagrees with the receipt site site-1 holds for round 3");
        assertEquals(target, changed.seq());
        assertEquals(target, find(r, "records an update from site site-1 in round 3 that the site's chain does not show").seq());
    }

    @Test
    void aCoordinatorThatRewritesARecordedEvaluationIsCaughtByTheSitesReceipt() throws Exception {
        SyntheticChain.Written w = written();
        long target = rewriteCoordinatorEntry(w, EntryType.RESULT_RECEIVED, 2);
        TrailVerification.Report r = verify(w);
        assertEquals(target, find(r, "disagrees with the receipt site site-1 holds for round 2").seq());
        assertEquals(target, find(r, "records a result (evaluation) from site site-1 in round 2 that the site's chain does not show").seq());
    }

    /** The coordinator re-signs its chain with site-1's {@code type} entry of {@code round} holding another digest; returns its number. */
    private static long rewriteCoordinatorEntry(SyntheticChain.Written w, String type, int round) throws Exception {
        List<ChainEntry> chain = entries(TrailVerification.coordinator(w.jdbcUrl()).lines());
        long target = chain.stream().filter(e -> e.type().equals(type) && e.round() == round
                && "site-1".equals(e.payload().get("site"))).findFirst().orElseThrow().seq();
        List<ChainEntry> rewritten = ChainRewrite.rewrite(chain, target, Map.of("digest", "11".repeat(32)),
                Pem.readPrivateKey(w.coordinatorDir().resolve("server.key")));
        try (Connection c = DriverManager.getConnection(w.jdbcUrl()); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM fedmed_study_audit");
            for (ChainEntry e : rewritten) {
                st.executeUpdate("INSERT INTO fedmed_study_audit (study, seq, entry_time, author, entry_type, round_no, line) VALUES ('"
                        + SyntheticChain.STUDY + "', " + e.seq()
                        + ", CURRENT_TIMESTAMP, 'coordinator', '" + e.type() + "', " + e.round() + ", '" + e.toJson() + "')");
            }
        }
        return target;
    }

    @Test
    void aNodeThatReSignsItsChainWithAnAlteredReceiptIsCaught() throws Exception {
        SyntheticChain.Written w = written();
        Path file = w.kits().get(0).resolve(ChainFile.NODE_CHAIN);
        List<ChainEntry> node = ChainLines.read(file, "node").entries();
        ChainEntry receipt = node.stream().filter(e -> e.type().equals(EntryType.RECEIPT) && e.round() == 2).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> held = new LinkedHashMap<>((Map<String, Object>) receipt.payload().get("receipt"));
        Map<String, Object> payload = new LinkedHashMap<>((Map<String, Object>) held.get("payload"));
        payload.put("digest", "22".repeat(32)); // "the coordinator accepted something else from me"
        held.put("payload", payload);
        List<ChainEntry> rewritten = ChainRewrite.rewrite(node, receipt.seq(), Map.of("receipt", held),
                Pem.readPrivateKey(w.kits().get(0).resolve("node.key")));
        Files.write(file, rewritten.stream().map(ChainEntry::toJson).toList(), StandardCharsets.UTF_8);
        TrailVerification.Report r = verify(w);
        // the node's own chain is consistent (its key), but the receipt is not the coordinator's
        Problem forged = find(r, "the receipt of round 2 is not signed by the coordinator (forged or edited receipt)");
        assertEquals(new Problem("node site-1", receipt.seq(), forged.reason()), forged);
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertEquals(List.of("node site-1: no receipt for the update of round 2 (its upload may not have completed)"), r.warnings());
    }

    @Test
    void entriesReSignedByAnotherKeyAreNamedEntryByEntry() throws Exception {
        SyntheticChain.Written w = written();
        List<ChainEntry> chain = entries(TrailVerification.coordinator(w.jdbcUrl()).lines());
        long from = seqOf(chain, EntryType.ROUND_CLOSED, 3);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        List<ChainEntry> rewritten = ChainRewrite.rewrite(chain, from, Map.of("aggregated", false), g.generateKeyPair().getPrivate());
        Path export = Files.write(dir.resolve("resigned.jsonl"), rewritten.stream().map(ChainEntry::toJson).toList(), StandardCharsets.UTF_8);
        // the default check verifies the newest entry's signature, sees it fail, then names every entry
        List<Problem> signatures = verify(w, TrailVerification.coordinator(export.toString())).problems().stream()
                .filter(p -> p.reason().contains("the signature of coordinator does not verify")).toList();
        assertEquals(chain.size() - from + 1, signatures.size(), signatures.toString());
        assertEquals(from, signatures.get(0).seq());
    }

    @Test
    void aChainFileCutInTheMiddleIsNamedAndNothingChanges() throws Exception {
        SyntheticChain.Written w = written();
        List<String> lines = TrailVerification.coordinator(w.jdbcUrl()).lines();
        String text = String.join("\n", lines) + "\n";
        int cut = text.indexOf('\n', text.length() / 2) - 40; // inside the line after the middle
        Path export = Files.writeString(dir.resolve("cut.jsonl"), text.substring(0, cut), StandardCharsets.UTF_8);
        byte[] before = Files.readAllBytes(export);
        TrailVerification.Report r = verify(w, TrailVerification.coordinator(export.toString()));
        Problem p = find(r, "is cut off or not JSON");
        long line = text.substring(0, cut).chars().filter(ch -> ch == '\n').count() + 1;
        assertTrue(p.reason().contains("line " + line + " is cut off"), p.reason());
        assertEquals(line, p.seq());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(export)));
        // a node whose own chain file was cut refuses to extend it rather than build on a broken chain
        Path nodeChain = w.kits().get(0).resolve(ChainFile.NODE_CHAIN);
        String node = Files.readString(nodeChain);
        Files.writeString(nodeChain, node.substring(0, node.length() - 30));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> NodeTrail.open(NodeKit.load(w.kits().get(0)), System.out));
        assertTrue(e.getMessage().startsWith("refusing to extend " + nodeChain), e.getMessage());
    }

    @Test
    void theNodeChainIsOwnerOnly() throws Exception {
        SyntheticChain.Written w = written();
        assertFalse(org.fedmed.net.OwnerOnly.othersMayRead(w.kits().get(0).resolve(ChainFile.NODE_CHAIN)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(w.kits().get(0).resolve(ChainFile.NODE_CHAIN))));
    }
}
