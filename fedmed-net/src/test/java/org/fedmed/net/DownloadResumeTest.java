package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.net.NetFixtures.RawNode;
import org.fedmed.net.coordinator.CoordinatorServer;
import org.fedmed.net.coordinator.RemoteSite;
import org.fedmed.net.proto.CoordinatorMessage;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.PendingDownload;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TransferAck;
import org.fedmed.net.proto.WeightsChunk;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.transfer.ChunkReceiver;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model download cut off part way continues after the node reconnects and names it in its hello,
 * from the chunk where it stopped; a download the coordinator no longer wants is not resumed, and
 * the node gets on with the next task. Driven by a hand-scripted node so that every byte is counted.
 */
class DownloadResumeTest {

    private static final int FLOATS = 4 << 20; // 16 MiB of float32: 16 chunks of 1 MiB

    @Test
    void interruptedModelDownloadContinuesFromTheLastReceivedChunk(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir, port, "big");
        ModelWeights global = model(7);
        ModelWeights trained = model(8);
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("big"), Duration.ofSeconds(30), Weights.DEFAULT_CHUNK_BYTES)) {
            RemoteSite site = server.sites().get(0);
            RawNode node = rawNode(p);
            node.hello().next(CoordinatorMessage.BodyCase.WELCOME, 10);
            server.awaitConnected(1, Duration.ofSeconds(10));
            CompletableFuture<SiteUpdate> fit = CompletableFuture.supplyAsync(
                    () -> site.fit(new FitInstructions(1, global, TrainingConfig.defaults())));

            Task task = node.next(CoordinatorMessage.BodyCase.TASK, 30).getTask();
            ChunkReceiver partial = new ChunkReceiver(task.getWeights(), null, Integer.MAX_VALUE - 8);
            int cut = 5;
            while (partial.nextChunk() < cut) {
                receive(node, partial);
            }
            node.cancel(); // the connection breaks after 5 of 16 chunks
            node.close();
            Thread.sleep(300);
            assertTrue(!fit.isDone(), "the coordinator waits for the node to come back");

            RawNode again = rawNode(p);
            again.helloResuming(PendingDownload.newBuilder().setTaskId(task.getTaskId())
                    .setTransferId(task.getWeights().getTransferId()).setNextChunk(cut).build());
            again.next(CoordinatorMessage.BodyCase.WELCOME, 10);
            Task resent = again.next(CoordinatorMessage.BodyCase.TASK, 10).getTask();
            assertEquals(task, resent, "the same task with the same transfer header");
            long bytesAfterReconnect = 0;
            int firstIndex = -1;
            while (!partial.isComplete()) {
                WeightsChunk c = receive(again, partial);
                firstIndex = firstIndex < 0 ? c.getIndex() : firstIndex;
                bytesAfterReconnect += c.getData().size();
            }
            assertEquals(cut, firstIndex, "chunks continue where the node stopped");
            long payloadBytes = 4L * FLOATS;
            assertEquals(payloadBytes - (long) cut * Weights.DEFAULT_CHUNK_BYTES, bytesAfterReconnect);
            assertTrue(bytesAfterReconnect < payloadBytes);
            assertArrayEquals(global.values(), partial.weights().values(), "digest checked, model intact");

            CoordinatorNetworkTest.upload(again, task, 1, trained);
            SiteUpdate u = fit.get(60, TimeUnit.SECONDS);
            assertArrayEquals(trained.values(), u.weights().values());
            again.close();
        }
    }

    @Test
    void downloadOfAClosedTaskIsNotResumedAndTheNodeGetsTheNextTask(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir, port, "big");
        ModelWeights global = model(3);
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("big"), Duration.ofMillis(500), Weights.DEFAULT_CHUNK_BYTES)) {
            RemoteSite site = server.sites().get(0);
            RawNode node = rawNode(p);
            node.hello().next(CoordinatorMessage.BodyCase.WELCOME, 10);
            server.awaitConnected(1, Duration.ofSeconds(10));
            CompletableFuture<SiteUpdate> first = CompletableFuture.supplyAsync(
                    () -> site.fit(new FitInstructions(1, global, TrainingConfig.defaults())));
            Task task = node.next(CoordinatorMessage.BodyCase.TASK, 30).getTask();
            ChunkReceiver partial = new ChunkReceiver(task.getWeights(), null, Integer.MAX_VALUE - 8);
            receive(node, partial);
            receive(node, partial);
            node.cancel();
            node.close();
            // the node stays away longer than the site wait: the task fails and is closed
            ExecutionException late = assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
            assertTrue(late.getCause().getMessage().contains("did not resume"), late.getCause().getMessage());

            RawNode again = rawNode(p);
            PendingDownload closed = PendingDownload.newBuilder().setTaskId(task.getTaskId())
                    .setTransferId(task.getWeights().getTransferId()).setNextChunk(2).build();
            PendingDownload unknown = PendingDownload.newBuilder().setTaskId("no-such-task").setTransferId("no-such-transfer")
                    .setNextChunk(1).build();
            again.helloResuming(unknown, closed).next(CoordinatorMessage.BodyCase.WELCOME, 10);
            assertEquals(task.getTaskId(), again.next(CoordinatorMessage.BodyCase.CANCEL, 10).getCancel().getTaskId(),
                    "the node is told to drop the partial model of the closed task");

            ModelWeights next = model(4);
            CompletableFuture<SiteUpdate> second = CompletableFuture.supplyAsync(
                    () -> site.fit(new FitInstructions(2, next, TrainingConfig.defaults())));
            CoordinatorMessage m = again.next(30);
            assertEquals(CoordinatorMessage.BodyCase.TASK, m.getBodyCase(), "nothing resumes before the next task: " + m);
            Task fresh = m.getTask();
            assertNotEquals(task.getTaskId(), fresh.getTaskId());
            assertNotEquals(task.getWeights().getTransferId(), fresh.getWeights().getTransferId());
            ChunkReceiver whole = new ChunkReceiver(fresh.getWeights(), null, Integer.MAX_VALUE - 8);
            assertEquals(0, receive(again, whole).getIndex(), "the next task's model is sent from its first chunk");
            while (!whole.isComplete()) {
                receive(again, whole);
            }
            assertArrayEquals(next.values(), whole.weights().values());
            ModelWeights trained = model(5);
            CoordinatorNetworkTest.upload(again, fresh, 2, trained);
            assertArrayEquals(trained.values(), second.get(60, TimeUnit.SECONDS).weights().values());
            assertTrue(server.refusals().isEmpty(), server.refusals().toString());
            again.close();
        }
    }

    private static RawNode rawNode(Provisioner p) {
        return new RawNode(NodeKit.load(p.layout().kit("big")), Weights.DEFAULT_CHUNK_BYTES + Weights.MESSAGE_OVERHEAD);
    }

    /** Takes the next chunk into {@code r} and acknowledges it, like a node does. */
    private static WeightsChunk receive(RawNode n, ChunkReceiver r) throws InterruptedException {
        WeightsChunk c = n.next(CoordinatorMessage.BodyCase.CHUNK, 30).getChunk();
        r.accept(c);
        n.send(NodeMessage.newBuilder().setAck(TransferAck.newBuilder().setTransferId(r.transferId())
                .setNextChunk(r.nextChunk()).setComplete(r.isComplete())).build());
        return c;
    }

    private static ModelWeights model(long seed) {
        return ModelWeights.of(List.of(new TensorSpec("layer.weight", new int[] {2048, 2048})),
                LargeTransferTest.randomValues(FLOATS, seed));
    }
}
