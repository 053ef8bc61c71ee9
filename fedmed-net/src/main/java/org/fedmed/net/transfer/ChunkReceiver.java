package org.fedmed.net.transfer;

import java.security.MessageDigest;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.net.proto.TransferHeader;
import org.fedmed.net.proto.WeightsChunk;

/**
 * Reassembles one chunked transfer. Chunks must arrive in order; a chunk already received (a resend
 * after a reconnect) is ignored; anything else out of order, of the wrong size or past the end is
 * refused. When the last chunk arrives the SHA-256 of the whole payload must match the header.
 */
public final class ChunkReceiver {

    private final TransferHeader header;
    private final List<TensorSpec> specs;
    private final byte[] payload;
    private final int chunks;
    private int next;
    private boolean complete;

    /** @param expected the layout the payload must have, or null to accept any well-formed one */
    public ChunkReceiver(TransferHeader header, List<TensorSpec> expected, long maxBytes) {
        this.specs = Weights.checkHeader(header, expected, maxBytes);
        this.header = header;
        this.payload = new byte[(int) header.getTotalBytes()];
        this.chunks = Weights.chunkCount(header.getTotalBytes(), header.getChunkBytes());
    }

    public String transferId() {
        return header.getTransferId();
    }

    public TransferHeader header() {
        return header;
    }

    public synchronized int nextChunk() {
        return next;
    }

    public int chunkCount() {
        return chunks;
    }

    public synchronized boolean isComplete() {
        return complete;
    }

    /**
     * Takes one chunk; returns true when it completed the transfer (digest verified).
     *
     * @throws IllegalArgumentException for a chunk that does not fit, or a digest mismatch at the end
     */
    public synchronized boolean accept(WeightsChunk c) {
        if (!c.getTransferId().equals(header.getTransferId())) {
            throw new IllegalArgumentException("chunk for transfer " + c.getTransferId() + " sent to " + header.getTransferId());
        }
        int index = c.getIndex();
        if (complete || (index >= 0 && index < next)) {
            return false; // already have it: a resend
        }
        if (index != next) {
            throw new IllegalArgumentException("chunk " + Integer.toUnsignedString(index) + " out of order, expected " + next
                    + " of " + chunks);
        }
        long offset = (long) index * header.getChunkBytes();
        int expectedSize = (int) Math.min(header.getChunkBytes(), header.getTotalBytes() - offset);
        if (c.getData().size() != expectedSize) {
            throw new IllegalArgumentException("chunk " + index + " has " + c.getData().size() + " bytes, expected " + expectedSize);
        }
        c.getData().copyTo(payload, (int) offset);
        next++;
        if (next == chunks) {
            byte[] digest = Weights.sha256(payload);
            if (!MessageDigest.isEqual(digest, header.getSha256().toByteArray())) {
                next = 0;
                throw new IllegalArgumentException("SHA-256 of the received payload does not match the header; transfer discarded");
            }
            complete = true;
            return true;
        }
        return false;
    }

    /** The payload; only after completion. */
    public byte[] payload() {
        if (!isComplete()) {
            throw new IllegalStateException("transfer " + transferId() + " is incomplete");
        }
        return payload;
    }

    public ModelWeights weights() {
        return Weights.decode(specs, payload());
    }
}
