package org.fedmed.study.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.fedmed.core.data.LabeledSamples;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.core.training.Predictions;
import org.fedmed.core.training.TrainingConfig;
import org.fedmed.data.DataRequest;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.FederatedData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.study.model.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trained model exported to ONNX gives, under ONNX Runtime, the probabilities DJL gives on the same
 * test examples (within 1e-5) and the same predicted classes: WDBC with logreg and MLP, PneumoniaMNIST
 * images with the CNN and the ResNet, ECG200 heartbeats with the 1-D CNN.
 */
class OnnxExportTest {

    @TempDir
    Path dir;

    @Test
    void tabularModelsPredictAsDjlDoes() throws Exception {
        FederatedData wdbc = DatasetCatalog.prepare(DataRequest.of("wdbc", 3, "iid", 7));
        int d = wdbc.featureShape()[0];
        agree(wdbc, ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {d}, 2), wdbc.pooledTrain(), wdbc.globalTest());
        agree(wdbc, new ModelSpec(ModelArchitecture.MLP, new int[] {d}, 2, List.of(16, 8), 0.25), wdbc.pooledTrain(),
                wdbc.globalTest());
    }

    @Test
    void imageModelsPredictAsDjlDoes() throws Exception {
        FederatedData images = DatasetCatalog.prepare(DataRequest.of("pneumoniamnist", 2, "iid", 7));
        LabeledSamples train = images.pooledTrain().subset(IntStream.range(0, 96).toArray());
        LabeledSamples test = images.globalTest().subset(IntStream.range(0, 64).toArray());
        int[] shape = images.featureShape();
        agree(images, new ModelSpec(ModelArchitecture.CNN, shape, 2, List.of(), 0.25), train, test);
        // trained BatchNorm statistics: the export must use the running mean and variance, as DJL's inference does
        agree(images, ModelSpec.of(ModelArchitecture.RESNET, shape, 2), train, test);
    }

    @Test
    void signalModelPredictsAsDjlDoes() throws Exception {
        FederatedData ecg = DatasetCatalog.prepare(DataRequest.of("ecg200", 2, "iid", 7));
        agree(ecg, ModelSpec.of(ModelArchitecture.CNN1D, ecg.featureShape(), 2), ecg.pooledTrain(), ecg.globalTest());
    }

    @Test
    void modelsThatCannotBeExpressedAreRefusedInOneLine() {
        for (ModelArchitecture a : List.of(ModelArchitecture.LSTM, ModelArchitecture.COX, ModelArchitecture.ROCKET)) {
            ModelSpec spec = ModelSpec.of(a, a == ModelArchitecture.LSTM ? new int[] {1, 8} : new int[] {4}, 2);
            SavedModel m = new SavedModel(spec, List.of("a", "b"), "x", List.of(), "none", ModelWeights.zeros(List.of()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.export(m, "test"));
            assertTrue(e.getMessage().startsWith("a" + (a == ModelArchitecture.LSTM ? "n lstm" : " " + a.id()) + " model"),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void weightsThatDoNotFitTheArchitectureAreRefused() {
        try (DjlTrainer t = DjlTrainer.builder().model(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {3}, 2)).build()) {
            ModelWeights w = t.initialWeights(1);
            // the same weights described as a 3-class model: the weight tensor's shape is wrong
            SavedModel wrong = new SavedModel(ModelSpec.of(ModelArchitecture.LOGISTIC_REGRESSION, new int[] {3}, 3), List.of("a", "b", "c"),
                    "x", List.of(), "none", w);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExporter.export(wrong, "test"));
            assertTrue(e.getMessage().contains("tensor 1 is") && e.getMessage().contains("needs a weight of shape [3, -1]"),
                    e.getMessage());
        }
    }

    /** Trains {@code spec} one epoch on {@code train}, exports it and compares ONNX Runtime with DJL on {@code test}. */
    private void agree(FederatedData data, ModelSpec spec, LabeledSamples train, LabeledSamples test) throws Exception {
        Predictions djl;
        SavedModel saved;
        try (DjlTrainer trainer = DjlTrainer.builder().model(spec).build()) {
            ModelWeights w = trainer.fit(trainer.initialWeights(3), train, TrainingConfig.defaults().withLearningRate(0.01)).weights();
            djl = trainer.predict(w, test);
            saved = SavedModel.of(spec, data, data.dataset(), w);
        }
        Path file = dir.resolve(spec.architecture().id() + ".onnx");
        OnnxFile written = OnnxFile.write(saved, file, "test");
        assertEquals(SavedModel.sha256(Files.readAllBytes(file)), written.sha256());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        float[] onnx = run(file, spec, test);
        int k = spec.numClasses();
        assertEquals(djl.probabilities().length, onnx.length);
        int differentClass = 0;
        double worst = 0;
        for (int i = 0; i < test.size(); i++) {
            int best = 0;
            for (int c = 0; c < k; c++) {
                worst = Math.max(worst, Math.abs(onnx[i * k + c] - djl.probabilities()[i * k + c]));
                best = onnx[i * k + c] > onnx[i * k + best] ? c : best;
            }
            differentClass += best == djl.predictedClass(i) ? 0 : 1;
        }
        assertTrue(worst <= 1e-5, spec.architecture().id() + ": largest probability difference " + worst);
        assertEquals(0, differentClass, spec.architecture().id() + ": examples predicted differently");
    }

    private static float[] run(Path file, ModelSpec spec, LabeledSamples test) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int[] in = spec.inputShape();
        long[] shape = new long[in.length + 1];
        shape[0] = test.size();
        for (int i = 0; i < in.length; i++) {
            shape[i + 1] = in[i];
        }
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(test.features()), shape);
             OrtSession.Result r = session.run(Map.of(OnnxExporter.INPUT, x))) {
            OnnxTensor out = (OnnxTensor) r.get(OnnxExporter.PROBABILITIES).orElseThrow();
            FloatBuffer b = out.getFloatBuffer();
            float[] p = new float[b.remaining()];
            b.get(p);
            return p;
        }
    }
}
