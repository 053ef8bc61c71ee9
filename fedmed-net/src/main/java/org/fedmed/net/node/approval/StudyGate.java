package org.fedmed.net.node.approval;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.fedmed.net.approval.CoordinatorIdentity;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.proto.StudySetup;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.Welcome;

/**
 * The node's decision whether a study may run on its data. At each welcome it computes the
 * {@link StudyDigest} from the study the coordinator described and the certificate the node saw on
 * the connection (a digest or "approved" flag from the coordinator would count for nothing: none is
 * read). Before every task it reads the kit's {@link Approvals} and {@link ApprovalPolicy} again,
 * so an approval given while the node runs takes effect at the next task, and it checks the task
 * against the approved description ({@link TaskCheck}). Until then nothing leaves the node but the
 * refusal line.
 */
public final class StudyGate {

    /** Why no study is approved before the first welcome. */
    private static final String NO_STUDY = "no study described yet";

    private final Path kitDir; // null: every study runs (a node embedded without a kit's approvals)
    private final String siteId;
    private final PrintStream progress;
    private final Clock clock;
    private volatile StudyDigest digest;
    private volatile String problem = NO_STUDY; // why the current study cannot run whatever is approved, or null
    private volatile String announced; // the digest whose summary the console has shown
    private volatile String approvedShown; // the digest whose approval the console has shown
    private volatile Consumer<StudyDigest> onApproved = d -> { };

    private StudyGate(Path kitDir, String siteId, PrintStream progress, Clock clock) {
        this.kitDir = kitDir;
        this.siteId = siteId;
        this.progress = progress;
        this.clock = clock;
    }

    /** A gate that lets every study run: for nodes embedded in tools and tests; {@code fedmed node} never uses it. */
    public static StudyGate open() {
        return new StudyGate(null, "", System.out, Clock.systemUTC());
    }

    /**
     * The gate of the kit in {@code kitDir}: its approvals and policy are read now, so a malformed
     * file stops the node at startup ({@link IllegalArgumentException} naming file and key).
     */
    public static StudyGate forKit(Path kitDir, String siteId, PrintStream progress) {
        StudyGate g = new StudyGate(kitDir, siteId, progress, Clock.systemUTC());
        Approvals.of(kitDir).approved();
        Approvals.of(kitDir).seen();
        ApprovalPolicy.load(kitDir);
        return g;
    }

    /**
     * What the kit says about study approval, in one line (startup and {@code fedmed node --check});
     * a malformed file is an {@link IllegalArgumentException} naming file and key.
     */
    public static String status(Path kitDir) {
        int approved = Approvals.of(kitDir).approved().size();
        Optional<ApprovalPolicy> policy = ApprovalPolicy.load(kitDir);
        String p = policy.map(x -> ApprovalPolicy.FILE + " trusts coordinator(s) " + x.coordinators()
                + (x.studies() == null ? " and lets every study that keeps its rules run" : " and lets studies " + x.studies() + " run"))
                .orElse("no " + ApprovalPolicy.FILE);
        return "study approval: " + approved + " approved stud" + (approved == 1 ? "y" : "ies") + " in " + Approvals.FILE + ", " + p
                + (approved == 0 && policy.isEmpty() ? "; a study runs only after `fedmed node approve --kit " + kitDir + " DIGEST`" : "");
    }

    /** Called once per study that becomes approved on this node (e.g. for an audit trail). */
    public StudyGate onApproved(Consumer<StudyDigest> listener) {
        this.onApproved = listener;
        return this;
    }

    /** The digest of the study the coordinator described at the last welcome, if any. */
    public Optional<StudyDigest> digest() {
        return Optional.ofNullable(digest);
    }

    /**
     * A welcome arrived on a connection whose coordinator presented {@code certificate} (null when
     * none was seen): computes the study's digest; when the study is not approved, shows what it is
     * and how to approve it.
     */
    public synchronized void welcomed(Welcome w, CoordinatorIdentity certificate) {
        if (kitDir == null) {
            problem = null;
            return;
        }
        if (!w.hasStudy()) {
            digest = null;
            problem = "the coordinator described no study (a FedMed without study approval?), so the hospital cannot approve it";
            progress.println("[" + siteId + "] " + problem + "; no task runs");
            return;
        }
        if (certificate == null) {
            digest = null;
            problem = "the coordinator's certificate was not seen on the connection, so the study cannot be approved";
            progress.println("[" + siteId + "] " + problem + "; no task runs");
            return;
        }
        StudyDigest d = StudyDigest.of(w.getStudy(), certificate);
        digest = d;
        problem = TaskCheck.welcome(w.getStudy(), w);
        if (problem != null) {
            problem = problem + " (digest " + d.shortForm() + ")";
        }
        try {
            Approvals.of(kitDir).recordSeen(d, clock.instant());
        } catch (RuntimeException e) {
            progress.println("[" + siteId + "] " + e.getMessage());
        }
        String refusal = refusal();
        if (refusal != null && !d.hex().equals(announced)) {
            announced = d.hex();
            progress.println("[" + siteId + "] " + refusal + ". The study:");
            progress.println("  " + d.summary());
            progress.println("[" + siteId + "] to let it run on this node's data: fedmed node approve --kit " + kitDir + " " + d.hex());
        }
    }

    /** Why the current study may not run now (re-reading the kit's approvals and policy), or null when it may. */
    public synchronized String refusal() {
        if (kitDir == null) {
            return null;
        }
        StudyDigest d = digest;
        if (problem != null || d == null) {
            return problem != null ? problem : NO_STUDY;
        }
        String why;
        try {
            Optional<ApprovalPolicy> policy = ApprovalPolicy.load(kitDir);
            Optional<String> broken = policy.flatMap(p -> p.violation(d));
            if (broken.isPresent()) {
                why = broken.get() + " (digest " + d.shortForm() + ")";
            } else if (Approvals.of(kitDir).approves(d) || policy.map(p -> p.approvesWithoutListing(d)).orElse(false)) {
                why = null;
            } else {
                why = "study not approved by the hospital (digest " + d.shortForm() + ")";
            }
        } catch (IllegalArgumentException e) {
            why = "the hospital's approval files cannot be read: " + e.getMessage();
        }
        if (why == null && !d.hex().equals(approvedShown)) {
            approvedShown = d.hex();
            progress.println("[" + siteId + "] study " + d.study().getFederation() + " (digest " + d.shortForm()
                    + ") is approved on this node; its tasks run");
            onApproved.accept(d);
        } else if (why != null && d.hex().equals(approvedShown)) {
            approvedShown = null; // revoked: a later approval is shown again
        }
        return why;
    }

    /** Why {@code t} may not run: the study is not approved, or the task is not the approved study's; null when it may. */
    public synchronized String refusal(Task t) {
        String why = refusal();
        if (why != null || kitDir == null) {
            return why;
        }
        String deviation = TaskCheck.task(digest.study(), t);
        return deviation == null ? null : deviation + ": not the approved study (digest " + digest.shortForm() + "); refused";
    }

    /** Why an own-data setup may not be applied, or null. */
    public synchronized String refusal(StudySetup s) {
        String why = refusal();
        if (why != null || kitDir == null) {
            return why;
        }
        String deviation = TaskCheck.setup(digest.study(), s);
        return deviation == null ? null : deviation + ": not the approved study (digest " + digest.shortForm() + "); refused";
    }
}
