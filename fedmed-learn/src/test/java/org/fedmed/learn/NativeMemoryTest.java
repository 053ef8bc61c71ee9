package org.fedmed.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.OptimizerKind;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.synthetic.SyntheticImages;
import org.junit.jupiter.api.Test;

/** Repeated calls on one trainer hold no more native arrays or memory than the first ones. */
class NativeMemoryTest {

    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    @Test
    void repeatedFitAndPredictDoNotLeak() throws IOException {
        LabeledSamples data = SyntheticImages.brightVersusDark(96, 28, 1);
        TrainingConfig[] configs = {
            new TrainingConfig(1, 32, 0.01, OptimizerKind.SGD, 0.9, 1e-4, 0.01, true, 1L),
            new TrainingConfig(1, 32, 1e-3, OptimizerKind.ADAM, 0, 0, 0, false, 2L),
        };
        ModelSpec spec = ModelSpec.of(ModelArchitecture.RESNET, new int[] {1, 28, 28}, 2);
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            int parameters = t.layout().size();
            assertEquals(parameters, t.liveNativeArrays(), "only the parameters are alive after construction");
            ModelWeights w = t.initialWeights(1);
            for (int i = 0; i < 5; i++) { // warm-up: allocator pools, JIT
                w = t.fit(w, data, configs[i % 2]).weights();
                t.predict(w, data);
            }
            System.gc();
            long rssBefore = rssBytes();
            int arraysBefore = t.liveNativeArrays();
            int calls = 30;
            for (int i = 0; i < calls; i++) {
                w = t.fit(w, data, configs[i % 2]).weights();
                t.predict(w, data);
                assertEquals(parameters, t.liveNativeArrays(), "native arrays alive after call " + i);
            }
            System.gc();
            long rssAfter = rssBytes();
            long growthMb = (rssAfter - rssBefore) >> 20;
            System.out.printf("native arrays: %d before, %d after %d fit+predict calls; RSS %d MB -> %d MB%n",
                    arraysBefore, t.liveNativeArrays(), calls, rssBefore >> 20, rssAfter >> 20);
            assertEquals(arraysBefore, t.liveNativeArrays());
            // activations of one ResNet batch are ~20 MB; a leak of one batch per call would add ~600 MB
            assertTrue(growthMb < 100, "RSS grew by " + growthMb + " MB over " + calls + " calls");
        }
    }
}
