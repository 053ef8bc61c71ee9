package org.fedmed.net.coordinator;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.fedmed.core.explain.ExplainRequest;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.secagg.SecAggCodec;
import org.fedmed.core.secure.secagg.SecAggMessage;
import org.fedmed.net.ExplainProtocol;
import org.fedmed.net.Protocol;
import org.fedmed.net.prep.PrepProtocol;
import org.fedmed.net.proto.CancelTask;
import org.fedmed.net.proto.CoordinatorMessage;
import org.fedmed.net.proto.EvaluateTask;
import org.fedmed.net.proto.ExplainTask;
import org.fedmed.net.proto.FitResult;
import org.fedmed.net.proto.FitTask;
import org.fedmed.net.proto.PendingDownload;
import org.fedmed.net.proto.PersonalizeTask;
import org.fedmed.net.proto.ResultReceipt;
import org.fedmed.net.proto.SecureStepTask;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TaskFailure;
import org.fedmed.net.proto.TaskResult;
import org.fedmed.net.proto.TransferAck;
import org.fedmed.net.proto.WeightsChunk;
import org.fedmed.net.trail.CoordinatorTrail;
import org.fedmed.net.transfer.ChunkReceiver;
import org.fedmed.net.transfer.ChunkSender;
import org.fedmed.net.transfer.ControlTransfer;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.prep.OwnDataStudy;
import org.fedmed.study.prep.SiteStatistics;

/**
 * The coordinator's proxy for one hospital: the core {@link org.fedmed.core.federation.Federation}
 * calls {@link #fit} and {@link #evaluate} as it would on a simulated site; this sends the task over
 * the node's stream and waits for the answer. A call blocks until the answer arrives, the node
 * reports a failure, the answer is rejected, or the round's deadline interrupts it (then the node is
 * told to cancel and a late answer is discarded).
 *
 * <p>In a secure round the fit task names the protocol, the node answers sealed (no weights, no
 * count, no metric; anything else is refused before a byte of an upload is accepted), and the
 * protocol's steps travel as {@link #secureStep} tasks whose bytes this class does not read.
 */
public final class RemoteSite implements SiteClient {

    private static final System.Logger LOG = System.getLogger(RemoteSite.class.getName());
    private static final int MAX_METRICS = 32;

    private final String siteId;
    private volatile CoordinatorTrail trail; // null: no audit chain (tests of the transport alone)
    private final Duration joinWait;
    private int missedRound = -1; // the last round in which the site did not connect within joinWait (guarded by this)
    private final int chunkBytes;
    private final int window;
    private final TrafficCounter traffic;
    private NodeSession session; // guarded by this
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Pending> uploads = new ConcurrentHashMap<>();
    private final Map<String, Pending> downloads = new ConcurrentHashMap<>(); // by transfer id, while the task is open
    private final Set<String> closedTasks = ConcurrentHashMap.newKeySet();
    private volatile String secureProtocol; // the study's secure aggregation ("secagg+"), or null
    private volatile int lastFitRound = 1; // the round of the newest fit task sent (evaluations of sub-models quote it)

    public RemoteSite(String siteId, Duration joinWait, int chunkBytes, int window, TrafficCounter traffic) {
        this.siteId = siteId;
        this.joinWait = joinWait;
        this.chunkBytes = chunkBytes;
        this.window = window;
        this.traffic = traffic;
    }

    @Override
    public String siteId() {
        return siteId;
    }

    public synchronized boolean isConnected() {
        return session != null;
    }

    /** The protocol that sums the study's secure rounds, as fit tasks name it to the nodes (null: none). */
    void secureAggregation(String protocol) {
        this.secureProtocol = protocol;
    }

    private enum Kind { FIT, EVALUATE, STATISTICS, SECURE_STEP, EXPLAIN, PERSONALIZE }

