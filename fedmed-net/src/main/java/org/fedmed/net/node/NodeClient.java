package org.fedmed.net.node;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fedmed.core.privacy.budget.NodePrivacyPolicy;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.net.Protocol;
import org.fedmed.net.approval.CoordinatorIdentity;
import org.fedmed.net.node.approval.PeerCertificate;
import org.fedmed.net.node.approval.StudyGate;
import org.fedmed.net.proto.CoordinatorGrpc;
import org.fedmed.net.proto.CoordinatorMessage;
import org.fedmed.net.proto.Hello;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TransferAck;
import org.fedmed.net.proto.WeightsChunk;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.tls.Tls;
import org.fedmed.net.trail.NodeTrail;
import org.fedmed.net.transfer.ChunkSender;
import org.fedmed.net.transfer.Weights;
import org.fedmed.study.DataSplit;

/**
 * A hospital node: dials the coordinator (outbound only) with its kit's client certificate, keeps one
 * stream open, runs the tasks it receives on its local {@link SiteClient} (a core {@code LocalSite}
 * in production) and sends back weights, counts and aggregate metrics, or, in a secure round, only
 * the answers of its {@link org.fedmed.core.secure.site.SecureSite} (see {@link NodeSecurity}). When the connection drops it
 * reconnects with exponential backoff (1 s doubling to 30 s), resumes an interrupted upload from
 * the last chunk the coordinator acknowledged, and continues an interrupted model download from the
 * last chunk it received (see {@link ModelDownload}). It stops when the coordinator ends the stream
 * normally (the federation is over), or when its data cannot serve the study (see
 * {@link NodeDataException}). With {@link #approvingWith} (always in {@code fedmed node}) it runs a
 * study only once its hospital approved it.
 */
public final class NodeClient {

    private static final System.Logger LOG = System.getLogger(NodeClient.class.getName());

