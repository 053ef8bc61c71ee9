package org.fedmed.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedmed.cli.report.ModelCardWriter;
import org.fedmed.study.export.OnnxExporter;
import org.fedmed.study.export.OnnxFile;
import org.fedmed.study.model.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fedmed export onnx --model DIR --out FILE}: a saved model as an ONNX file. */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = {"Write a saved model (model.json + weights.bin, as every run writes under OUT/model) as an ONNX file (IR 7,"
                + " opset 13): input 'input' [N, example shape], output 'probabilities' [N, classes].",
                "The input must be preprocessed as the run did (model.json, preprocessing).",
                "logreg, mlp, cnn, resnet and cnn1d are exported; lstm and cox are refused. Prints the file's SHA-256."})
final class ExportOnnxCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Saved model folder (a run's OUT/model).")
    Path model;

    @Option(names = "--out", paramLabel = "FILE", description = "ONNX file to write (default: DIR/../" + ModelCardWriter.ONNX + ").")
    Path out;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(model.resolve(SavedModel.JSON)) || !Files.isRegularFile(model.resolve(SavedModel.WEIGHTS))) {
            throw new IllegalArgumentException("--model " + model + ": expected a saved model folder with " + SavedModel.JSON + " and "
                    + SavedModel.WEIGHTS + " (a run's OUT/model)");
        }
        SavedModel m = SavedModel.read(model);
        String refused = OnnxExporter.refusal(m.spec().architecture());
        if (refused != null) {
            throw new IllegalArgumentException(model + ": " + refused);
        }
        Path file = out != null ? out : model.toAbsolutePath().getParent().resolve(ModelCardWriter.ONNX);
        OnnxFile f = OnnxFile.write(m, file, ModelCardWriter.version());
        System.out.println("onnx: " + f.file() + " (" + f.bytes() + " bytes, sha256 " + f.sha256() + ")");
        System.out.println("input: preprocess as the run did: " + m.preprocessing());
        return 0;
    }
}