    /** A task sent to the node and not yet answered. */
    private static final class Pending {
        final String taskId;
        final int round;
        final Kind kind;
        final List<TensorSpec> layout;
        int minRows; // a statistics task: the study's minimum of training rows
        boolean secure; // a fit task of a secure round: only a sealed answer is accepted
        int features; // an explain task: the model's inputs, one value each in the answer
        boolean privateRelease; // an explain task under DP: no permutation importances accepted
        final CompletableFuture<Object> answer = new CompletableFuture<>();
        TaskResult result; // the accepted TaskResult (its weights follow as chunks)
        ChunkReceiver upload;
        TaskDownload download; // the task's model on its way to the node (fit and evaluate)
        volatile long lostAtNanos; // connection lost during the upload: the node may resume until joinWait passes

        Pending(String taskId, int round, Kind kind, List<TensorSpec> layout) {
            this.taskId = taskId;
            this.round = round;
            this.kind = kind;
            this.layout = layout;
        }
    }

    /** The coordinator's audit chain: it records each fit round's start and issues a receipt for each upload. */
    void auditTrail(CoordinatorTrail t) {
        this.trail = t;
    }

    /** The round of the newest fit task this site was sent (1 before any). */
    int lastFitRound() {
        return lastFitRound;
    }

    @Override
    public SiteUpdate fit(FitInstructions in) {
        lastFitRound = Math.max(lastFitRound, in.round());
        CoordinatorTrail chain = trail;
        if (chain != null) {
            chain.roundStarted(in.round());
        }
        ModelWeights global = in.globalWeights();
        Pending p = new Pending(newId(), in.round(), Kind.FIT, global.specs());
        var fit = Protocol.fitTask(in.config(), in.sitePlan()).toBuilder();
        if (in.secure()) {
            String protocol = secureProtocol;
            if (protocol == null) {
                throw new IllegalStateException("a secure round, but the coordinator named no secure-aggregation protocol");
            }
            fit.setSecureAggregation(protocol);
            p.secure = true;
        }
        ModelWeights transfer = global;
        if (in.control() != null) {
            fit.setScaffoldControl(true);
            transfer = ControlTransfer.join(global, in.control());
        }
        Task.Builder t = Task.newBuilder().setTaskId(p.taskId).setRound(in.round()).setFit(fit);
        TaskResult r = (TaskResult) run(p, t, transfer);
        if (p.secure) {
            return SiteUpdate.sealed(siteId, r.getRound());
        }
        ModelWeights w = (ModelWeights) p.answer.join();
        return new SiteUpdate(siteId, r.getRound(), w, r.getFit().getNumSamples(), r.getFit().getMetricsMap(), r.getFit().getDelta());
    }

    @Override
    public SiteEvaluation evaluate(EvaluateInstructions in) {
        Pending p = new Pending(newId(), in.round(), Kind.EVALUATE, in.weights().specs());
        Task.Builder t = Task.newBuilder().setTaskId(p.taskId).setRound(in.round()).setEvaluate(EvaluateTask.getDefaultInstance());
        TaskResult r = (TaskResult) run(p, t, in.weights());
        EvaluationResult e = Protocol.evaluationResult(r.getEvaluate());
        return new SiteEvaluation(siteId, r.getRound(), e);
    }

    /**
     * After the last round: asks the node to explain {@code model} (of {@code features} inputs) on its
     * own rows with the study's {@code settings}; blocks like {@link #evaluate}, and the answer is
     * checked (one value per input, finite) before it is returned.
     */
    public ExplainProtocol.Received explain(int round, ModelWeights model, ExplainTask settings, int features) {
        Pending p = new Pending(newId(), round, Kind.EXPLAIN, model.specs());
        p.features = features;
        p.privateRelease = !settings.getRelease().equals(ExplainRequest.Release.CLEAR.id());
        TaskResult r = (TaskResult) run(p, Task.newBuilder().setTaskId(p.taskId).setRound(round).setExplain(settings), model);
        return ExplainProtocol.explanation(siteId, r.getExplain(), features, p.privateRelease);
    }