    private final NodeKit kit;
    private final PrintStream progress;
    private final int chunkBytes;
    private final Duration giveUpAfter;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fedmed-node-task");
        t.setDaemon(true);
        return t;
    });
    private final TaskRunner runner;
    private final ModelDownload download; // outlives a stream so that a cut-off download resumes
    private volatile Session current;
    private volatile boolean stopped;
    private volatile String fatal; // why the node stopped on its own: its data cannot serve the study
    private volatile NodePrivacyPolicy policy; // announced in the hello when the node has a privacy budget, or null
    private volatile DataSplit demoSplit; // how this node split a bundled dataset (reported in its hello), or null
    private volatile StudyGate gate = StudyGate.open();

    public NodeClient(NodeKit kit, Function<ModelSpec, SiteClient> siteFactory, PrintStream progress, int chunkBytes,
                      Duration giveUpAfter) {
        this(kit, NodeData.fromModel(siteFactory), progress, chunkBytes, giveUpAfter);
    }

    public NodeClient(NodeKit kit, NodeData data, PrintStream progress, int chunkBytes, Duration giveUpAfter) {
        this.kit = kit;
        this.progress = progress;
        this.chunkBytes = chunkBytes;
        this.giveUpAfter = giveUpAfter;
        this.download = new ModelDownload(Integer.MAX_VALUE - 8);
        this.runner = new TaskRunner(kit.siteId(), data, progress, new TaskRunner.Link() {
            @Override
            public void send(NodeMessage m) {
                current.send(m);
            }

            @Override
            public void stop(String reason) {
                stopOnDataError(reason);
            }
        }, NodeSecurity.fromKit(kit, false));
        runner.auditTrail(NodeTrail.open(kit, progress));
    }

    /**
     * A node that refuses every fit task that is not summed securely ({@code --require-secure-aggregation}):
     * the hospital's own rule, enforced on each task whatever the coordinator's study says.
     */
    public NodeClient requireSecureAggregation(boolean require) {
        return secureAggregation(NodeSecurity.fromKit(kit, require));
    }

    /** How the node takes part in secure aggregation (by default: its kit's key and certificate, secure rounds not required). */
    public NodeClient secureAggregation(NodeSecurity security) {
        runner.security(security);
        return this;
    }

    /** A node with a privacy budget: announces its policy's limits, so the coordinator can refuse a study they exclude. */
    public NodeClient announcingPolicy(NodePrivacyPolicy p) {
        this.policy = p;
        return this;
    }

    /**
     * A node that runs a study only once its hospital approved it (the kit's approvals and policy, see
     * {@link StudyGate}); without this every study runs, as in an embedded node.
     */
    public NodeClient approvingWith(StudyGate g) {
        // the node's own chain records each study its hospital approved, before any of its tasks runs
        g.onApproved(d -> {
            NodeTrail chain = runner.releases.trail;
            if (chain != null) {
                chain.studyApproved(d.hex(), d.study().getFederation());
            }
        });
        this.gate = g;
        runner.gate(g);
        return this;
    }

    /**
     * Keeps the site's state under {@code dir}, per approved study: SCAFFOLD's control variate across restarts,
     * the personal model a study with finetune_epochs leaves, and whether its noisy explanation was released.
     */
    public NodeClient keepingSiteStateIn(Path dir) {
        runner.controlStore(new ControlStore(dir));
        runner.siteState(dir);
        return this;
    }

    /** A demo-data node: reports how it split the bundled dataset, so the coordinator can refuse another split. */
    public NodeClient reportingSplit(DataSplit split) {
        this.demoSplit = split;
        return this;
    }

    /** Stops the node: closes its connection and ends {@link #run()}. */
    public void stop() {
        stopped = true;
        Session s = current;
        if (s != null && s.out != null) {
            try {
                s.out.cancel("node stopping", null);
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    /**
     * Ends the stream after whatever was sent on it (the failure report comes first), then
     * {@link #run()} returns 1. Runs on the worker thread.
     */
    private void stopOnDataError(String reason) {
        fatal = reason;
        stopped = true;
        Session s = current;
        try {
            synchronized (s) {
                s.out.onCompleted();
            }
            if (!s.done.await(5, TimeUnit.SECONDS)) {
                s.out.cancel("node stopping: " + reason, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException closed) {
            LOG.log(Level.DEBUG, "stream already closed: " + closed.getMessage());
        }
    }

    /**
     * Connects, serves tasks, reconnects; returns 0 when the coordinator ended the federation, 1 when
     * the node's data cannot serve the study (reported, then stopped), 2 when it could not reach or
     * stay connected to the coordinator for {@code giveUpAfter}.
     */
    public int run() throws InterruptedException {
        long backoffMillis = 1000;
        long lastGood = System.nanoTime();
        int certificateRefusals = 0;
        while (true) {
            ManagedChannel channel = NettyChannelBuilder.forAddress(kit.coordinatorHost(), kit.coordinatorPort())
                    .sslContext(Tls.client(kit))
                    .maxInboundMessageSize(Weights.MAX_CHUNK_BYTES + Weights.MESSAGE_OVERHEAD)
                    .keepAliveTime(30, TimeUnit.SECONDS)
                    .flowControlWindow(Weights.FLOW_CONTROL_WINDOW)
                    .build();
            Session s = new Session();
            try {
                current = s;
                CoordinatorGrpc.newStub(channel).withInterceptors(new PeerCertificate(cert -> {
                    s.coordinator = cert == null ? null : CoordinatorIdentity.of(cert);
                    runner.releases.coordinatorCertificate = cert;
                })).join(s);
                try {
                    s.sendHello();
                    awaitSession(s);
                } catch (ChunkSender.InterruptedTransferException closedAlready) {
                    // a connection refused at once can close the stream before the hello goes out: the session's
                    // error says why, and the node retries like after any other lost connection
                }
            } finally {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            if (stopped) {
                worker.shutdownNow();
                return fatal != null ? 1 : 0;
            }
            if (s.finished) {
                progress.println("[" + kit.siteId() + "] the coordinator ended the federation; stopping");
                worker.shutdownNow();
                return 0;
            }
            if (s.welcomed) {
                backoffMillis = 1000;
                lastGood = System.nanoTime();
            }
            certificateRefusals = ConnectionDiagnosis.isCertificateRefusal(s.error) ? certificateRefusals + 1 : 0;
            if (certificateRefusals >= ConnectionDiagnosis.CERTIFICATE_ATTEMPTS) {
                // a bounded retry: a certificate the coordinator refuses (or one it cannot prove) stays refused
                progress.println("[" + kit.siteId() + "] giving up after " + certificateRefusals + " refused handshakes in a row ("
                        + s.error + ")");
                worker.shutdownNow();
                return 2;
            }
            if (System.nanoTime() - lastGood > giveUpAfter.toNanos()) {
                progress.println("[" + kit.siteId() + "] giving up: no working connection for " + giveUpAfter.toSeconds() + " s ("
                        + s.error + ")");
                worker.shutdownNow();
                return 2;
            }
            progress.println("[" + kit.siteId() + "] disconnected (" + s.error + "); reconnecting in " + backoffMillis / 1000.0 + " s");
            long wake = System.currentTimeMillis() + backoffMillis;
            while (!stopped && System.currentTimeMillis() < wake) {
                Thread.sleep(50);
            }
            if (stopped) {
                worker.shutdownNow();
                return fatal != null ? 1 : 0;
            }
            backoffMillis = Math.min(backoffMillis * 2, 30_000);
        }
    }

    /** One stream to the coordinator. */
    /** How long a fresh stream may stay without the coordinator's welcome before the node reconnects. */
    static final long WELCOME_TIMEOUT_SECONDS = 30;

    /**
     * Waits for the session to end. A stream that never gets its welcome (seen when a node dialled a
     * coordinator that was still starting) is abandoned after {@link #WELCOME_TIMEOUT_SECONDS} so the
     * node reconnects instead of waiting forever.
     */
    private static void awaitSession(Session s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WELCOME_TIMEOUT_SECONDS);
        while (!s.done.await(200, TimeUnit.MILLISECONDS)) {
            if (!s.welcomed && System.nanoTime() > deadline) {
                s.error = "no welcome from the coordinator within " + WELCOME_TIMEOUT_SECONDS + " s";
                return;
            }
        }
    }

    private final class Session implements ClientResponseObserver<NodeMessage, CoordinatorMessage> {
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean finished;
        volatile boolean welcomed;
        volatile String error = "";
        volatile CoordinatorIdentity coordinator; // as its certificate on this connection says, once the headers came
        private ClientCallStreamObserver<NodeMessage> out;

        @Override
        public void beforeStart(ClientCallStreamObserver<NodeMessage> requestStream) {
            this.out = requestStream;
        }

        synchronized void send(NodeMessage m) {
            if (done.getCount() == 0) {
                throw new ChunkSender.InterruptedTransferException("connection closed");
            }
            out.onNext(m);
        }

        @Override
        public void onNext(CoordinatorMessage m) {
            try {
                switch (m.getBodyCase()) {
                    case WELCOME -> welcome(m);
                    case TASK -> {
                        if (m.getTask().hasStatistics()) {
                            // the statistics step: no model follows
                            worker.execute(() -> runner.statistics(m.getTask()));
                            return;
                        }
                        if (m.getTask().hasSecureStep()) {
                            // a step of a secure round: no model follows
                            runner.cancelled.remove(m.getTask().getTaskId());
                            worker.execute(() -> runner.secureStep(m.getTask()));
                            return;
                        }
                        task(m.getTask());
                    }
                    case CHUNK -> chunk(m.getChunk());
                    case ACK -> ack(m.getAck());
                    case RECEIPT -> runner.releases.resultReceipt(m.getReceipt());
                    case SETUP -> worker.execute(() -> runner.setUp(m.getSetup()));
                    case CANCEL -> {
                        runner.cancelled.add(m.getCancel().getTaskId());
                        if (download.cancel(m.getCancel().getTaskId())) {
                            progress.println("[" + kit.siteId() + "] partly received model dropped");
                        }
                        progress.println("[" + kit.siteId() + "] task cancelled by the coordinator: " + m.getCancel().getReason());
                    }
                    case REFUSAL -> {
                        if (m.getRefusal().getFatal()) {
                            progress.println("[" + kit.siteId() + "] the coordinator refused this node: " + m.getRefusal().getReason());
                            // decided here, before the stream ends, so the node stops instead of reconnecting
                            fatal = m.getRefusal().getReason();
                            stopped = true;
                            worker.execute(() -> stopOnDataError(m.getRefusal().getReason()));
                            return;
                        }
                        progress.println("[" + kit.siteId() + "] the coordinator refused a message: " + m.getRefusal().getReason());
                    }
                    default -> LOG.log(Level.WARNING, "unknown message from the coordinator; ignored");
                }
            } catch (ChunkSender.InterruptedTransferException e) {
                // the stream closed under us: a partial model stays for the next hello to resume
                LOG.log(Level.DEBUG, "could not answer the coordinator: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "bad message from the coordinator: " + e.getMessage());
                String failed = download.discard();
                if (failed != null) {
                    runner.fail(failed, "bad model transfer: " + e.getMessage());
                }
            }
        }

        private void task(Task t) {
            int from = download.begin(t);
            runner.cancelled.remove(t.getTaskId());
            if (from > 0) {
                progress.println("[" + kit.siteId() + "] resuming the model download of round " + t.getRound() + " at chunk " + from
                        + " of " + download.chunkCount());
            }
        }

        private void chunk(WeightsChunk c) {
            ModelDownload.Step step = download.accept(c);
            if (step == null) {
                LOG.log(Level.WARNING, "chunk without a task; ignored");
                return;
            }
            send(NodeMessage.newBuilder().setAck(step.ack()).build());
            ModelDownload.Received got = step.model();
            if (got != null) {
                worker.execute(() -> runner.execute(got.task(), got.weights(), got.seconds()));
            }
        }

        private volatile String resumeId;

        void sendHello() {
            Hello.Builder h = Hello.newBuilder().setProtocolVersion(Protocol.VERSION).setSoftware(Protocol.SOFTWARE);
            TaskRunner.Upload u = runner.pendingUpload;
            if (u != null) {
                resumeId = u.sender().transferId();
                h.addPendingUploads(resumeId);
            }
            download.pending().ifPresent(d -> {
                h.addPendingDownloads(d);
                progress.println("[" + kit.siteId() + "] asking to resume the model download at chunk " + d.getNextChunk());
            });
            DataSplit split = demoSplit;
            if (split != null) {
                h.setDemoSplit(Protocol.demoSplit(split));
            }
            NodePrivacyPolicy announced = policy;
            if (announced != null) {
                h.setPolicy(Protocol.nodePolicy(announced));
            }
            send(NodeMessage.newBuilder().setHello(h).build());
        }

        private void welcome(CoordinatorMessage m) {
            welcomed = true;
            if (!kit.siteId().equals(m.getWelcome().getSiteId())) {
                LOG.log(Level.WARNING, "the coordinator knows this node as " + m.getWelcome().getSiteId() + ", the kit says " + kit.siteId());
            }
            int max = m.getWelcome().getMaxChunkBytes();
            runner.uploadChunkBytes = max >= Weights.MIN_CHUNK_BYTES ? Math.min(chunkBytes, max) : chunkBytes;
            ModelSpec spec = m.getWelcome().hasModel() ? Protocol.modelSpec(m.getWelcome().getModel()) : null;
            progress.println("[" + kit.siteId() + "] connected to federation " + m.getWelcome().getFederation() + " at "
                    + kit.coordinatorHost() + ":" + kit.coordinatorPort() + (spec != null ? " (model " + spec + ")"
                    : " (own-data study: the model follows the federated preprocessing)"));
            DemoAssignment demo = m.getWelcome().hasDemoSplit() ? new DemoAssignment(Protocol.demoSplit(m.getWelcome().getDemoSplit()),
                    m.getWelcome().getDemoShard()) : null;
            CoordinatorIdentity seen = coordinator;
            worker.execute(() -> {
                gate.welcomed(m.getWelcome(), seen);
                runner.welcomed(spec, demo);
            });
        }

        private void ack(TransferAck a) {
            TaskRunner.Upload u = runner.pendingUpload;
            if (u == null || !u.sender().transferId().equals(a.getTransferId())) {
                return;
            }
            if (a.getTransferId().equals(resumeId)) {
                // the coordinator's answer to Hello.pending_uploads
                resumeId = null;
                if (!a.getResumePossible()) {
                    runner.pendingUpload = null;
                    progress.println("[" + kit.siteId() + "] the coordinator no longer wants the update of round " + u.round()
                            + "; dropped");
                    return;
                }
                int from = a.getNextChunk();
                progress.println("[" + kit.siteId() + "] resuming the upload of round " + u.round() + " at chunk " + from
                        + " of " + u.sender().chunkCount());
                worker.execute(() -> {
                    u.sender().resumeFrom(from);
                    runner.upload(u, false);
                });
                return;
            }
            if (a.getComplete()) {
                runner.releases.updateReceipt(u.round(), u.sender().header().getSha256().toByteArray(), a.getReceipt());
            }
            u.sender().onAck(a);
        }

        @Override
        public void onError(Throwable t) {
            error = ConnectionDiagnosis.describe(t, kit.coordinatorHost(), kit.coordinatorPort());
            close();
        }

        @Override
        public void onCompleted() {
            finished = true;
            close();
        }

        private void close() {
            TaskRunner.Upload u = runner.pendingUpload;
            if (u != null) {
                u.sender().connectionLost();
            }
            synchronized (this) {
                done.countDown();
            }
        }
    }
}
