package org.fedmed.net.node;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.privacy.budget.PrivacyRefusal;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.units.ByteSize;
import org.fedmed.net.Protocol;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.net.prep.PrepProtocol;
import org.fedmed.net.proto.FitResult;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.StudySetup;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TaskFailure;
import org.fedmed.net.proto.TaskResult;
import org.fedmed.net.proto.TransferHeader;
import org.fedmed.net.transfer.ChunkSender;
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
    private SiteClient site;
    private ModelSpec model;
    private OwnDataSetup setup;
    volatile int uploadChunkBytes;
    volatile Upload pendingUpload;

    TaskRunner(String siteId, NodeData data, PrintStream progress, Link link) {
        this.siteId = siteId;
        this.data = data;
        this.progress = progress;
        this.link = link;
    }

    /** The welcome named {@code spec} (null in an own-data study): a new model means a new site. */
    synchronized void welcomed(ModelSpec spec) {
        try {
            if (spec == null || !spec.equals(model)) {
                SiteClient s = data.welcomed(spec);
                if (s != null) {
                    site = s;
                    model = spec;
                }
            }
        } catch (NodeDataException e) {
            stopOnDataError(null, e);
        }
    }

    /** An own-data study's setup: builds the site with the federation's preprocessing (again only if it changed). */
    synchronized void setUp(StudySetup m) {
        try {
            OwnDataSetup s = PrepProtocol.setup(m);
            if (!s.equals(setup)) {
                site = data.setUp(s);
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
        try {
            SiteStatistics stats = data.statistics(PrepProtocol.schema(t.getStatistics().getSchema()), t.getStatistics().getMinRows());
            link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId()).setRound(t.getRound())
                    .setStatistics(PrepProtocol.statisticsResult(stats))).build());
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
        if (cancelled.contains(t.getTaskId())) {
            return;
        }
        long start = System.nanoTime();
        try {
            SiteClient s;
            synchronized (this) {
                s = site;
            }
            if (s == null) {
                fail(t.getTaskId(), "the node has no site yet (no model or study setup received)");
                return;
            }
            switch (t.getKindCase()) {
                case FIT -> {
                    SiteUpdate u = s.fit(new FitInstructions(t.getRound(), w, Protocol.trainingConfig(t.getFit()),
                            Protocol.sitePlan(t.getFit())));
                    double trainSecs = (System.nanoTime() - start) / 1e9;
                    if (cancelled.contains(t.getTaskId())) {
                        progress.println("[" + siteId + "] round " + t.getRound() + ": finished after the deadline; not sent");
                        return;
                    }
                    byte[] payload = Weights.encode(u.weights());
                    ChunkSender sender = new ChunkSender(Weights.header(UUID.randomUUID().toString(), u.weights().specs(), payload,
                            uploadChunkBytes), payload);
                    Upload up = new Upload(t.getTaskId(), t.getRound(), sender, System.nanoTime());
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
                    double noise = s instanceof NodePrivacy.Guarded g ? g.evaluationNoise() : 0;
                    link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId())
                            .setRound(t.getRound()).setEvaluate(Protocol.evaluateResult(e.result(), noise))).build());
                    progress.println(String.format(Locale.ROOT, "[%s] round %d: evaluated the global model on %d local test examples",
                            siteId, t.getRound(), e.result().samples()));
                }
                default -> fail(t.getTaskId(), "unsupported task type");
            }
        } catch (ChunkSender.InterruptedTransferException e) {
            progress.println("[" + siteId + "] round " + t.getRound() + ": connection lost (" + e.getMessage() + ")");
        } catch (PrivacyRefusal e) {
            refuse(t.getTaskId(), e);
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
        progress.println("[" + siteId + "] " + e.getMessage());
        fail(taskId, e.getMessage());
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
