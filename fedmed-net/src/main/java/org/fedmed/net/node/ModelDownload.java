package org.fedmed.net.node;

import java.util.Optional;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.net.proto.PendingDownload;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TransferAck;
import org.fedmed.net.proto.WeightsChunk;
import org.fedmed.net.transfer.ChunkReceiver;

/**
 * The model of the node's current task as it arrives in chunks. It outlives the stream: a download
 * cut off by a lost connection is named in the next hello, and continues when the coordinator sends
 * the same task with the same transfer header again. A different task, a different header or a
 * cancellation drops the partial model.
 */
final class ModelDownload {

    /** A model that arrived whole, its SHA-256 verified. */
    record Received(Task task, ModelWeights weights, double seconds) {
    }

    /** What one chunk did: the acknowledgement to send, and the model when the chunk completed it (else null). */
    record Step(TransferAck ack, Received model) {
    }

    private final long maxBytes;
    private Task task;
    private ChunkReceiver receiver;
    private long startNanos;

    ModelDownload(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * A task arrived: continues the partial download when it is the same task with the identical
     * header (transfer id, layout, size, chunk size and SHA-256), else starts afresh.
     *
     * @return the chunk the download continues from: 0 for a new download
     * @throws IllegalArgumentException for an unacceptable header
     */
    synchronized int begin(Task t) {
        if (receiver != null && task.getTaskId().equals(t.getTaskId()) && receiver.header().equals(t.getWeights())) {
            return receiver.nextChunk();
        }
        discard(); // a partial download of another task or transfer is dropped
        receiver = new ChunkReceiver(t.getWeights(), null, maxBytes);
        task = t;
        startNanos = System.nanoTime();
        return 0;
    }

    /** The number of chunks of the current download. */
    synchronized int chunkCount() {
        return receiver == null ? 0 : receiver.chunkCount();
    }

    /**
     * Takes one chunk; returns null when no model is being downloaded (a stray chunk).
     *
     * @throws IllegalArgumentException for a chunk that does not fit, or a digest mismatch at the end
     */
    synchronized Step accept(WeightsChunk c) {
        if (receiver == null) {
            return null;
        }
        ChunkReceiver r = receiver;
        boolean complete = r.accept(c);
        TransferAck ack = TransferAck.newBuilder().setTransferId(r.transferId()).setNextChunk(r.nextChunk())
                .setComplete(r.isComplete()).build();
        if (!complete) {
            return new Step(ack, null);
        }
        Received got = new Received(task, r.weights(), (System.nanoTime() - startNanos) / 1e9);
        discard();
        return new Step(ack, got);
    }

    /** Drops the current download; returns its task id, or null when there was none. */
    synchronized String discard() {
        String id = task == null ? null : task.getTaskId();
        task = null;
        receiver = null;
        return id;
    }

    /** The coordinator cancelled {@code taskId}: drops its partial model; true when there was one. */
    synchronized boolean cancel(String taskId) {
        if (task != null && task.getTaskId().equals(taskId)) {
            discard();
            return true;
        }
        return false;
    }

    /** The partial download to name in the next hello, if the last stream broke during one. */
    synchronized Optional<PendingDownload> pending() {
        if (receiver == null || receiver.isComplete()) {
            return Optional.empty();
        }
        return Optional.of(PendingDownload.newBuilder().setTaskId(task.getTaskId()).setTransferId(receiver.transferId())
                .setNextChunk(receiver.nextChunk()).build());
    }
}
