package org.fedmed.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedmed.core.trail.Problem;
import org.fedmed.net.trail.TrailVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fedmed audit verify}: checks the coordinator's audit chain and the nodes' chains, and holds
 * them against each other. Every problem is one line naming the chain, the entry and the reason; exit
 * 1 on any. It only reads.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Verify the federation's signed audit chains (docs/AUDIT_TRAIL.md): hash links, numbering,",
                "signatures by CA-issued, unrevoked keys, each round's Merkle root, and every node's receipts against",
                "the coordinator's record. Prints each problem with its entry and reason; exit 1 on any."})
final class AuditVerifyCommand implements Callable<Integer> {

    @Option(names = "--coordinator", required = true, paramLabel = "DIR|JDBC|FILE",
            description = {"The coordinator's directory (fed/coordinator, run store in state/), a run-store jdbc: URL,",
                    "or a chain exported with `fedmed audit export`."})
    String coordinator;
    @Option(names = "--study", paramLabel = "NAME", description = "The study, in a run store that holds several (default: its only one).")
    String study;
    @Option(names = "--node", paramLabel = "KIT", description = "A node's kit directory (its audit-chain.jsonl) or chain file; repeat for each node.")
    List<Path> nodes = new ArrayList<>();
    @Option(names = "--ca", paramLabel = "FILE", description = "The federation CA certificate (default: ca.crt beside the coordinator's store).")
    Path ca;
    @Option(names = "--crl", paramLabel = "FILE", description = "The revocation list (default: revoked.crl beside the coordinator's store, if any).")
    Path crl;
    @Option(names = "--every-signature", description = {"Check every entry's signature; by default the hash links are all checked and",
            "the signatures that cover the rest through them (each signer's newest entry), all of them only if one fails."})
    boolean everySignature;

    @Override
    public Integer call() {
        TrailVerification.CoordinatorSource source = TrailVerification.coordinator(coordinator, study);
        TrailVerification.Report r = TrailVerification.verify(source, ca != null ? ca : source.ca(), crl != null ? crl : source.crl(), nodes,
                everySignature);
        for (Problem p : r.problems()) {
            System.out.println(p);
        }
        for (String w : r.warnings()) {
            System.out.println("warning: " + w);
        }
        System.out.println(r.summary());
        return r.ok() ? 0 : 1;
    }
}
