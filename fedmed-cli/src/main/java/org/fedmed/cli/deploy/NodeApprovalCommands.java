package org.fedmed.cli.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fedmed.net.node.approval.Approvals;
import org.fedmed.net.node.approval.StudyGate;
import org.fedmed.net.provision.NodeKit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fedmed node approve | approvals | revoke-approval}: the hospital's say over which studies run on its data. */
final class NodeApprovalCommands {

    private NodeApprovalCommands() {
    }

    /** The kit's approvals; a folder that is not a node kit is refused (an approval elsewhere would protect nothing). */
    static Approvals approvals(Path kit) {
        if (!Files.isRegularFile(kit.resolve(NodeKit.CONFIG))) {
            throw new IllegalArgumentException(kit + " is not a node kit (no " + NodeKit.CONFIG + "): give the kit `fedmed provision`"
                    + " made for this site");
        }
        return Approvals.of(kit);
    }

    /** The kit and the study digest an approval command works on. */
    static final class KitAndDigest {
        @Option(names = "--kit", required = true, paramLabel = "DIR", description = "This site's startup kit.")
        Path kit;

        @Parameters(paramLabel = "DIGEST", description = "The study digest: all 64 hex characters, or the first 16 or more of a"
                + " study this node has seen (or approved).")
        String digest;
    }

    /** {@code fedmed node approve --kit DIR DIGEST}. */
    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve a study for this node: its digest, as the node printed it (the first 16 characters are enough",
                    "for a study the node has seen) or as `fedmed coordinator --check` printed it (all 64). The approval is",
                    "kept in the kit (approvals.yaml, owner-only) with the time and the study's summary; a running node runs",
                    "the study's next task, no restart needed. Any change to the study gives another digest."})
    static final class Approve implements Callable<Integer> {
        @Mixin
        KitAndDigest args;

        @Override
        public Integer call() {
            Approvals.Entry e = approvals(args.kit).approve(args.digest, Instant.now());
            System.out.println("approved study " + e.shortForm() + " (" + e.digest() + ") in " + approvals(args.kit).file());
            System.out.println("  " + e.summary());
            System.out.println("a running node runs the study from its next task");
            return 0;
        }
    }

    /** {@code fedmed node approvals --kit DIR}. */
    @Command(name = "approvals", mixinStandardHelpOptions = true,
            description = "Show the kit's approval state (approvals, policy.yaml), the studies approved for this node, then those it was"
                    + " asked to run and that are not approved.")
    static final class List implements Callable<Integer> {
        @Option(names = "--kit", required = true, paramLabel = "DIR", description = "This site's startup kit.")
        Path kit;

        @Override
        public Integer call() {
            Approvals a = approvals(kit);
            System.out.println(StudyGate.status(kit));
            java.util.List<Approvals.Entry> approved = a.approved();
            System.out.println(approved.size() + " approved stud" + (approved.size() == 1 ? "y" : "ies") + " (" + a.file() + ")");
            for (Approvals.Entry e : approved) {
                System.out.println("  " + e.shortForm() + "  approved " + e.time() + "  " + e.summary());
                System.out.println("      full digest " + e.digest());
            }
            Set<String> ok = approved.stream().map(Approvals.Entry::digest).collect(Collectors.toSet());
            java.util.List<Approvals.Entry> waiting = a.seen().stream().filter(e -> !ok.contains(e.digest())).toList();
            if (!waiting.isEmpty()) {
                System.out.println(waiting.size() + " stud" + (waiting.size() == 1 ? "y" : "ies") + " seen but not approved");
                for (Approvals.Entry e : waiting) {
                    System.out.println("  " + e.shortForm() + "  first seen " + e.time() + "  " + e.summary());
                    System.out.println("      approve with: fedmed node approve --kit " + kit + " " + e.digest());
                }
            }
            return 0;
        }
    }

    /** {@code fedmed node revoke-approval --kit DIR DIGEST}. */
    @Command(name = "revoke-approval", mixinStandardHelpOptions = true,
            description = "Withdraw an approval: a running node refuses the study's next task.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        KitAndDigest args;

        @Override
        public Integer call() {
            Approvals a = approvals(args.kit);
            Approvals.Entry e = a.revoke(args.digest).orElseThrow(() -> new IllegalArgumentException("no approved study has digest "
                    + args.digest + " in " + a.file()));
            System.out.println("approval of study " + e.shortForm() + " withdrawn; a running node refuses its next task");
            return 0;
        }
    }
}
