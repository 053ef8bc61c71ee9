package org.fedmed.learn.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A reusable direct (off-heap) buffer through which Java arrays become engine arrays.
 *
 * <p>{@code NDManager.create} from a heap array allocates a new direct buffer every time; such
 * buffers are only freed when the garbage collector notices them, so a trainer called thousands of
 * times would let native memory pile up between collections. A staging slot keeps one buffer
 * (grown to the largest request) and creates arrays over it: one bulk copy from the Java array, and on
 * CPU the engine array reads the buffer directly.
 *
 * <p>The array returned by a {@code stage} call is valid until the next call on the same slot (it
 * may share the slot's memory). Not thread-safe.
 */
public final class HostStaging {

    private ByteBuffer buffer;

    private ByteBuffer reserve(long bytes) {
        int size = Math.toIntExact(bytes);
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, 64)).order(ByteOrder.nativeOrder());
        }
        return buffer.slice(0, size).order(ByteOrder.nativeOrder());
    }

    /** A float32 array of {@code shape} holding {@code values}. */
    public NDArray stage(NDManager manager, float[] values, Shape shape) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + values.length);
        }
        ByteBuffer view = reserve((long) values.length * Float.BYTES);
        view.asFloatBuffer().put(values);
        return manager.create(view, shape, DataType.FLOAT32);
    }

    /** An int64 vector holding {@code values} (e.g. example indices). */
    public NDArray stageIndices(NDManager manager, int[] values) {
        ByteBuffer view = reserve((long) values.length * Long.BYTES);
        var longs = view.asLongBuffer();
        for (int v : values) {
            longs.put(v);
        }
        return manager.create(view, new Shape(values.length), DataType.INT64);
    }

    /** Bytes held off-heap by this slot. */
    public long capacity() {
        return buffer == null ? 0 : buffer.capacity();
    }
}
