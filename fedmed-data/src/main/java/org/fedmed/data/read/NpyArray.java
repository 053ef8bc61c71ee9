package org.fedmed.data.read;

import java.util.Arrays;

/**
 * A uint8 array read from a NumPy {@code .npy} file: its shape (C order) and raw bytes.
 *
 * @param shape dimensions, outermost first
 * @param data  {@code product(shape)} bytes in C (row-major) order; read as unsigned
 */
public record NpyArray(int[] shape, byte[] data) {

    public NpyArray {
        shape = shape.clone();
        if (elementCount(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + elementCount(shape)
                    + " bytes, got " + data.length);
        }
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int rank() {
        return shape.length;
    }

    /** Unsigned value of element {@code i} in flat C order. */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[uint8 " + Arrays.toString(shape) + "]";
    }
}
