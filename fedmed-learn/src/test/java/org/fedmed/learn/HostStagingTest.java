package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.fedmed.learn.bridge.HostStaging;
import org.junit.jupiter.api.Test;

class HostStagingTest {

    @Test
    void stagesFloatsAndIndicesAndReusesItsBuffer() {
        HostStaging stage = new HostStaging();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            float[] v = {1f, -2f, 3.5f, 0f, 7f, 8f};
            NDArray a = stage.stage(m, v, new Shape(2, 3));
            assertEquals(new Shape(2, 3), a.getShape());
            assertArrayEquals(v, a.toFloatArray());
            long capacity = stage.capacity();
            a.close();
            NDArray b = stage.stage(m, new float[] {4f, 5f}, new Shape(2));
            assertArrayEquals(new float[] {4f, 5f}, b.toFloatArray());
            assertEquals(capacity, stage.capacity(), "a smaller request reuses the buffer");
            NDArray idx = stage.stageIndices(m, new int[] {2, 0, 1});
            assertEquals(DataType.INT64, idx.getDataType());
            assertArrayEquals(new long[] {2, 0, 1}, idx.toLongArray());
            assertThrows(IllegalArgumentException.class, () -> stage.stage(m, new float[3], new Shape(2, 2)));
        }
    }
}
