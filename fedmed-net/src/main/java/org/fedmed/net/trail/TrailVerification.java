package org.fedmed.net.trail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.ChainVerifier;
import org.fedmed.core.trail.CrossCheck;
import org.fedmed.core.trail.EntryType;
import org.fedmed.core.trail.Problem;
import org.fedmed.core.trail.Signers;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Pem;
import org.fedmed.net.store.AuditChainTable;

/**
 * {@code fedmed audit verify}: reads the coordinator's chain (its state directory, a JDBC URL or an
 * exported JSON-lines file) and the nodes' chains (their kits), checks each chain, then holds every
 * node's chain against the coordinator's. It only reads.
 */
public final class TrailVerification {

    /** What was checked and what was found. */
    public record Report(List<Problem> problems, List<String> warnings, int entries, int rounds, int nodes) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public String summary() {
            return ok() ? "ok: " + entries + " entries, " + rounds + " rounds, " + nodes + (nodes == 1 ? " node" : " nodes") + " cross-checked"
                    : problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + entries + " entries";
        }
    }

    /** Where a coordinator chain comes from, with the CA and revocation list found beside it (or null). */
    public record CoordinatorSource(String description, List<String> lines, Path ca, Path crl) {
    }

    private record Node(String site, ChainLines.Parsed chain) {
    }

    private TrailVerification() {
    }

    /**
     * Resolves {@code --coordinator}: a {@code jdbc:} URL, a JSON-lines file, the coordinator's
     * directory ({@code fed/coordinator}, its H2 store under {@code state/}) or the federation's.
     */
    public static CoordinatorSource coordinator(String where) {
        return coordinator(where, null);
    }

    /** @param study the study's name in a run store holding several, or null for its only one (ignored for a file) */
    public static CoordinatorSource coordinator(String where, String study) {
        if (where.startsWith("jdbc:")) {
            return new CoordinatorSource(where, AuditChainTable.readLines(where, study), null, null);
        }
        Path p = Path.of(where);
        if (Files.isRegularFile(p)) {
            return new CoordinatorSource(p.toString(), ChainLines.readLines(p), null, null);
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException("--coordinator " + where + ": no such directory or file (give the coordinator's"
                    + " directory, a jdbc: URL or an exported .jsonl)");
        }
        Path dir = Files.isDirectory(p.resolve("coordinator")) ? p.resolve("coordinator") : p;
        Path db = dir.resolve("state").resolve("fedmed");
        String url = "jdbc:h2:file:" + db.toAbsolutePath();
        Path crl = dir.resolve("revoked.crl");
        return new CoordinatorSource(url, AuditChainTable.readLines(url, study), dir.resolve("ca.crt"), Files.exists(crl) ? crl : null);
    }

    /**
     * @param ca   the federation CA certificate (required: from --ca or beside the coordinator)
     * @param crl  its revocation list, or null
     * @param kits node kits (or their chain files)
     */
    public static Report verify(CoordinatorSource source, Path ca, Path crl, List<Path> kits) {
        return verify(source, ca, crl, kits, false);
    }

    /**
     * @param everySignature check every entry's signature, not only those that cover the rest through
     *                       the hash links (see {@link ChainVerifier})
     */
    public static Report verify(CoordinatorSource source, Path ca, Path crl, List<Path> kits, boolean everySignature) {
        if (ca == null || !Files.isRegularFile(ca)) {
            throw new IllegalArgumentException(ca == null ? "give --ca FILE (the federation CA certificate, ca.crt)"
                    : "no CA certificate at " + ca);
        }
        X509CRL revocations = crl == null ? null : Pem.readCrl(crl);
        Signers signers = new Signers(Pem.readCertificate(ca), revocations);
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ChainLines.Parsed coordinator = ChainLines.parse(source.lines(), "coordinator", source.description());
        problems.addAll(coordinator.problems());
        List<Node> nodes = new ArrayList<>();
        for (Path kit : kits) {
            Path file = Files.isDirectory(kit) ? kit.resolve(ChainFile.NODE_CHAIN) : kit;
            ChainLines.Parsed node = ChainLines.read(file, "node " + kit.getFileName());
            String site = Files.isDirectory(kit) ? NodeKit.load(kit).siteId()
                    : node.entries().isEmpty() ? String.valueOf(kit.getFileName()) : node.entries().get(0).author();
            nodes.add(new Node(site, node));
        }
        // each chain on its own, side by side: signature checks are nearly all of the time (each chain introduces its own author's key)
        List<List<Problem>> own = IntStream.rangeClosed(0, nodes.size()).parallel().mapToObj(i -> i == 0
                ? check("coordinator", CoordinatorTrail.AUTHOR, coordinator.entries(), signers, everySignature)
                : check("node " + nodes.get(i - 1).site(), nodes.get(i - 1).site(), nodes.get(i - 1).chain().entries(), signers,
                        everySignature))
                .toList();
        own.forEach(problems::addAll);
        int entries = coordinator.entries().size();
        for (Node n : nodes) {
            String name = "node " + n.site();
            n.chain().problems().forEach(p -> problems.add(new Problem(name, p.seq(), p.reason())));
            CrossCheck.Result x = CrossCheck.check(coordinator.entries(), n.site(), n.chain().entries(), signers);
            problems.addAll(x.problems());
            warnings.addAll(x.warnings());
            entries += n.chain().entries().size();
        }
        int rounds = (int) coordinator.entries().stream().filter(e -> EntryType.ROUND_CLOSED.equals(e.type())).count();
        return new Report(sorted(problems), warnings, entries, rounds, kits.size());
    }

    private static List<Problem> check(String name, String author, List<ChainEntry> chain, Signers signers, boolean every) {
        return every ? ChainVerifier.verifyEverySignature(name, author, chain, signers) : ChainVerifier.verify(name, author, chain, signers);
    }

    /** Problems by chain (coordinator first), then entry. */
    private static List<Problem> sorted(List<Problem> problems) {
        List<Problem> out = new ArrayList<>(problems);
        out.sort((a, b) -> {
            int c = Boolean.compare(!a.chain().equals("coordinator"), !b.chain().equals("coordinator"));
            c = c != 0 ? c : a.chain().compareTo(b.chain());
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
        });
        return out;
    }
}
