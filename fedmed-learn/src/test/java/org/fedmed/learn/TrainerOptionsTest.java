package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.junit.jupiter.api.Test;

class TrainerOptionsTest {

    @Test
    void defaultDeviceIsTheEnginesAndThreadsApplyPerCall() {
        Engine engine = Engine.getEngine("PyTorch");
        System.out.printf("OMP_NUM_THREADS=%s OMP_WAIT_POLICY=%s, intra-op threads %d, malloc tuning %s%n",
                System.getenv("OMP_NUM_THREADS"), System.getenv("OMP_WAIT_POLICY"), JniUtils.getNumThreads(),
                NativeAllocatorTuning.isApplied());
        int before = JniUtils.getNumThreads();
        LabeledSamples data = Fixtures.separable(64, 4, 1);
        try (DjlTrainer t = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {4}, 2))
                .intraOpThreads(1).predictBatchSize(7).build()) {
            assertEquals(engine.defaultDevice(), t.device());
            JniUtils.setNumThreads(before);
            var out = t.fit(t.initialWeights(1), data, Fixtures.sgd(1, 16, 0.1));
            assertEquals(1, JniUtils.getNumThreads(), "applied at the call");
            // predict in odd-sized batches gives the same as in one batch
            try (DjlTrainer one = DjlTrainer.builder().model(t.spec()).device(Device.cpu()).build()) {
                var a = t.predict(out.weights(), data);
                var b = one.predict(out.weights(), data);
                assertEquals(a.meanLoss(), b.meanLoss(), 1e-6);
                for (int i = 0; i < a.probabilities().length; i++) {
                    assertEquals(a.probabilities()[i], b.probabilities()[i], 1e-6);
                }
            }
            assertTrue(t.stagingBytes() >= 64L * 4 * Float.BYTES);
        } finally {
            JniUtils.setNumThreads(before);
        }
    }
}
