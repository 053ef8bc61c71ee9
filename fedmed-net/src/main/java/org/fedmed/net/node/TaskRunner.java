package org.fedmed.net.node;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.fedmed.core.explain.ExplanationRefusal;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.budget.PrivacyRefusal;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.site.SecureSite;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.units.ByteSize;
import org.fedmed.net.Protocol;
import org.fedmed.net.node.approval.StudyGate;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.net.prep.PrepProtocol;
import org.fedmed.net.proto.FitResult;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.StudySetup;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TaskFailure;
import org.fedmed.net.proto.TaskResult;
import org.fedmed.net.proto.TransferHeader;
import org.fedmed.net.trail.NodeTrail;
import org.fedmed.net.transfer.ChunkSender;
import org.fedmed.net.transfer.ControlTransfer;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.prep.SiteStatistics;

/**
 * What a node does with the coordinator's messages, on its single worker thread: builds its site
 * from the welcome (demo data) or the study setup (own data), answers the statistics step, trains
 * and evaluates, and uploads updates (keeping an interrupted upload to resume after a reconnect).
 * {@link NodeClient} owns the connection; this class reaches it through a {@link Link}.
 */
final class TaskRunner {

    private static final System.Logger LOG = System.getLogger(TaskRunner.class.getName());

    /** The node's current stream, as the runner sees it. */
    interface Link {
        /** Sends on the current stream; throws {@link ChunkSender.InterruptedTransferException} when it is closed. */
        void send(NodeMessage m);

        /** The node's data cannot serve the study: end the stream and stop the node. */
        void stop(String reason);
    }

    /** An upload the node started: kept until the coordinator confirms it, to resume after a reconnect. */
    record Upload(String taskId, int round, ChunkSender sender, long started) {
    }

    private final String siteId;
    private final NodeData data;
    private final PrintStream progress;
    private final Link link;
    final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private volatile NodeSecurity security;
    private final ApprovalHold hold = new ApprovalHold();
    private SiteClient site; // the node's site, behind SecureSite when it can take part in secure aggregation
    private SiteClient plain; // the same site without SecureSite (how it releases evaluations)
    private final ScaffoldControls controls;
    private final AfterStudyTasks afterStudy;
    private final SecureTasks secure;
    final NodeReleases releases;
    private ModelSpec model;
    private DemoAssignment demo; // the demo part the site serves, or null
    private OwnDataSetup setup;
    volatile int uploadChunkBytes;
    volatile Upload pendingUpload;

    TaskRunner(String siteId, NodeData data, PrintStream progress, Link link, NodeSecurity security) {
        this.siteId = siteId;
        this.data = data;
        this.progress = progress;
        this.link = link;
        this.security = security;
        this.controls = new ScaffoldControls(siteId, progress);
        this.releases = new NodeReleases(siteId, progress, this::epsilonSpent);
        this.afterStudy = new AfterStudyTasks(siteId, progress, link, releases, this::refuse);
        this.secure = new SecureTasks(siteId, progress, link, releases, this::refuse, this::fail);
    }

    /** The ε the node's ledger has booked so far (NaN: no guard). */
    private double epsilonSpent() {
        SiteClient p;
        synchronized (this) {
            p = plain;
        }
        return p instanceof NodePrivacy.Guarded g ? g.epsilonSpent() : Double.NaN;
    }

    /** The node's audit chain: every release is recorded in it before it leaves. */
    void auditTrail(NodeTrail t) {
        releases.trail = t;
    }

    /** Sets how the node takes part in secure aggregation (before it connects). */
    void security(NodeSecurity s) {
        this.security = s;
    }

    /** Sets who decides whether a study may run on this node (before it connects). */
    void gate(StudyGate g) {
        hold.gate(g);
    }

    /** Whether {@code t} may run; if not, its refusal is the only thing sent (see {@link ApprovalHold}). */
    private boolean admitted(Task t) {
        String refusal = hold.admit(t);
        if (refusal != null) {
            refuse(t.getTaskId(), "round " + t.getRound() + ": " + refusal);
        }
        return refusal == null;
    }

    /** The site the tasks run on from now (null: none yet); one SecureSite serves all steps of a round. */
    private void use(SiteClient s) {
        plain = s;
        site = security.wrap(s);
        controls.site(s == null ? null : s.controlVariate());
    }

    /** Keeps the site's personal models, and which studies it explained, in {@code dir}, per approved study. */
    void siteState(Path dir) {
        afterStudy.keepIn(dir);
    }

    /** Keeps the site's SCAFFOLD control variate in {@code store}, per approved study, across restarts. */
    void controlStore(ControlStore store) {
        controls.store(store);
    }

    /** The welcome named {@code spec} (null in an own-data study): a new model means a new site. */
    synchronized void welcomed(ModelSpec spec) {
        welcomed(spec, null);
    }

