package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.federation.Federation;
import org.fedmed.core.federation.FederationResult;
import org.fedmed.core.federation.RoundResult;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.strategy.FedAvg;
import org.fedmed.core.strategy.StrategyOptions;
import org.fedmed.net.NetFixtures.FakeSite;
import org.fedmed.net.NetFixtures.RawNode;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.proto.CoordinatorGrpc;
import org.fedmed.net.proto.CoordinatorMessage;
import org.fedmed.net.proto.FitResult;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TaskFailure;
import org.fedmed.net.proto.TaskResult;
import org.fedmed.net.proto.TransferAck;
import org.fedmed.net.proto.TransferHeader;
import org.fedmed.net.proto.WeightsChunk;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.ChunkReceiver;
import org.fedmed.net.transfer.ChunkSender;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coordinator and nodes in one JVM over real mutual TLS on loopback. */
class CoordinatorNetworkTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @org.junit.jupiter.api.AfterEach
    void stopNodes() {
        NetFixtures.stopNodes();
    }

    @Test
    void remoteSitesGiveTheSameResultAsInProcessSites(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir, port, "site-1", "site-2", "site-3");
        List<FakeSite> fakes = List.of(new FakeSite("site-1", 0.01f, 10), new FakeSite("site-2", -0.02f, 30),
                new FakeSite("site-3", 0.05f, 20));
        ModelWeights initial = NetFixtures.zeros(50_000);
        FederationResult local = federation(new ArrayList<SiteClient>(fakes), 4, 1, null).run(initial);

        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("site-1", "site-2", "site-3"), Duration.ofSeconds(20),
                Weights.MIN_CHUNK_BYTES * 16)) {
            List<Thread> nodes = new ArrayList<>();
            for (FakeSite f : fakes) {
                nodes.add(NetFixtures.startNode(NodeKit.load(p.layout().kit(f.siteId())), f, QUIET));
            }
            assertEquals(3, server.awaitConnected(3, Duration.ofSeconds(20)));
            FederationResult remote = federation(new ArrayList<SiteClient>(server.sites()), 4, 3, Duration.ofSeconds(30)).run(initial);
            assertArrayEquals(local.finalWeights().values(), remote.finalWeights().values());
            for (int r = 0; r < 4; r++) {
                RoundResult a = local.rounds().get(r);
                RoundResult b = remote.rounds().get(r);
                assertEquals(a.participants(), b.participants());
                assertEquals(Map.of(), b.failures());
                assertEquals(a.trainLoss(), b.trainLoss());
                assertEquals(a.siteEvaluations(), b.siteEvaluations());
            }
            // 50,000 floats in 64 KiB chunks: the model travels as several chunks each way
            assertTrue(server.traffic().toSites() > 4 * 3 * 2 * 200_000L, "bytes to sites " + server.traffic().toSites());
            server.finish();
            for (Thread t : nodes) {
                t.join(10_000);
                assertTrue(!t.isAlive(), "node " + t.getName() + " stops when the federation ends");
            }
        }
    }

    @Test
    void refusesForeignExpiredRevokedAndUnprovisionedCertificatesWithTheReason(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir.resolve("fed"), port, "a", "rev");
        Instant now = Instant.now();
        p.addSite("old", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        p.addSite("gone");
        Path registry = p.layout().sitesRegistry();
        Files.writeString(registry, String.join("\n", Files.readAllLines(registry).stream().filter(l -> !l.startsWith("gone=")).toList()));
        NodeKit foreign = Provisioner.foreignKit(dir.resolve("foreign"), "a", "localhost", port);
        Files.copy(p.layout().caCert(), foreign.caCertificate());
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("a", "rev"), Duration.ofSeconds(5), Weights.DEFAULT_CHUNK_BYTES)) {
            // a good site and "rev" (not yet revoked) connect and are welcomed with their certificate's identity
            try (RawNode ok = new RawNode(NodeKit.load(p.layout().kit("rev")), 1 << 20)) {
                assertEquals("rev", ok.hello().next(CoordinatorMessage.BodyCase.WELCOME, 10).getWelcome().getSiteId());
            }
            p.revoke("rev");
            expectRefused(server, NodeKit.load(p.layout().kit("rev")), "REVOKED");
            expectRefused(server, foreign, "UNKNOWN_CA");
            expectRefused(server, NodeKit.load(p.layout().kit("old")), "EXPIRED");
            expectRefused(server, NodeKit.load(p.layout().kit("gone")), "NOT_PROVISIONED");
            try (RawNode ok = new RawNode(NodeKit.load(p.layout().kit("a")), 1 << 20)) {
                assertEquals("a", ok.hello().next(CoordinatorMessage.BodyCase.WELCOME, 10).getWelcome().getSiteId());
            }
        }
    }

    private static void expectRefused(CoordinatorServer server, NodeKit kit, String reason) throws Exception {
        int before = server.refusals().size();
        try (RawNode n = new RawNode(kit, 1 << 20)) {
            n.hello();
            assertTrue(n.awaitClosed(10), "connection should be refused");
            assertTrue(n.inbox.stream().noneMatch(CoordinatorMessage::hasWelcome), "no welcome for a refused node");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && server.refusals().stream().skip(before).noneMatch(r -> r.contains(reason))) {
            Thread.sleep(20);
        }
        List<String> logged = server.refusals().subList(before, server.refusals().size());
        assertTrue(logged.stream().anyMatch(r -> r.contains(reason)), "expected a refusal naming " + reason + ", got " + logged);
    }

    @Test
    void misbehavingNodeIsRefusedWhileTheRoundsGoOn(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir, port, "site-1", "site-2", "site-3");
        ModelWeights initial = NetFixtures.zeros(1000);
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("site-1", "site-2", "site-3"), Duration.ofSeconds(10),
                Weights.DEFAULT_CHUNK_BYTES)) {
            NetFixtures.startNode(NodeKit.load(p.layout().kit("site-1")), new FakeSite("site-1", 0.1f, 10), QUIET);
            NetFixtures.startNode(NodeKit.load(p.layout().kit("site-2")), new FakeSite("site-2", 0.2f, 10), QUIET);
            RawNode rogue = new RawNode(NodeKit.load(p.layout().kit("site-3")), 1 << 22).hello();
            rogue.next(CoordinatorMessage.BodyCase.WELCOME, 10);
            assertEquals(3, server.awaitConnected(3, Duration.ofSeconds(20)));
            List<RoundResult> rounds = new CopyOnWriteArrayList<>();
            CompletableFuture<FederationResult> run = CompletableFuture.supplyAsync(() -> Federation.builder()
                    .strategy(new FedAvg(StrategyOptions.defaults())).sites(server.sites()).rounds(5).federatedEvaluationEvery(0)
                    .parallelism(3).roundDeadline(Duration.ofSeconds(8)).listener(rounds::add).build().run(initial));

            // round 1: an update of the wrong shape
            Task t1 = receiveTask(rogue);
            rogue.send(result(t1, t1.getRound(), Weights.header("x1", List.of(new TensorSpec("w", new int[] {999})),
                    new byte[4 * 999], Weights.MIN_CHUNK_BYTES)));
            // round 2: NaN in the weights (well-formed transfer, digest correct)
            Task t2 = receiveTask(rogue);
            float[] nan = new float[1000];
            nan[17] = Float.NaN;
            upload(rogue, t2, t2.getRound(), initial.withValues(nan));
            // round 3: a result replayed from round 1, then one claiming the wrong round, then a failure
            Task t3 = receiveTask(rogue);
            rogue.send(result(t1, t1.getRound(), null));
            rogue.send(result(t3, 1, null));
            rogue.send(NodeMessage.newBuilder().setFailure(TaskFailure.newBuilder().setTaskId(t3.getTaskId()).setReason("gave up")).build());
            // round 4: a valid update, then the same result a second time
            Task t4 = receiveTask(rogue);
            float[] ok = new float[1000];
            Arrays.fill(ok, 0.3f);
            TaskResult sent = upload(rogue, t4, t4.getRound(), initial.withValues(ok));
            awaitRounds(rounds, 4);
            rogue.send(NodeMessage.newBuilder().setResult(sent).build());
            // round 5: a message above the inbound limit kills only this node's stream
            Task t5 = receiveTask(rogue);
            rogue.send(NodeMessage.newBuilder().setChunk(WeightsChunk.newBuilder().setTransferId("big").setIndex(0)
                    .setData(ByteString.copyFrom(new byte[3 << 20]))).build());
            assertTrue(rogue.awaitClosed(10));
            // the server answers RESOURCE_EXHAUSTED with an HTTP/2 reset, which the client sees as CANCELLED
            assertTrue(Status.fromThrowable(rogue.error).getCode() == Status.Code.RESOURCE_EXHAUSTED
                    || Status.fromThrowable(rogue.error).getCode() == Status.Code.CANCELLED, String.valueOf(rogue.error));
            rogue.close();

            FederationResult result = run.get(60, TimeUnit.SECONDS);
            assertEquals(5, result.rounds().size());
            for (RoundResult r : result.rounds()) {
                assertTrue(r.aggregated(), "round " + r.round() + " aggregated");
                assertTrue(r.participants().containsAll(List.of("site-1", "site-2")), "round " + r.round() + ": " + r.participants());
            }
            assertTrue(result.rounds().get(0).failures().get("site-3").contains("does not match"), result.rounds().get(0).failures().toString());
            assertTrue(result.rounds().get(1).failures().get("site-3").contains("non-finite"), result.rounds().get(1).failures().toString());
            assertTrue(result.rounds().get(2).failures().get("site-3").contains("gave up"), result.rounds().get(2).failures().toString());
            assertEquals(List.of("site-1", "site-2", "site-3"), result.rounds().get(3).participants());
            assertNotNull(result.rounds().get(4).failures().get("site-3"));
            String refusals = String.join("\n", server.refusals());
            assertTrue(refusals.contains("does not match"), refusals);
            assertTrue(refusals.contains("task is closed"), refusals);
            assertTrue(refusals.contains("claims round 1"), refusals);

            // malformed bytes on the wire: the call fails, the coordinator stays up and takes the node back
            malformed(p);
            try (RawNode again = new RawNode(NodeKit.load(p.layout().kit("site-3")), 1 << 20)) {
                assertEquals("site-3", again.hello().next(CoordinatorMessage.BodyCase.WELCOME, 10).getWelcome().getSiteId());
            }
            assertEquals(t5.getRound(), 5);
        }
    }

    private static Federation federation(List<SiteClient> sites, int rounds, int parallelism, Duration deadline) {
        return Federation.builder().strategy(new FedAvg(StrategyOptions.defaults())).sites(sites).rounds(rounds)
                .parallelism(parallelism).roundDeadline(deadline).build();
    }

    private static void awaitRounds(List<RoundResult> rounds, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (rounds.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(rounds.size() >= n, "round " + n + " did not finish");
    }

    /** Receives a task and its model, acknowledging the chunks like a node does. */
    static Task receiveTask(RawNode n) throws InterruptedException {
        Task t = n.next(CoordinatorMessage.BodyCase.TASK, 30).getTask();
        ChunkReceiver r = new ChunkReceiver(t.getWeights(), null, Integer.MAX_VALUE - 8);
        while (!r.isComplete()) {
            WeightsChunk c = n.next(CoordinatorMessage.BodyCase.CHUNK, 30).getChunk();
            r.accept(c);
            n.send(NodeMessage.newBuilder().setAck(TransferAck.newBuilder().setTransferId(r.transferId())
                    .setNextChunk(r.nextChunk()).setComplete(r.isComplete())).build());
        }
        return t;
    }

    static NodeMessage result(Task t, int round, TransferHeader weights) {
        TaskResult.Builder b = TaskResult.newBuilder().setTaskId(t.getTaskId()).setRound(round)
                .setFit(FitResult.newBuilder().setNumSamples(10).putMetrics("train_loss", 0.5));
        if (weights != null) {
            b.setWeights(weights);
        }
        return NodeMessage.newBuilder().setResult(b).build();
    }

    static TaskResult upload(RawNode n, Task t, int round, ModelWeights w) throws InterruptedException {
        byte[] payload = Weights.encode(w);
        TransferHeader h = Weights.header("up-" + t.getTaskId(), w.specs(), payload, Weights.DEFAULT_CHUNK_BYTES);
        NodeMessage m = result(t, round, h);
        n.send(m);
        ChunkSender s = new ChunkSender(h, payload);
        for (int i = 0; i < s.chunkCount(); i++) {
            n.send(NodeMessage.newBuilder().setChunk(s.chunk(i)).build());
        }
        return m.getResult();
    }

    /** Sends bytes that are not a NodeMessage on the Join method. */
    private static void malformed(Provisioner p) throws Exception {
        MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        MethodDescriptor<byte[], byte[]> join = CoordinatorGrpc.getJoinMethod().toBuilder(raw, raw).build();
        try (RawNode n = new RawNode(NodeKit.load(p.layout().kit("site-3")), 1 << 20)) {
            ClientCall<byte[], byte[]> call = n.channel.newCall(join, CallOptions.DEFAULT);
            CompletableFuture<Status> closed = new CompletableFuture<>();
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onClose(Status status, Metadata trailers) {
                    closed.complete(status);
                }
            }, new Metadata());
            call.request(1);
            call.sendMessage(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02, 0x03});
            call.halfClose();
            Status s = closed.get(10, TimeUnit.SECONDS);
            assertTrue(!s.isOk(), "malformed message must fail the call, got " + s);
        }
    }
}
