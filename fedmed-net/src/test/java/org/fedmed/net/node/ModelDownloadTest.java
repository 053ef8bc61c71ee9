package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Random;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.net.proto.EvaluateTask;
import org.fedmed.net.proto.PendingDownload;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TransferHeader;
import org.fedmed.net.transfer.ChunkSender;
import org.fedmed.net.transfer.Weights;
import org.junit.jupiter.api.Test;

/** The node's side of a resumed model download: it continues only the same task with the identical header. */
class ModelDownloadTest {

    private static final int CHUNK = Weights.MIN_CHUNK_BYTES;

    private final ModelWeights model = weights(5000, 1);
    private final byte[] payload = Weights.encode(model);
    private final TransferHeader header = Weights.header("t-1", model.specs(), payload, CHUNK);
    private final ChunkSender chunks = new ChunkSender(header, payload);

    @Test
    void theSameTaskAndHeaderContinueWhereTheDownloadStopped() {
        ModelDownload d = new ModelDownload(Long.MAX_VALUE);
        assertEquals(0, d.begin(task("a", header)));
        d.accept(chunks.chunk(0));
        d.accept(chunks.chunk(1));
        assertEquals(PendingDownload.newBuilder().setTaskId("a").setTransferId("t-1").setNextChunk(2).build(), d.pending().orElseThrow());

        assertEquals(2, d.begin(task("a", header)), "the re-sent task continues at chunk 2");
        ModelDownload.Received got = null;
        for (int i = 2; i < chunks.chunkCount(); i++) {
            ModelDownload.Step s = d.accept(chunks.chunk(i));
            assertEquals(i + 1, s.ack().getNextChunk());
            got = s.model();
        }
        assertTrue(got != null, "the last chunk completes the model");
        assertArrayEquals(model.values(), got.weights().values());
        assertTrue(d.pending().isEmpty());
        assertNull(d.accept(chunks.chunk(0)), "a stray chunk after completion is not taken");
    }

    @Test
    void aDifferentHeaderOrTaskStartsAfreshAndRefusesTheOldChunks() {
        ModelWeights other = weights(6000, 2);
        byte[] otherPayload = Weights.encode(other);
        List<TransferHeader> differing = List.of(
                header.toBuilder().setTransferId("t-2").build(),
                header.toBuilder().setSha256(ByteString.copyFrom(Weights.sha256(otherPayload))).build(),
                Weights.header("t-1", other.specs(), otherPayload, CHUNK)); // other total_bytes
        for (TransferHeader h : differing) {
            ModelDownload d = partial();
            assertEquals(0, d.begin(task("a", h)), "header " + h + " must not continue the partial model");
            assertThrows(IllegalArgumentException.class, () -> d.accept(chunks.chunk(3)), "old chunk 3 refused");
        }
        ModelDownload d = partial();
        assertEquals(0, d.begin(task("b", header)), "another task drops the partial model");
        assertEquals("b", d.pending().orElseThrow().getTaskId());
    }

    @Test
    void aWrongDigestIsStillCaughtAtTheEndOfAResumedDownload() {
        TransferHeader forged = header.toBuilder().setSha256(ByteString.copyFrom(new byte[32])).build();
        ModelDownload d = new ModelDownload(Long.MAX_VALUE);
        d.begin(task("a", forged));
        d.accept(chunks.chunk(0));
        assertEquals(1, d.begin(task("a", forged)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            for (int i = 1; i < chunks.chunkCount(); i++) {
                d.accept(chunks.chunk(i));
            }
        });
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void cancellingTheTaskDropsItsPartialModel() {
        ModelDownload d = partial();
        assertTrue(!d.cancel("other"), "another task's cancellation keeps it");
        assertTrue(d.pending().isPresent());
        assertTrue(d.cancel("a"));
        assertTrue(d.pending().isEmpty());
        assertEquals(0, d.begin(task("a", header)), "nothing left to continue");
    }

    /** A download of task "a" cut off after 3 chunks. */
    private ModelDownload partial() {
        ModelDownload d = new ModelDownload(Long.MAX_VALUE);
        d.begin(task("a", header));
        for (int i = 0; i < 3; i++) {
            d.accept(chunks.chunk(i));
        }
        return d;
    }

    private static Task task(String id, TransferHeader h) {
        return Task.newBuilder().setTaskId(id).setRound(1).setEvaluate(EvaluateTask.getDefaultInstance()).setWeights(h).build();
    }

    private static ModelWeights weights(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return ModelWeights.of(List.of(new TensorSpec("w", new int[] {n})), v);
    }
}
