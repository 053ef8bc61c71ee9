package org.fedmed.net;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fedmed.core.metrics.ClassificationMetrics;
import org.fedmed.core.metrics.ConfusionMatrix;
import org.fedmed.core.metrics.EvaluationResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.EvaluateInstructions;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteEvaluation;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.net.approval.CoordinatorIdentity;
import org.fedmed.net.coordinator.Coordinator;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.node.NodeClient;
import org.fedmed.net.node.NodeMain;
import org.fedmed.net.node.approval.ApprovalPolicy;
import org.fedmed.net.proto.CoordinatorGrpc;
import org.fedmed.net.proto.CoordinatorMessage;
import org.fedmed.net.proto.Hello;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.PendingDownload;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.tls.Tls;
import org.fedmed.net.transfer.Weights;

/** Shared pieces of the network tests: provisioning on a free loopback port, fake sites, a scriptable raw node. */
final class NetFixtures {

    static final ModelSpec MODEL = ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {4}, 2);

    private NetFixtures() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A federation whose kits trust its coordinator by policy, so every study of that coordinator runs (see {@link #trustCoordinator}). */
    static Provisioner provision(Path dir, int port, String... sites) {
        Provisioner p = new Provisioner(dir);
        p.create("test", List.of(sites), "localhost", port, List.of());
        for (String site : sites) {
            trustCoordinator(p, site);
        }
        return p;
    }

    /**
     * Writes a policy.yaml into {@code site}'s kit that lets every study of the federation's coordinator
     * run: the hospital's approval, given once for the tests that are not about approval.
     */
    static void trustCoordinator(Provisioner p, String site) {
        String fp = CoordinatorIdentity.fromCertificateFile(p.layout().serverCert()).sha256();
        try {
            Files.writeString(p.layout().kit(site).resolve(ApprovalPolicy.FILE), "coordinators: [\"sha256:" + fp + "\"]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CoordinatorServer server(Provisioner p, int port, List<String> sites, Duration joinWait, int chunkBytes) {
        return new CoordinatorServer(p.layout(), "test", MODEL, sites, new InetSocketAddress("127.0.0.1", port), joinWait, chunkBytes)
                .start();
    }

    /** A site whose update is the global model plus {@code step} everywhere, trained on {@code n} examples. */
    record FakeSite(String siteId, float step, long n) implements SiteClient {
        @Override
        public SiteUpdate fit(FitInstructions in) {
            float[] v = in.globalWeights().values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += step * (1 + (in.round() % 3));
            }
            return new SiteUpdate(siteId, in.round(), in.globalWeights().withValues(v), n,
                    Map.of(SiteUpdate.TRAIN_LOSS, 1.0 / in.round()));
        }

        @Override
        public SiteEvaluation evaluate(EvaluateInstructions in) {
            ConfusionMatrix cm = ConfusionMatrix.ofCounts(new long[][] {{5, 1}, {2, 7}});
            return new SiteEvaluation(siteId, in.round(), new EvaluationResult(0.25, ClassificationMetrics.fromConfusion(cm, 0.8)));
        }
    }

    /** Runs a real {@link NodeClient} on a daemon thread with a fake site. */
    static final List<NodeClient> STARTED = new CopyOnWriteArrayList<>();

    /** Stops every node the fixtures started. */
    static void stopNodes() {
        STARTED.forEach(NodeClient::stop);
        STARTED.clear();
    }

    static Thread startNode(NodeKit kit, SiteClient site, PrintStream progress) {
        NodeClient client = new NodeClient(kit, spec -> site, progress, Weights.DEFAULT_CHUNK_BYTES, Duration.ofSeconds(60));
        STARTED.add(client);
        Thread t = new Thread(() -> {
            try {
                client.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "node-" + kit.siteId());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A hand-driven node: the test decides every message it sends. */
    static final class RawNode implements AutoCloseable, ClientResponseObserver<NodeMessage, CoordinatorMessage> {
        final BlockingQueue<CoordinatorMessage> inbox = new LinkedBlockingQueue<>();
        final ManagedChannel channel;
        volatile Throwable error;
        volatile boolean completed;
        private ClientCallStreamObserver<NodeMessage> out;

        RawNode(NodeKit kit, int maxInbound) {
            channel = NettyChannelBuilder.forAddress(kit.coordinatorHost(), kit.coordinatorPort()).sslContext(Tls.client(kit))
                    .flowControlWindow(Weights.FLOW_CONTROL_WINDOW)
                    .maxInboundMessageSize(maxInbound).build();
            CoordinatorGrpc.newStub(channel).join(this);
        }

        RawNode hello(String... pendingUploads) {
            send(NodeMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                    .addAllPendingUploads(List.of(pendingUploads))).build());
            return this;
        }

        /** A hello naming partly received model downloads, as a reconnecting node sends it. */
        RawNode helloResuming(PendingDownload... downloads) {
            send(NodeMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(Protocol.VERSION)
                    .addAllPendingDownloads(List.of(downloads))).build());
            return this;
        }

        synchronized void send(NodeMessage m) {
            out.onNext(m);
        }

        CoordinatorMessage next(long seconds) throws InterruptedException {
            CoordinatorMessage m = inbox.poll(seconds, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message from the coordinator within " + seconds + " s (error: " + error + ")");
            }
            return m;
        }

        /** The next message of the given kind, skipping acknowledgements and refusals. */
        CoordinatorMessage next(CoordinatorMessage.BodyCase kind, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                long left = deadline - System.nanoTime();
                CoordinatorMessage m = inbox.poll(Math.max(1, left), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("no " + kind + " within " + seconds + " s (error: " + error + ")");
                }
                if (m.getBodyCase() == kind) {
                    return m;
                }
            }
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<NodeMessage> requestStream) {
            out = requestStream;
        }

        @Override
        public void onNext(CoordinatorMessage value) {
            inbox.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }

        void cancel() {
            out.cancel("test cuts the connection", null);
        }

        boolean awaitClosed(long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (error == null && !completed && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return error != null || completed;
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static ModelWeights zeros(int n) {
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {n})), new float[n]);
    }

    /** A piece of work for {@link #onDaemon}. */
    interface Job<T> {
        T call() throws Exception;
    }

    /** Runs {@code job} on a daemon thread named {@code name}; its result or failure completes the future. */
    static <T> CompletableFuture<T> onDaemon(String name, Job<T> job) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(job.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Runs the coordinator and returns once it listens (or ended), so nodes connect at once, without backing off. */
    static CompletableFuture<Coordinator.Outcome> startCoordinator(
            Coordinator c) throws Exception {
        var run = onDaemon("coordinator", c::run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (c.server() == null && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (c.server() == null && !run.isDone()) {
            throw new TimeoutException("the coordinator did not listen within 60 s");
        }
        return run;
    }

    /**
     * A study's federation.yaml in {@code dir} (provisioning {@code dir/fed}, H2 state in {@code dir/state},
     * short test deadlines) with {@code study}, the study section's keys, one per line, unindented.
     */
    static Path studyConfig(Path dir, int port, int rounds, String study) throws IOException {
        return Files.writeString(dir.resolve("federation.yaml"), """
                federation: test
                provisioning: fed
                listen: 127.0.0.1:%d
                db: jdbc:h2:file:%s
                rounds: %d
                round_deadline_seconds: 60
                site_wait_seconds: 5
                start_wait_seconds: 60
                study:
                """.formatted(port, dir.resolve("state").toAbsolutePath(), rounds) + study.indent(2));
    }

    /**
     * Starts one own-data node per entry of {@code options} (site-1, site-2, ... in order), each printing into
     * a new buffer appended to {@code logs}; returns their exit codes to come.
     */
    static List<CompletableFuture<Integer>> startOwnDataNodes(List<NodeMain.Options> options, List<ByteArrayOutputStream> logs) {
        List<CompletableFuture<Integer>> nodes = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            NodeMain.Options o = options.get(i);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            logs.add(log);
            nodes.add(onDaemon("site-" + (i + 1), () -> NodeMain.run(o, new PrintStream(log, true, StandardCharsets.UTF_8))));
        }
        return nodes;
    }
}
