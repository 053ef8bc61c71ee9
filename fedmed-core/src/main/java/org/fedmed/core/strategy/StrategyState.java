package org.fedmed.core.strategy;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The server state of a {@link StatefulStrategy}: the strategy's name and named float32 arrays
 * (FedAvgM: {@code velocity}; FedOpt: {@code m}, {@code v}). No arrays means "no round aggregated
 * yet". Arrays are copied in and out, so a state never aliases a strategy's live buffers.
 *
 * <p>{@link #toBytes()} layout (all integers big-endian, floats little-endian IEEE 754 binary32, as
 * the weight payloads elsewhere in FedMed):
 * <pre>
 *   int32  magic 0x46535431 ("FST1")
 *   int32  n = strategy name length in bytes, then n bytes UTF-8
 *   int32  k = number of arrays
 *   k times: int32 name length, UTF-8 name bytes, int32 length L, L float32 values (little-endian)
 * </pre>
 */
public final class StrategyState {

    private static final int MAGIC = 0x46535431;

    private final String strategy;
    private final Map<String, float[]> arrays;

    public StrategyState(String strategy, Map<String, float[]> arrays) {
        if (strategy == null || strategy.isEmpty()) {
            throw new IllegalArgumentException("strategy state needs a strategy name");
        }
        this.strategy = strategy;
        LinkedHashMap<String, float[]> copy = new LinkedHashMap<>();
        arrays.forEach((k, v) -> copy.put(k, v.clone()));
        this.arrays = Collections.unmodifiableMap(copy);
    }

    /** The state of a strategy that has not aggregated a round yet. */
    public static StrategyState empty(String strategy) {
        return new StrategyState(strategy, Map.of());
    }

    public String strategy() {
        return strategy;
    }

    public boolean isEmpty() {
        return arrays.isEmpty();
    }

    /** The array names in order. */
    public Set<String> names() {
        return arrays.keySet();
    }

    /** A copy of the named array. */
    public float[] array(String name) {
        float[] a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("strategy state of " + strategy + " has no array '" + name + "'; it has " + arrays.keySet());
        }
        return a.clone();
    }

    /** The state in the layout described on the class. */
    public byte[] toBytes() {
        byte[] name = strategy.getBytes(StandardCharsets.UTF_8);
        long size = 12L + name.length;
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            size += 8L + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4L * e.getValue().length;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("strategy state of " + size + " bytes is too large for one byte array");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        b.putInt(MAGIC).putInt(name.length).put(name).putInt(arrays.size());
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            b.putInt(k.length).put(k).putInt(e.getValue().length);
            b.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(e.getValue());
            b.position(b.position() + 4 * e.getValue().length);
            b.order(ByteOrder.BIG_ENDIAN);
        }
        return b.array();
    }

    /** Reads {@link #toBytes()}; refuses truncated or foreign bytes. */
    public static StrategyState fromBytes(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getInt() != MAGIC) {
                throw new IllegalArgumentException("not a FedMed strategy state (bad magic)");
            }
            String name = string(b);
            int k = b.getInt();
            if (k < 0) {
                throw new IllegalArgumentException("negative array count");
            }
            LinkedHashMap<String, float[]> arrays = new LinkedHashMap<>();
            for (int i = 0; i < k; i++) {
                String key = string(b);
                int len = b.getInt();
                if (len < 0 || 4L * len > b.remaining()) {
                    throw new IllegalArgumentException("array '" + key + "' of " + len + " floats exceeds the data");
                }
                float[] a = new float[len];
                b.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(a);
                b.position(b.position() + 4 * len);
                b.order(ByteOrder.BIG_ENDIAN);
                arrays.put(key, a);
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(b.remaining() + " trailing bytes");
            }
            return new StrategyState(name, arrays);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("strategy state is truncated", e);
        }
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("bad string length " + n);
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StrategyState other) || !strategy.equals(other.strategy) || !arrays.keySet().equals(other.arrays.keySet())) {
            return false;
        }
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.arrays.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = strategy.hashCode();
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("StrategyState[").append(strategy);
        arrays.forEach((k, v) -> b.append(", ").append(k).append(": ").append(v.length).append(" floats"));
        return b.append(']').toString();
    }
}
