package org.fedmed.study.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fedmed.study.model.SavedModel;

/**
 * An exported model file and its SHA-256 (the digest the model card names, so a released model can
 * be matched to its run).
 */
public record OnnxFile(Path file, String sha256, long bytes) {

    /**
     * Writes {@code model} as ONNX to {@code file}, owner-only like the saved weights (a model can leak
     * training data); IllegalArgumentException (one line) for a model type that cannot be exported.
     */
    public static OnnxFile write(SavedModel model, Path file, String producerVersion) {
        byte[] onnx = OnnxExporter.export(model, producerVersion);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SavedModel.writePrivate(file, onnx);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ONNX model to " + file + ": " + e.getMessage(), e);
        }
        return new OnnxFile(file, SavedModel.sha256(onnx), onnx.length);
    }
}