    /** {@link #welcomed(ModelSpec)} in a demo-data study: another split or part also means a new site. */
    synchronized void welcomed(ModelSpec spec, DemoAssignment demo) {
        if (hold.holdWelcome(() -> welcomed(spec, demo))) {
            return;
        }
        try {
            if (spec == null || !spec.equals(model) || !Objects.equals(demo, this.demo)) {
                SiteClient s = data.welcomed(spec, demo);
                if (s != null) {
                    use(s);
                    model = spec;
                    this.demo = demo;
                }
            }
        } catch (NodeDataException e) {
            stopOnDataError(null, e);
        }
    }

    /** An own-data study's setup: builds the site with the federation's preprocessing (again only if it changed). */
    synchronized void setUp(StudySetup m) {
        String refusal = hold.holdSetup(m, () -> setUp(m));
        if (refusal != null) {
            progress.println("[" + siteId + "] study setup held: " + refusal);
            return;
        }
        try {
            OwnDataSetup s = PrepProtocol.setup(m);
            if (!s.equals(setup)) {
                use(data.setUp(s));
                setup = s;
                model = s.model();
            }
        } catch (NodeDataException e) {
            stopOnDataError(null, e);
        } catch (IllegalArgumentException e) {
            progress.println("[" + siteId + "] the coordinator's study setup is invalid: " + e.getMessage());
        }
    }

