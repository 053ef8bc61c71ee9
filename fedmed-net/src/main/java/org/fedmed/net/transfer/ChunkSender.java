package org.fedmed.net.transfer;

import com.google.protobuf.UnsafeByteOperations;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.fedmed.net.proto.TransferAck;
import org.fedmed.net.proto.TransferHeader;
import org.fedmed.net.proto.WeightsChunk;

/**
 * Sends one payload as chunks with a sliding window: at most {@code window} chunks are in flight
 * beyond the receiver's last cumulative acknowledgement, which bounds memory on both ends and
 * records how far a transfer got, so an interrupted one resumes from the last acknowledged chunk.
 */
public final class ChunkSender {

    /** The transfer stopped because the connection went away; it may resume later. */
    public static final class InterruptedTransferException extends RuntimeException {
        public InterruptedTransferException(String message) {
            super(message);
        }
    }

    private final TransferHeader header;
    private final byte[] payload;
    private final int chunks;
    private int acked;
    private boolean complete;
    private boolean broken;

    public ChunkSender(TransferHeader header, byte[] payload) {
        this.header = header;
        this.payload = payload;
        this.chunks = Weights.chunkCount(payload.length, header.getChunkBytes());
    }

    public TransferHeader header() {
        return header;
    }

    public String transferId() {
        return header.getTransferId();
    }

    public int chunkCount() {
        return chunks;
    }

    public synchronized int acked() {
        return acked;
    }

    public synchronized boolean isComplete() {
        return complete;
    }

    public WeightsChunk chunk(int i) {
        int off = i * header.getChunkBytes();
        int len = Math.min(header.getChunkBytes(), payload.length - off);
        return WeightsChunk.newBuilder().setTransferId(header.getTransferId()).setIndex(i)
                .setData(UnsafeByteOperations.unsafeWrap(payload, off, len)).build();
    }

    /** Records the receiver's acknowledgement. */
    public synchronized void onAck(TransferAck ack) {
        if (ack.getNextChunk() > acked) {
            acked = Math.min(ack.getNextChunk(), chunks);
        }
        if (ack.getComplete()) {
            complete = true;
            acked = chunks;
        }
        notifyAll();
    }

    /** The connection carrying this transfer went away: wakes the sender, which throws. */
    public synchronized void connectionLost() {
        broken = true;
        notifyAll();
    }

    /** The transfer is no longer wanted (the task ended while it was under way): wakes the sender, which throws. */
    public synchronized void abandon() {
        broken = true;
        notifyAll();
    }

    /** Restarts after a reconnect from the receiver's acknowledged position. */
    public synchronized void resumeFrom(int nextChunk) {
        broken = false;
        acked = Math.max(0, Math.min(nextChunk, chunks));
    }

    /**
     * Sends chunks {@code acked()..end} through {@code out}, never more than {@code window} ahead of the
     * acknowledgements, and (when {@code awaitComplete}) waits for the receiver to confirm the digest.
     */
    public void send(Consumer<WeightsChunk> out, int window, boolean awaitComplete, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int next;
        synchronized (this) {
            next = acked;
        }
        while (next < chunks) {
            synchronized (this) {
                while (next - acked >= window && !broken) {
                    waitUntil(deadline, "acknowledgement of chunk " + acked);
                }
                if (broken) {
                    throw new InterruptedTransferException("connection lost at chunk " + acked + " of " + chunks);
                }
            }
            out.accept(chunk(next));
            next++;
        }
        if (awaitComplete) {
            synchronized (this) {
                while (!complete && !broken) {
                    waitUntil(deadline, "confirmation of the whole transfer");
                }
                if (!complete) {
                    throw new InterruptedTransferException("connection lost before the transfer was confirmed (" + acked + " of "
                            + chunks + " chunks acknowledged)");
                }
            }
        }
    }

    private void waitUntil(long deadline, String what) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new InterruptedTransferException("timed out waiting for " + what);
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
    }
}
