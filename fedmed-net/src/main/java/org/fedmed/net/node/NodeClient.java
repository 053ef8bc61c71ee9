package org.fedmed.net.node;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.fedmed.core.federation.EvaluateInstructions;
import org.fedmed.core.federation.FitInstructions;
import org.fedmed.core.federation.SiteClient;
import org.fedmed.core.federation.SiteEvaluation;
import org.fedmed.core.federation.SiteUpdate;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.net.Protocol;
import org.fedmed.net.proto.CoordinatorGrpc;
import org.fedmed.net.proto.CoordinatorMessage;
import org.fedmed.net.proto.FitResult;
import org.fedmed.net.proto.Hello;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TaskFailure;
import org.fedmed.net.proto.TaskResult;
import org.fedmed.net.proto.TransferAck;
import org.fedmed.net.proto.TransferHeader;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.tls.Tls;
import org.fedmed.net.transfer.ChunkReceiver;
import org.fedmed.net.transfer.ChunkSender;
import org.fedmed.net.transfer.Weights;

/**
 * A hospital node: dials the coordinator (outbound only) with its kit's client certificate, keeps one
 * stream open, runs the tasks it receives on its local {@link SiteClient} (a core {@code LocalSite}
 * in production) and sends back weights, counts and aggregate metrics. When the connection drops it
 * reconnects with exponential backoff (1 s doubling to 30 s) and resumes an interrupted upload from
 * the last chunk the coordinator acknowledged. It stops when the coordinator ends the stream normally
 * (the federation is over).
 */
public final class NodeClient {

    private static final System.Logger LOG = System.getLogger(NodeClient.class.getName());

    private final NodeKit kit;
    private final Function<ModelSpec, SiteClient> siteFactory;
    private final PrintStream progress;
    private final int chunkBytes;
    private final Duration giveUpAfter;
    private final long maxModelBytes;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fedmed-node-task");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private SiteClient site;
    private ModelSpec model;
    private volatile Session current;
    private volatile int uploadChunkBytes;
    private volatile boolean stopped;
    private volatile Upload pendingUpload;

    public NodeClient(NodeKit kit, Function<ModelSpec, SiteClient> siteFactory, PrintStream progress, int chunkBytes,
                      Duration giveUpAfter) {
        this.kit = kit;
        this.siteFactory = siteFactory;
        this.progress = progress;
        this.chunkBytes = chunkBytes;
        this.giveUpAfter = giveUpAfter;
        this.maxModelBytes = Integer.MAX_VALUE - 8;
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

    /** An upload the node started: kept until the coordinator confirms it, to resume after a reconnect. */
    private record Upload(String taskId, int round, ChunkSender sender, long started) {
    }

    /**
     * Connects, serves tasks, reconnects; returns 0 when the coordinator ended the federation, 2 when
     * it could not reach or stay connected to the coordinator for {@code giveUpAfter}.
     */
    public int run() throws InterruptedException {
        long backoffMillis = 1000;
        long lastGood = System.nanoTime();
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
                CoordinatorGrpc.newStub(channel).join(s);
                s.sendHello();
                s.done.await();
            } finally {
                channel.shutdownNow();
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            if (stopped) {
                worker.shutdownNow();
                return 0;
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
                return 0;
            }
            backoffMillis = Math.min(backoffMillis * 2, 30_000);
        }
    }

