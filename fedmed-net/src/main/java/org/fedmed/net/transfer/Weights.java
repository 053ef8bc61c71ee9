package org.fedmed.net.transfer;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.model.TensorSpec;
import org.fedmed.core.units.ByteSize;
import org.fedmed.net.proto.TransferHeader;

/**
 * Model weights on the wire: little-endian float32 values of the tensors back to back, described by
 * a {@link TransferHeader} (tensor names and shapes, total size, chunk size, SHA-256).
 */
public final class Weights {

    /** Default chunk: 1 MiB, well under gRPC's 4 MiB default message limit. */
    public static final int DEFAULT_CHUNK_BYTES = 1 << 20;
    /** Smallest and largest chunk a peer may announce. */
    public static final int MIN_CHUNK_BYTES = 4 << 10;
    public static final int MAX_CHUNK_BYTES = 4 << 20;
    /** Headroom over a chunk's data for the rest of a message (ids, tags). */
    public static final int MESSAGE_OVERHEAD = 64 << 10;
    public static final int MAX_TENSORS = 100_000;
    /** HTTP/2 flow-control window: several chunks, so a 1 MiB chunk never waits for a window update. */
    public static final int FLOW_CONTROL_WINDOW = 16 << 20;

    private Weights() {
    }

    public static byte[] encode(ModelWeights w) {
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(w.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(w.values());
        return buf.array();
    }

    public static ModelWeights decode(List<TensorSpec> specs, byte[] payload) {
        if (payload.length % 4 != 0) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is not whole float32 values");
        }
        float[] values = new float[payload.length / 4];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return ModelWeights.of(specs, values);
    }

    public static byte[] sha256(byte[] payload) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(payload);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TransferHeader header(String transferId, List<TensorSpec> specs, byte[] payload, int chunkBytes) {
        TransferHeader.Builder b = TransferHeader.newBuilder().setTransferId(transferId).setTotalBytes(payload.length)
                .setChunkBytes(chunkBytes).setSha256(ByteString.copyFrom(sha256(payload)));
        for (TensorSpec s : specs) {
            org.fedmed.net.proto.TensorSpec.Builder t = org.fedmed.net.proto.TensorSpec.newBuilder().setName(s.name());
            for (int d : s.shape()) {
                t.addShape(d);
            }
            b.addTensors(t);
        }
        return b.build();
    }

    /** The layout a header announces; throws on a malformed one. */
    public static List<TensorSpec> specs(TransferHeader h) {
        if (h.getTensorsCount() == 0 || h.getTensorsCount() > MAX_TENSORS) {
            throw new IllegalArgumentException("header announces " + h.getTensorsCount() + " tensors");
        }
        List<TensorSpec> out = new ArrayList<>(h.getTensorsCount());
        for (org.fedmed.net.proto.TensorSpec t : h.getTensorsList()) {
            int[] shape = new int[t.getShapeCount()];
            for (int i = 0; i < shape.length; i++) {
                int d = t.getShape(i);
                if (d <= 0) {
                    throw new IllegalArgumentException("tensor " + t.getName() + " has a bad dimension " + Integer.toUnsignedString(d));
                }
                shape[i] = d;
            }
            out.add(new TensorSpec(t.getName(), shape));
        }
        return out;
    }

    /**
     * Checks a header before anything is allocated for it: layout as {@code expected} (when given),
     * size consistent with the layout and at most {@code maxBytes}, a sane chunk size, a 32-byte digest.
     */
    public static List<TensorSpec> checkHeader(TransferHeader h, List<TensorSpec> expected, long maxBytes) {
        if (h.getTransferId().isEmpty() || h.getTransferId().length() > 128) {
            throw new IllegalArgumentException("bad transfer id");
        }
        List<TensorSpec> specs = specs(h);
        if (expected != null && !expected.equals(specs)) {
            throw new IllegalArgumentException("weights layout " + summary(specs) + " does not match the model's " + summary(expected));
        }
        long numel = 0;
        for (TensorSpec s : specs) {
            numel += s.numel();
        }
        if (h.getTotalBytes() != 4 * numel) {
            throw new IllegalArgumentException("header says " + h.getTotalBytes() + " bytes but its tensors hold " + 4 * numel);
        }
        if (h.getTotalBytes() > maxBytes || h.getTotalBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("payload of " + h.getTotalBytes() + " bytes exceeds the limit of " + maxBytes);
        }
        if (h.getChunkBytes() < MIN_CHUNK_BYTES || h.getChunkBytes() > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk size " + Integer.toUnsignedString(h.getChunkBytes()) + " outside ["
                    + MIN_CHUNK_BYTES + ", " + MAX_CHUNK_BYTES + "]");
        }
        if (h.getSha256().size() != 32) {
            throw new IllegalArgumentException("SHA-256 digest must be 32 bytes, got " + h.getSha256().size());
        }
        return specs;
    }

    public static int chunkCount(long totalBytes, int chunkBytes) {
        return (int) ((totalBytes + chunkBytes - 1) / chunkBytes);
    }

    private static String summary(List<TensorSpec> specs) {
        return specs.size() <= 4 ? specs.toString() : specs.subList(0, 4) + "... (" + specs.size() + " tensors)";
    }

    /**
     * A secure step travels as one message, and a node's masked update (4 bytes per parameter) must
     * fit the coordinator's inbound limit (one chunk plus headroom); a larger model is refused before
     * round 1, rather than by the transport in the middle of a round.
     */
    public static void checkSecureMessageSize(int parameters, int chunkBytes) {
        long masked = 4L * parameters + 16 * 1024;
        long limit = (long) chunkBytes + MESSAGE_OVERHEAD;
        if (masked > limit) {
            throw new IllegalArgumentException("secure aggregation: the model has " + parameters + " parameters; a node's masked"
                    + " update (" + ByteSize.human(masked) + ") exceeds the coordinator's message limit (" + ByteSize.human(limit)
                    + ", one chunk of chunk_bytes plus headroom): raise chunk_bytes or use a smaller model");
        }
    }
}
