package org.fedmed.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
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
import org.fedmed.net.proto.Task;
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

/**
 * A model far above gRPC's 4 MiB message limit travels in 1 MiB chunks over mutual TLS, and an upload
 * cut off half way resumes from the last chunk the coordinator acknowledged.
 */
class LargeTransferTest {

    private static final int FLOATS = 16 << 20; // 64 MiB of float32

    @Test
    void chunkReceiverRefusesBadChunksAndDigests() {
        ModelWeights w = NetFixtures.zeros(5000).withValues(randomValues(5000, 1));
        byte[] payload = Weights.encode(w);
        TransferHeader h = Weights.header("t", w.specs(), payload, Weights.MIN_CHUNK_BYTES);
        ChunkSender s = new ChunkSender(h, payload);
        ChunkReceiver r = new ChunkReceiver(h, w.specs(), Long.MAX_VALUE);
        assertThrows(IllegalArgumentException.class, () -> r.accept(s.chunk(1)), "out of order");
        r.accept(s.chunk(0));
        r.accept(s.chunk(0)); // a resend is ignored
        assertEquals(1, r.nextChunk());
        assertThrows(IllegalArgumentException.class, () -> r.accept(WeightsChunk.newBuilder().setTransferId("t").setIndex(1)
                .setData(ByteString.copyFrom(new byte[10])).build()), "short chunk");
        for (int i = 1; i < s.chunkCount(); i++) {
            r.accept(s.chunk(i));
        }
        assertArrayEquals(w.values(), r.weights().values());
        // a digest that does not match the payload
        TransferHeader bad = h.toBuilder().setSha256(ByteString.copyFrom(new byte[32])).build();
        ChunkReceiver r2 = new ChunkReceiver(bad, w.specs(), Long.MAX_VALUE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            for (int i = 0; i < s.chunkCount(); i++) {
                r2.accept(s.chunk(i));
            }
        });
        assertTrue(e.getMessage().contains("SHA-256"));
        // a header whose size does not match its tensors, or a layout other than the model's
        assertThrows(IllegalArgumentException.class, () -> new ChunkReceiver(h.toBuilder().setTotalBytes(8).build(), null, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new ChunkReceiver(h,
                List.of(new TensorSpec("w", new int[] {4999})), Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new ChunkReceiver(h, null, 100));
    }

    @Test
    void sixtyFourMegabyteModelDownloadsAndItsInterruptedUploadResumes(@TempDir Path dir) throws Exception {
        int port = NetFixtures.freePort();
        Provisioner p = NetFixtures.provision(dir, port, "big");
        ModelWeights global = ModelWeights.of(List.of(new TensorSpec("layer.weight", new int[] {4096, 4096})), randomValues(FLOATS, 7));
        ModelWeights trained = global.withValues(randomValues(FLOATS, 8));
        try (CoordinatorServer server = NetFixtures.server(p, port, List.of("big"), Duration.ofSeconds(30), Weights.DEFAULT_CHUNK_BYTES)) {
            RemoteSite site = server.sites().get(0);
            RawNode node = new RawNode(NodeKit.load(p.layout().kit("big")), Weights.DEFAULT_CHUNK_BYTES + Weights.MESSAGE_OVERHEAD);
            node.hello().next(CoordinatorMessage.BodyCase.WELCOME, 10);
            server.awaitConnected(1, Duration.ofSeconds(10));
            TrainingConfig cfg = TrainingConfig.defaults();
            CompletableFuture<SiteUpdate> fit = CompletableFuture.supplyAsync(() -> site.fit(new FitInstructions(1, global, cfg)));

            long t0 = System.nanoTime();
            Task task = CoordinatorNetworkTest.receiveTask(node);
            double downloadSecs = (System.nanoTime() - t0) / 1e9;

            byte[] payload = Weights.encode(trained);
            TransferHeader h = Weights.header("upload-1", trained.specs(), payload, Weights.DEFAULT_CHUNK_BYTES);
            ChunkSender up = new ChunkSender(h, payload);
            node.send(CoordinatorNetworkTest.result(task, 1, h));
            long t1 = System.nanoTime();
            int cut = 20;
            for (int i = 0; i < cut; i++) {
                node.send(NodeMessage.newBuilder().setChunk(up.chunk(i)).build());
            }
            int acked = 0;
            while (acked < cut) {
                TransferAck a = node.next(CoordinatorMessage.BodyCase.ACK, 30).getAck();
                if (a.getTransferId().equals("upload-1")) {
                    acked = a.getNextChunk();
                }
            }
            node.cancel(); // the connection breaks after 20 of 64 chunks
            node.close();
            Thread.sleep(300);
            assertTrue(!fit.isDone(), "the coordinator waits for the node to come back");

            RawNode again = new RawNode(NodeKit.load(p.layout().kit("big")), Weights.DEFAULT_CHUNK_BYTES + Weights.MESSAGE_OVERHEAD);
            again.hello("upload-1").next(CoordinatorMessage.BodyCase.WELCOME, 10);
            TransferAck resume = again.next(CoordinatorMessage.BodyCase.ACK, 10).getAck();
            assertTrue(resume.getResumePossible());
            assertEquals(cut, resume.getNextChunk());
            up.resumeFrom(resume.getNextChunk());
            CompletableFuture<Void> acks = CompletableFuture.runAsync(() -> {
                try {
                    while (!up.isComplete()) {
                        up.onAck(again.next(CoordinatorMessage.BodyCase.ACK, 30).getAck());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            up.send(c -> again.send(NodeMessage.newBuilder().setChunk(c).build()), 8, true, 60_000);
            SiteUpdate u = fit.get(60, TimeUnit.SECONDS);
            double uploadSecs = (System.nanoTime() - t1) / 1e9;
            acks.get(10, TimeUnit.SECONDS);
            assertArrayEquals(trained.values(), u.weights().values());
            assertEquals(10, u.numSamples());
            double mb = payload.length / 1e6;
            long wire = server.traffic().toSites();
            System.out.printf(Locale.ROOT, "64 MiB model over mTLS on loopback: download %.2f s (%.0f MB/s); upload with one reconnect %.2f s"
                    + " (%.0f MB/s); protocol bytes to the site / raw float bytes = %.4f%n", downloadSecs, mb / downloadSecs, uploadSecs,
                    mb / uploadSecs, (double) wire / payload.length);
            assertTrue(wire < payload.length * 1.01, "chunking overhead under 1%");
            again.close();
        }
    }

    static float[] randomValues(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