    /** One stream to the coordinator. */
    private final class Session implements ClientResponseObserver<NodeMessage, CoordinatorMessage> {
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean finished;
        volatile boolean welcomed;
        volatile String error = "";
        private ClientCallStreamObserver<NodeMessage> out;
        private Task task;
        private ChunkReceiver download;
        private long downloadStart;

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
                        task = m.getTask();
                        download = new ChunkReceiver(task.getWeights(), null, maxModelBytes);
                        downloadStart = System.nanoTime();
                        cancelled.remove(task.getTaskId());
                    }
                    case CHUNK -> {
                        if (download == null) {
                            LOG.log(Level.WARNING, "chunk without a task; ignored");
                            return;
                        }
                        boolean complete = download.accept(m.getChunk());
                        send(NodeMessage.newBuilder().setAck(TransferAck.newBuilder().setTransferId(download.transferId())
                                .setNextChunk(download.nextChunk()).setComplete(download.isComplete())).build());
                        if (complete) {
                            Task t = task;
                            ModelWeights w = download.weights();
                            double secs = (System.nanoTime() - downloadStart) / 1e9;
                            download = null;
                            worker.execute(() -> execute(t, w, secs));
                        }
                    }
                    case ACK -> ack(m.getAck());
                    case CANCEL -> {
                        cancelled.add(m.getCancel().getTaskId());
                        progress.println("[" + kit.siteId() + "] task cancelled by the coordinator: " + m.getCancel().getReason());
                    }
                    case REFUSAL -> progress.println("[" + kit.siteId() + "] the coordinator refused a message: "
                            + m.getRefusal().getReason());
                    default -> LOG.log(Level.WARNING, "unknown message from the coordinator; ignored");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "bad message from the coordinator: " + e.getMessage());
                if (task != null && download != null) {
                    fail(task.getTaskId(), "bad model transfer: " + e.getMessage());
                    download = null;
                }
            }
        }

        private volatile String resumeId;

        void sendHello() {
            Hello.Builder h = Hello.newBuilder().setProtocolVersion(Protocol.VERSION).setSoftware(Protocol.SOFTWARE);
            Upload u = pendingUpload;
            if (u != null) {
                resumeId = u.sender().transferId();
                h.addPendingUploads(resumeId);
            }
            send(NodeMessage.newBuilder().setHello(h).build());
        }

        private void welcome(CoordinatorMessage m) {
            welcomed = true;
            if (!kit.siteId().equals(m.getWelcome().getSiteId())) {
                LOG.log(Level.WARNING, "the coordinator knows this node as " + m.getWelcome().getSiteId() + ", the kit says " + kit.siteId());
            }
            int max = m.getWelcome().getMaxChunkBytes();
            uploadChunkBytes = max >= Weights.MIN_CHUNK_BYTES ? Math.min(chunkBytes, max) : chunkBytes;
            ModelSpec spec = Protocol.modelSpec(m.getWelcome().getModel());
            synchronized (NodeClient.this) {
                if (!spec.equals(model)) {
                    model = spec;
                    site = siteFactory.apply(spec);
                }
            }
            progress.println("[" + kit.siteId() + "] connected to federation " + m.getWelcome().getFederation() + " at "
                    + kit.coordinatorHost() + ":" + kit.coordinatorPort() + " (model " + spec + ")");
        }

        private void ack(TransferAck a) {
            Upload u = pendingUpload;
            if (u == null || !u.sender().transferId().equals(a.getTransferId())) {
                return;
            }
            if (a.getTransferId().equals(resumeId)) {
                // the coordinator's answer to Hello.pending_uploads
                resumeId = null;
                if (!a.getResumePossible()) {
                    pendingUpload = null;
                    progress.println("[" + kit.siteId() + "] the coordinator no longer wants the update of round " + u.round()
                            + "; dropped");
                    return;
                }
                int from = a.getNextChunk();
                progress.println("[" + kit.siteId() + "] resuming the upload of round " + u.round() + " at chunk " + from
                        + " of " + u.sender().chunkCount());
                worker.execute(() -> {
                    u.sender().resumeFrom(from);
                    upload(u, false);
                });
                return;
            }
            u.sender().onAck(a);
        }

        @Override
        public void onError(Throwable t) {
            Status st = Status.fromThrowable(t);
            error = st.getCode() + (st.getDescription() == null ? "" : ": " + st.getDescription());
            if (t.getCause() != null && st.getDescription() == null) {
                error += " (" + t.getCause().getMessage() + ")";
            }
            close();
        }

        @Override
        public void onCompleted() {
            finished = true;
            close();
        }

        private void close() {
            Upload u = pendingUpload;
            if (u != null) {
                u.sender().connectionLost();
            }
            synchronized (this) {
                done.countDown();
            }
        }
    }

    private void execute(Task t, ModelWeights w, double downloadSeconds) {
        if (cancelled.contains(t.getTaskId())) {
            return;
        }
        long start = System.nanoTime();
        try {
            SiteClient s;
            synchronized (this) {
                s = site;
            }
            switch (t.getKindCase()) {
                case FIT -> {
                    SiteUpdate u = s.fit(new FitInstructions(t.getRound(), w, Protocol.trainingConfig(t.getFit())));
                    double trainSecs = (System.nanoTime() - start) / 1e9;
                    if (cancelled.contains(t.getTaskId())) {
                        progress.println("[" + kit.siteId() + "] round " + t.getRound() + ": finished after the deadline; not sent");
                        return;
                    }
                    byte[] payload = Weights.encode(u.weights());
                    ChunkSender sender = new ChunkSender(Weights.header(UUID.randomUUID().toString(), u.weights().specs(), payload,
                            uploadChunkBytes), payload);
                    Upload up = new Upload(t.getTaskId(), t.getRound(), sender, System.nanoTime());
                    pendingUpload = up;
                    current.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId())
                            .setRound(t.getRound()).setFit(FitResult.newBuilder().setNumSamples(u.numSamples())
                                    .putAllMetrics(u.metrics())).setWeights(sender.header())).build());
                    progress.println(String.format(Locale.ROOT, "[%s] round %d: model received (%s, %.2f s), trained on %d examples in %.2f s",
                            kit.siteId(), t.getRound(), bytes(t.getWeights().getTotalBytes()), downloadSeconds, u.numSamples(), trainSecs));
                    upload(up, true);
                }
                case EVALUATE -> {
                    SiteEvaluation e = s.evaluate(new EvaluateInstructions(t.getRound(), w));
                    current.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId())
                            .setRound(t.getRound()).setEvaluate(Protocol.evaluateResult(e.result()))).build());
                    progress.println(String.format(Locale.ROOT, "[%s] round %d: evaluated the global model on %d local test examples",
                            kit.siteId(), t.getRound(), e.result().samples()));
                }
                default -> fail(t.getTaskId(), "unsupported task type");
            }
        } catch (ChunkSender.InterruptedTransferException e) {
            progress.println("[" + kit.siteId() + "] round " + t.getRound() + ": connection lost (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "task failed", e);
            fail(t.getTaskId(), e.getClass().getSimpleName());
        }
    }

    private void upload(Upload up, boolean first) {
        long start = System.nanoTime();
        try {
            up.sender().send(c -> current.send(NodeMessage.newBuilder().setChunk(c).build()), 8, true, 3_600_000L);
            if (pendingUpload == up) {
                pendingUpload = null;
            }
            double secs = (System.nanoTime() - start) / 1e9;
            TransferHeader h = up.sender().header();
            progress.println(String.format(Locale.ROOT, "[%s] round %d: update %s (%s, %d chunks, %.2f s%s)", kit.siteId(), up.round(),
                    first ? "uploaded" : "upload resumed and completed", bytes(h.getTotalBytes()), up.sender().chunkCount(), secs,
                    secs > 0 ? String.format(Locale.ROOT, ", %.1f MB/s", h.getTotalBytes() / 1e6 / secs) : ""));
        } catch (ChunkSender.InterruptedTransferException e) {
            progress.println("[" + kit.siteId() + "] round " + up.round() + ": upload interrupted at chunk " + up.sender().acked()
                    + " of " + up.sender().chunkCount() + "; will resume after reconnecting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String taskId, String reason) {
        try {
            current.send(NodeMessage.newBuilder().setFailure(TaskFailure.newBuilder().setTaskId(taskId).setReason(reason)).build());
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not report a failure: " + e.getMessage());
        }
    }

    static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}