    /** The statistics step of an own-data study: aggregates of the training rows, or a refusal that stops the node. */
    void statistics(Task t) {
        if (!admitted(t)) {
            return;
        }
        try {
            SiteStatistics stats = data.statistics(PrepProtocol.schema(t.getStatistics().getSchema()), t.getStatistics().getMinRows());
            var result = PrepProtocol.statisticsResult(stats);
            releases.released(t.getTaskId(), t.getRound(), "statistics", Weights.sha256(result.toByteArray()));
            link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId()).setRound(t.getRound())
                    .setStatistics(result)).build());
            progress.println("[" + siteId + "] training statistics sent (" + stats.stats().rows() + " records, "
                    + stats.featureNames().size() + " columns)");
        } catch (NodeDataException e) {
            stopOnDataError(t.getTaskId(), e);
        } catch (PrivacyRefusal e) {
            refuse(t.getTaskId(), e);
        } catch (ChunkSender.InterruptedTransferException e) {
            progress.println("[" + siteId + "] statistics not sent: connection lost (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "statistics task failed", e);
            fail(t.getTaskId(), e.getClass().getSimpleName());
        }
    }

    /** Shows the data problem in full, tells the coordinator what it may know, and stops the node. */
    private void stopOnDataError(String taskId, NodeDataException e) {
        progress.println("[" + siteId + "] error: " + e.getMessage());
        progress.println("[" + siteId + "] this node cannot serve the study with its data; stopping");
        if (taskId != null) {
            fail(taskId, e.reportable());
        }
        link.stop(e.reportable());
    }

    void execute(Task t, ModelWeights w, double downloadSeconds) {
        if (cancelled.contains(t.getTaskId()) || !admitted(t)) {
            return;
        }
        long start = System.nanoTime();
        try {
            SiteClient s;
            SiteClient unwrapped;
            synchronized (this) {
                s = site;
                unwrapped = plain;
            }
            if (s == null) {
                fail(t.getTaskId(), "the node has no site yet (no model or study setup received)");
                return;
            }
            switch (t.getKindCase()) {
                case FIT -> {
                    String protection = t.getFit().getSecureAggregation();
                    String refusal = secure.refusal(t.getRound(), protection, s, security);
                    if (refusal != null) {
                        refuse(t.getTaskId(), refusal);
                        return;
                    }
                    ModelWeights global = w;
                    ModelWeights control = null;
                    if (t.getFit().getScaffoldControl()) {
                        if (!protection.isEmpty()) {
                            refuse(t.getTaskId(), "round " + t.getRound() + ": SCAFFOLD's control variates need each site's model in the"
                                    + " clear, but the round is summed securely; refused");
                            return;
                        }
                        ControlTransfer.Parts parts;
                        try {
                            parts = ControlTransfer.split(w);
                        } catch (IllegalArgumentException e) {
                            refuse(t.getTaskId(), "round " + t.getRound() + ": " + e.getMessage());
                            return;
                        }
                        global = parts.global();
                        control = parts.control();
                    }
                    FitInstructions in;
                    try {
                        in = new FitInstructions(t.getRound(), global, Protocol.trainingConfig(t.getFit()), Protocol.sitePlan(t.getFit()),
                                !protection.isEmpty(), control);
                    } catch (IllegalArgumentException e) {
                        refuse(t.getTaskId(), "round " + t.getRound() + ": the fit task is invalid: " + e.getMessage());
                        return;
                    }
                    if (in.secure()) {
                        secure.fitSealed(t, s, in, downloadSeconds, start, cancelled);
                        return;
                    }
                    ModelWeights controlBefore = control == null ? null : controls.beforeFit(hold.studyDigest(), t.getRound(), control);
                    SiteUpdate u = s.fit(in);
                    if (control != null) {
                        controls.afterFit(hold.studyDigest(), t.getRound(), controlBefore);
                    }
                    double trainSecs = (System.nanoTime() - start) / 1e9;
                    if (cancelled.contains(t.getTaskId())) {
                        progress.println("[" + siteId + "] round " + t.getRound() + ": finished after the deadline; not sent");
                        return;
                    }
                    byte[] payload = Weights.encode(u.weights());
                    ChunkSender sender = new ChunkSender(Weights.header(UUID.randomUUID().toString(), u.weights().specs(), payload,
                            uploadChunkBytes), payload);
                    Upload up = new Upload(t.getTaskId(), t.getRound(), sender, System.nanoTime());
                    releases.released(t.getRound(), "update", sender.header().getSha256().toByteArray());
                    pendingUpload = up;
                    link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId())
                            .setRound(t.getRound()).setFit(FitResult.newBuilder().setNumSamples(u.numSamples())
                                    .putAllMetrics(u.metrics()).setDelta(u.isDelta())).setWeights(sender.header())).build());
                    progress.println(String.format(Locale.ROOT, "[%s] round %d: model received (%s, %.2f s), trained on %d examples in %.2f s",
                            siteId, t.getRound(), ByteSize.human(t.getWeights().getTotalBytes()), downloadSeconds, u.numSamples(), trainSecs));
                    upload(up, true);
                }
                case EVALUATE -> {
                    SiteEvaluation e = s.evaluate(new EvaluateInstructions(t.getRound(), w));
                    double noise = unwrapped instanceof NodePrivacy.Guarded g ? g.evaluationNoise() : 0;
                    var result = Protocol.evaluateResult(e.result(), noise);
                    releases.released(t.getTaskId(), t.getRound(), "evaluation", Weights.sha256(result.toByteArray()));
                    link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId())
                            .setRound(t.getRound()).setEvaluate(result)).build());
                    progress.println(String.format(Locale.ROOT, "[%s] round %d: evaluated the global model on %d local test examples",
                            siteId, t.getRound(), e.result().samples()));
                }
                case EXPLAIN -> afterStudy.explain(t, w, unwrapped, hold.studyDigest(), security.requireSecure());
                case PERSONALIZE -> {
                    ModelSpec m;
                    OwnDataSetup own;
                    DemoAssignment part;
                    synchronized (this) {
                        m = model;
                        own = setup;
                        part = demo;
                    }
                    afterStudy.personalize(t, w, unwrapped, hold.studyDigest(), m, own, part);
                }
                default -> fail(t.getTaskId(), "unsupported task type");
            }
        } catch (ChunkSender.InterruptedTransferException e) {
            progress.println("[" + siteId + "] round " + t.getRound() + ": connection lost (" + e.getMessage() + ")");
        } catch (PrivacyRefusal e) {
            refuse(t.getTaskId(), e);
        } catch (ExplanationRefusal e) {
            refuse(t.getTaskId(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "task failed", e);
            fail(t.getTaskId(), e.getClass().getSimpleName());
        }
    }

    /**
     * The node's privacy policy or budget refuses the task: one line on its console and the same
     * line to the coordinator (it carries only privacy settings and accounting, never data).
     */
    private void refuse(String taskId, PrivacyRefusal e) {
        refuse(taskId, e.getMessage());
    }

    void refuse(String taskId, String line) {
        progress.println("[" + siteId + "] " + line);
        fail(taskId, line);
    }

    /** One step of a secure round (see {@link SecureTasks#step}), once the task is admitted. */
    void secureStep(Task t) {
        if (cancelled.contains(t.getTaskId()) || !admitted(t)) {
            return;
        }
        SiteClient s;
        synchronized (this) {
            s = site;
        }
        secure.step(t, s, security);
    }

    void upload(Upload up, boolean first) {
        long start = System.nanoTime();
        try {
            up.sender().send(c -> link.send(NodeMessage.newBuilder().setChunk(c).build()), 8, true, 3_600_000L);
            if (pendingUpload == up) {
                pendingUpload = null;
            }
            double secs = (System.nanoTime() - start) / 1e9;
            TransferHeader h = up.sender().header();
            progress.println(String.format(Locale.ROOT, "[%s] round %d: update %s (%s, %d chunks, %.2f s%s)", siteId, up.round(),
                    first ? "uploaded" : "upload resumed and completed", ByteSize.human(h.getTotalBytes()), up.sender().chunkCount(), secs,
                    secs > 0 ? String.format(Locale.ROOT, ", %.1f MB/s", h.getTotalBytes() / 1e6 / secs) : ""));
        } catch (ChunkSender.InterruptedTransferException e) {
            progress.println("[" + siteId + "] round " + up.round() + ": upload interrupted at chunk " + up.sender().acked()
                    + " of " + up.sender().chunkCount() + "; will resume after reconnecting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void fail(String taskId, String reason) {
        try {
            link.send(NodeMessage.newBuilder().setFailure(TaskFailure.newBuilder().setTaskId(taskId).setReason(reason)).build());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not report a failure: " + e.getMessage());
        }
    }

}
