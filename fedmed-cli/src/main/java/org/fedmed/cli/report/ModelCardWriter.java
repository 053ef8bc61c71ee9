package org.fedmed.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.fedmed.core.FedMedVersion;
import org.fedmed.study.StudySpec;
import org.fedmed.study.export.OnnxExporter;
import org.fedmed.study.export.OnnxFile;
import org.fedmed.study.keys.StudyKeys;
import org.fedmed.study.model.SavedModel;

/**
 * What every run writes next to report.json once the model is saved: {@code model.onnx} (unless
 * turned off or the model type cannot be expressed: then one line says why) and the model card,
 * {@code model_card.json} and {@code model_card.md}, read from that report.json.
 */
public final class ModelCardWriter {

    public static final String ONNX = "model.onnx";
    public static final String CARD_JSON = "model_card.json";
    public static final String CARD_MD = "model_card.md";

    private ModelCardWriter() {
    }

    /**
     * Writes the ONNX file (when {@code onnx} and {@code model} is not null) and the card into {@code dir};
     * returns the lines to print (what was written, or why no ONNX file).
     */
    public static List<String> write(Path dir, String reportJson, SavedModel model, StudySpec study, boolean onnx) {
        List<String> said = new ArrayList<>();
        ObjectNode export = ModelCard.MAPPER.createObjectNode();
        if (model != null) {
            export.put("saved_model", "model/ (" + SavedModel.JSON + ", " + SavedModel.WEIGHTS + "; start a later study from it)");
        }
        if (model == null) {
            export.putNull("onnx");
            export.put("onnx_refused", "this run saves no model");
        } else if (!onnx) {
            export.putNull("onnx");
            export.put("onnx_disabled", "turned off for this run (--no-onnx)");
        } else if (OnnxExporter.refusal(model.spec().architecture()) != null) {
            String why = OnnxExporter.refusal(model.spec().architecture());
            export.putNull("onnx");
            export.put("onnx_refused", why);
            said.add("onnx: not written, " + why);
        } else {
            OnnxFile f = OnnxFile.write(model, dir.resolve(ONNX), version());
            export.set("onnx", onnx(f, model));
            said.add("onnx: " + f.file() + " (sha256 " + f.sha256() + ")");
        }
        JsonNode report = parse(reportJson);
        String fingerprint = study == null ? null : SavedModel.sha256(StudyKeys.fingerprint(study).getBytes(StandardCharsets.UTF_8));
        ObjectNode card = ModelCard.from(report, new ModelCard.Facts(version(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                fingerprint, export));
        try {
            Files.createDirectories(dir);
            // owner-only as report.json is: the owner decides what to publish
            SavedModel.writePrivate(dir.resolve(CARD_JSON), ModelCard.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(card));
            SavedModel.writePrivate(dir.resolve(CARD_MD), ModelCardMarkdown.render(card).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model card to " + dir + ": " + e.getMessage(), e);
        }
        said.add("model card: " + dir.resolve(CARD_MD) + " and " + dir.resolve(CARD_JSON));
        return said;
    }

    /** The export section's ONNX entry: the file, its digest and what its input must be. */
    private static ObjectNode onnx(OnnxFile f, SavedModel model) {
        ObjectNode n = ModelCard.MAPPER.createObjectNode();
        n.put("file", ONNX);
        n.put("sha256", f.sha256());
        n.put("bytes", f.bytes());
        n.put("opset", OnnxExporter.OPSET);
        n.put("input", OnnxExporter.INPUT + " float32 [N, " + Arrays.stream(model.spec().inputShape()).mapToObj(String::valueOf)
                .collect(Collectors.joining(", ")) + "]");
        n.put("output", OnnxExporter.PROBABILITIES + " float32 [N, " + model.spec().numClasses() + "] in the order of the classes");
        n.put("preprocessing_in_graph", false);
        n.put("input_preprocessing", "not in the graph: prepare the input as the run did (data.preprocessing; also in the file's"
                + " metadata, fedmed.preprocessing)");
        return n;
    }

    /** FedMed's version as {@code fedmed --version} prints it. */
    public static String version() {
        return "fedmed " + FedMedVersion.NUMBER;
    }

    private static JsonNode parse(String json) {
        try {
            return ModelCard.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report.json does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