    /** After the last round: the node fine-tunes {@code model} into its personal model with {@code training}; its evaluation. */
    public EvaluationResult personalize(int round, ModelWeights model, FitTask training) {
        Pending p = new Pending(newId(), round, Kind.PERSONALIZE, model.specs());
        TaskResult r = (TaskResult) run(p, Task.newBuilder().setTaskId(p.taskId).setRound(round)
                .setPersonalize(PersonalizeTask.newBuilder().setTraining(training)), model);
        return Protocol.evaluationResult(r.getPersonalize().getPersonal());
    }

    /**
     * The own-data statistics step (round 0): asks the node for the aggregate statistics of its
     * training rows; no model travels. Blocks like {@link #fit}; the answer is checked before it
     * is returned.
     */
    public SiteStatistics statistics(OwnDataStudy study) {
        Pending p = new Pending(newId(), 0, Kind.STATISTICS, List.of());
        p.minRows = study.minRows();
        Task task = Task.newBuilder().setTaskId(p.taskId).setRound(0).setStatistics(PrepProtocol.statisticsTask(study)).build();
        pending.put(p.taskId, p);
        try {
            awaitSession(0).send(CoordinatorMessage.newBuilder().setTask(task).build());
            awaitAnswer(p);
            return PrepProtocol.siteStatistics(p.result.getStatistics(), p.minRows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(p, "the statistics step's deadline passed");
            throw new IllegalStateException("late: no statistics before the deadline");
        } catch (ChunkSender.InterruptedTransferException e) {
            throw new IllegalStateException("node disconnected: " + e.getMessage());
        } finally {
            pending.remove(p.taskId);
            closedTasks.add(p.taskId);
        }
    }

    /**
     * One step of a secure round: sends the encoded request to the node and waits for its encoded
     * reply (the bytes are the protocol's; this class reads only the step's name and round for its
     * messages). A node that refuses, disconnects or stays silent until the round's deadline throws
     * an {@link IllegalStateException} of one line naming the site and the step: to the protocol the
     * site dropped out. A disconnected node may reconnect within the site wait and still answer.
     */
    @Override
    public byte[] secureStep(byte[] request) {
        String step = "secure step";
        int round = 0;
        try {
            SecAggMessage m = SecAggCodec.decode(request);
            step = m.step();
            round = m.round();
        } catch (SecureStepException e) {
            // another protocol's bytes: they travel just the same, the messages say "secure step"
            LOG.log(Level.DEBUG, "secure step of another protocol: " + e.getMessage());
        }
        String what = "site " + siteId + ": secure-aggregation step " + step + (round > 0 ? " of round " + round : "");
        Pending p = new Pending(newId(), round, Kind.SECURE_STEP, List.of());
        Task task = Task.newBuilder().setTaskId(p.taskId).setRound(round)
                .setSecureStep(SecureStepTask.newBuilder().setMessage(ByteString.copyFrom(request))).build();
        pending.put(p.taskId, p);
        try {
            awaitSession(round).send(CoordinatorMessage.newBuilder().setTask(task).build());
            awaitAnswer(p);
            return p.result.getSecureStep().getMessage().toByteArray();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(p, "the secure step's deadline passed");
            throw new IllegalStateException(what + ": no answer before the round deadline");
        } catch (ChunkSender.InterruptedTransferException e) {
            throw new IllegalStateException(what + ": node disconnected (" + e.getMessage() + ")");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(what + ": " + e.getMessage());
        } finally {
            pending.remove(p.taskId);
            closedTasks.add(p.taskId);
        }
    }

    private Object run(Pending p, Task.Builder task, ModelWeights model) {
        byte[] payload = Weights.encode(model);
        task.setWeights(Weights.header(newId(), model.specs(), payload, chunkBytes));
        TaskDownload download = new TaskDownload(siteId, task.build(), payload, window);
        p.download = download;
        p.answer.whenComplete((answer, failure) -> download.stop()); // a failure report ends a download in progress
        pending.put(p.taskId, p);
        downloads.put(download.transferId(), p);
        try {
            download.deliver(awaitSession(p.round), joinWait);
            awaitAnswer(p);
            return p.result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(p, "the round's deadline passed");
            LOG.log(Level.WARNING, "round {0}: site {1}: no answer before the round deadline; a late answer will be discarded",
                    p.round, siteId);
            throw new IllegalStateException("late: cancelled at the round deadline");
        } finally {
            pending.remove(p.taskId);
            downloads.remove(download.transferId());
            download.stop();
            if (p.upload != null) {
                uploads.remove(p.upload.transferId());
            }
            closedTasks.add(p.taskId);
        }
    }

    private void awaitAnswer(Pending p) throws InterruptedException {
        while (true) {
            try {
                p.answer.get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                long lost = p.lostAtNanos;
                if (lost != 0 && System.nanoTime() - lost > joinWait.toNanos()) {
                    throw new IllegalStateException("node disconnected during its upload and did not resume within " + joinWait.toSeconds() + " s");
                }
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
            }
        }
    }

    private void cancel(Pending p, String reason) {
        NodeSession s = current();
        if (s != null) {
            s.trySend(CoordinatorMessage.newBuilder().setCancel(CancelTask.newBuilder().setTaskId(p.taskId).setReason(reason)).build());
        }
    }

    /**
     * The site's session, waiting up to {@code joinWait} for it to connect; a site that did not come back
     * for one task of a round is not waited for again in the same round (its evaluation after a missed
     * fit fails at once), so a site that is down costs a round one wait, not two.
     */
    private synchronized NodeSession awaitSession(int round) throws InterruptedException {
        if (session == null && round == missedRound) {
            throw new IllegalStateException("site not connected (already waited " + joinWait.toSeconds() + " s in round " + round + ")");
        }
        long deadline = System.nanoTime() + joinWait.toNanos();
        while (session == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                missedRound = round;
                throw new IllegalStateException("site not connected (waited " + joinWait.toSeconds() + " s)");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return session;
    }

    synchronized NodeSession current() {
        return session;
    }

    synchronized void attach(NodeSession s) {
        NodeSession old = session;
        session = s;
        notifyAll();
        for (Pending p : pending.values()) {
            if (p.download != null) {
                p.download.attached(s);
            }
        }
        if (old != null && old != s) {
            old.abort("replaced by a newer connection from the same site");
        }
    }

    synchronized void detach(NodeSession s) {
        if (session != s) {
            return;
        }
        session = null;
        for (Pending p : pending.values()) {
            if (p.upload != null && !p.upload.isComplete()) {
                p.lostAtNanos = System.nanoTime(); // the node may come back and resume its upload
            } else if (p.download != null && !p.download.isComplete()) {
                continue; // the thread sending the model waits for the node to resume its download
            } else if (!p.answer.isDone()) {
                p.answer.completeExceptionally(new IllegalStateException("node disconnected before answering"));
            }
        }
    }

    /** Where a node that reconnects should resume an upload, or -1 when it cannot. */
    int resumePoint(String transferId) {
        Pending p = uploads.get(transferId);
        if (p == null || p.answer.isDone()) {
            return -1;
        }
        p.lostAtNanos = 0;
        return p.upload.nextChunk();
    }

    /**
     * A reconnecting node named a partly received model download in its hello: true when the task
     * is still open, and the download will continue on {@code s} from {@code d.next_chunk}.
     */
    boolean resumeDownload(NodeSession s, PendingDownload d) {
        Pending p = downloads.get(d.getTransferId());
        return p != null && !p.answer.isDone() && p.download.claim(s, d.getTaskId(), d.getNextChunk());
    }

    /** Whether {@code taskId} was a task of this site that is over (answered, failed or past its deadline). */
    boolean isClosed(String taskId) {
        return closedTasks.contains(taskId);
    }

    // ---- messages from the node (called on the session's gRPC thread) ----

    void onResult(NodeSession s, TaskResult r) {
        Pending p = pending.get(r.getTaskId());
        if (p == null) {
            throw new RejectedMessageException(closedTasks.contains(r.getTaskId())
                    ? "result for task " + r.getTaskId() + " discarded: the task is closed (late, duplicate or replayed)"
                    : "result for unknown task " + shortId(r.getTaskId()) + " (replayed or forged)");
        }
        synchronized (p) {
            if (p.result != null || p.answer.isDone()) {
                throw new RejectedMessageException("second result for task " + p.taskId + " discarded (site sent twice)");
            }
            if (r.getRound() != p.round) {
                throw new RejectedMessageException("result claims round " + r.getRound() + " for a task of round " + p.round
                        + " (replayed from another round)");
            }
            switch (p.kind) {
                case FIT -> {
                    if (r.getKindCase() == TaskResult.KindCase.FIT && (p.secure || r.getFit().getSealed())) {
                        acceptSealed(p, r);
                        return;
                    }
                    if (r.getKindCase() != TaskResult.KindCase.FIT || !r.hasWeights()) {
                        reject(p, "fit task answered without a fit result and weights");
                    }
                    if (r.getFit().getMetricsCount() > MAX_METRICS) {
                        reject(p, "too many metrics (" + r.getFit().getMetricsCount() + ")");
                    }
                    for (String key : r.getFit().getMetricsMap().keySet()) {
                        if (key.length() > 64) {
                            reject(p, "metric name longer than 64 characters");
                        }
                    }
                    try {
                        p.upload = new ChunkReceiver(r.getWeights(), p.layout, 4L * sizeOf(p.layout));
                    } catch (IllegalArgumentException e) {
                        reject(p, "rejected: " + e.getMessage());
                    }
                    p.result = r;
                    uploads.put(p.upload.transferId(), p);
                }
                case EVALUATE -> acceptChecked(s, p, r, TaskResult.KindCase.EVALUATE, "evaluate task answered without an evaluation",
                        "rejected evaluation: ", "evaluation", r::getEvaluate, () -> Protocol.evaluationResult(r.getEvaluate()));
                case EXPLAIN -> acceptChecked(s, p, r, TaskResult.KindCase.EXPLAIN, "explain task answered without an explanation",
                        "rejected explanation: ", "explanation", r::getExplain,
                        () -> ExplainProtocol.explanation(siteId, r.getExplain(), p.features, p.privateRelease));
                case PERSONALIZE -> acceptChecked(s, p, r, TaskResult.KindCase.PERSONALIZE,
                        "personalize task answered without the personal model's evaluation", "rejected evaluation: ", "personal_evaluation",
                        r::getPersonalize, () -> Protocol.evaluationResult(r.getPersonalize().getPersonal()));
                case SECURE_STEP -> {
                    if (r.getKindCase() != TaskResult.KindCase.SECURE_STEP) {
                        reject(p, "secure-aggregation step answered without a step result");
                    }
                    p.result = r;
                    p.answer.complete(r);
                }
                case STATISTICS -> acceptChecked(s, p, r, TaskResult.KindCase.STATISTICS, "statistics task answered without statistics",
                        "rejected statistics: ", "statistics", r::getStatistics,
                        () -> PrepProtocol.siteStatistics(r.getStatistics(), p.minRows));
            }
        }
    }

    /**
     * A result without weights: refused ({@code missing}) unless it is of the {@code expected} kind, and
     * ({@code rejected} + the reason) unless {@code check} passes; then accepted.
     */
    private void acceptChecked(NodeSession s, Pending p, TaskResult r, TaskResult.KindCase expected, String missing, String rejected,
                               String kind, Supplier<Message> body, Runnable check) {
        if (r.getKindCase() != expected) {
            reject(p, missing);
        }
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            reject(p, rejected + e.getMessage());
        }
        accept(s, p, r, kind, body.get().toByteArray());
    }

    /** A result without weights is accepted: recorded in the audit chain, and its signed receipt sent to the node. */
    private void accept(NodeSession s, Pending p, TaskResult r, String kind, byte[] body) {
        p.result = r;
        CoordinatorTrail t = trail;
        if (t != null) {
            String entry = t.resultReceived(siteId, p.round, kind, Weights.sha256(body));
            s.trySend(CoordinatorMessage.newBuilder().setReceipt(ResultReceipt.newBuilder().setTaskId(p.taskId).setEntry(entry)).build());
        }
        p.answer.complete(r);
    }

    /**
     * A fit answer in a secure round, or a sealed answer: accepted only when both are true and the
     * answer carries nothing (no weights announced, no count, no metric). An update in the clear is
     * refused before its upload starts, so none of its chunks is accepted or read.
     */
    private static void acceptSealed(Pending p, TaskResult r) {
        FitResult f = r.getFit();
        if (!p.secure) {
            reject(p, "sealed fit result in a round that is not secure (no update to sum)");
        }
        if (!f.getSealed() || r.hasWeights()) {
            reject(p, "sent its update in the clear in a secure round; refused before the upload (nothing was read)");
        }
        if (f.getNumSamples() != 0 || f.getMetricsCount() > 0 || f.getDelta()) {
            reject(p, "a sealed fit result must carry no sample count, metric or delta flag; refused");
        }
        p.result = r;
        p.answer.complete(r);
    }

    void onChunk(NodeSession s, WeightsChunk c) {
        Pending p = uploads.get(c.getTransferId());
        if (p == null) {
            throw new RejectedMessageException("chunk for unknown or closed transfer " + shortId(c.getTransferId()));
        }
        synchronized (p) {
            boolean done;
            try {
                done = p.upload.accept(c);
            } catch (IllegalArgumentException e) {
                reject(p, "rejected upload: " + e.getMessage());
                return;
            }
            TransferAck.Builder ack = TransferAck.newBuilder().setTransferId(c.getTransferId())
                    .setNextChunk(p.upload.nextChunk()).setComplete(p.upload.isComplete());
            CoordinatorTrail t = trail;
            if (done && t != null) {
                // the receipt: the coordinator's signed record of this update, which the node keeps
                ack.setReceipt(t.updateReceived(siteId, p.round, p.result.getWeights().getSha256().toByteArray()));
            }
            s.trySend(CoordinatorMessage.newBuilder().setAck(ack).build());
            if (done) {
                try {
                    p.answer.complete(p.upload.weights());
                } catch (IllegalArgumentException e) {
                    p.answer.completeExceptionally(new IllegalStateException("rejected: " + e.getMessage()));
                }
            }
        }
    }

    void onFailure(TaskFailure f) {
        Pending p = pending.get(f.getTaskId());
        if (p == null) {
            throw new RejectedMessageException("failure report for unknown or closed task " + shortId(f.getTaskId()));
        }
        String reason = f.getReason().length() > 200 ? f.getReason().substring(0, 200) + "..." : f.getReason();
        p.answer.completeExceptionally(new IllegalStateException("site reported: " + reason));
    }

    private static void reject(Pending p, String reason) {
        p.answer.completeExceptionally(new IllegalStateException(reason));
        throw new RejectedMessageException(reason);
    }

    private static long sizeOf(List<TensorSpec> layout) {
        long n = 0;
        for (TensorSpec t : layout) {
            n += t.numel();
        }
        return n;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static String shortId(String id) {
        return id.length() > 40 ? id.substring(0, 40) + "..." : id;
    }

    /** A message the coordinator refuses; the stream stays open. */
    static final class RejectedMessageException extends RuntimeException {
        RejectedMessageException(String message) {
            super(message);
        }
    }
}
