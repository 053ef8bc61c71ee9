package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.fedmed.cli.report.ModelCardWriter;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.study.model.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedmed simulate} writes model_card.json / .md and model.onnx next to report.json; every figure
 * of the card is the report's, the worst site is the one with the lowest per-site accuracy, and the
 * card names the ONNX file's SHA-256, which {@code fedmed export onnx} reproduces from the saved model.
 */
class ModelCardRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return FedMed.execute(new PrintWriter(err, true), args);
    }

    @Test
    void theCardRestatesReportJsonAndNamesTheWorstSite() throws Exception {
        Path out = tmp.resolve("wdbc");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "simulate", "--dataset", "wdbc", "--rounds", "3", "--out", out.toString()), err.toString());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode card = JSON.readTree(out.resolve("model_card.json").toFile());
        assertEquals("fedmed-model-card/1", card.get("format").asText());
        assertEquals(report.get("dataset"), card.at("/data/dataset"));
        assertEquals(report.get("partition"), card.at("/data/partition"));
        assertEquals(report.get("preprocessing"), card.at("/data/preprocessing"));
        assertEquals(report.get("model"), card.at("/model/model"));
        assertEquals(report.at("/totals/model_parameters"), card.at("/model/model_parameters"));
        assertEquals(report.at("/totals/rounds"), card.at("/model/rounds"));
        assertEquals(report.get("aggregation"), card.at("/model/aggregation"));
        assertEquals(report.at("/final/federated/accuracy"), card.at("/metrics/overall/accuracy"));
        assertEquals(report.at("/final/federated/samples"), card.at("/metrics/overall/samples"));
        assertEquals("malignant", card.at("/intended_use/positive_class").asText(), "label 1 of WDBC");
        assertTrue(card.at("/intended_use/statement").asText().contains("not for diagnosis"));
        // sites: rows and class balance as report.json lists them
        assertEquals(report.get("sites").size(), card.at("/data/sites").size());
        for (int i = 0; i < report.get("sites").size(); i++) {
            assertEquals(report.get("sites").get(i).get("train_samples"), card.at("/data/sites").get(i).get("train_samples"));
            assertEquals(report.get("sites").get(i).get("label_counts"), card.at("/data/sites").get(i).get("label_counts"));
        }
        // per site: the report's accuracies, and the spread computed from them
        JsonNode perSite = card.at("/metrics/per_site");
        assertEquals(report.get("per_site").size(), perSite.size());
        String worst = null;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Iterator<Map.Entry<String, JsonNode>> it = report.get("per_site").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double acc = e.getValue().get("accuracy").asDouble();
            assertEquals(acc, perSite.get(e.getKey()).asDouble(), 0.0, e.getKey());
            if (acc < min) {
                min = acc;
                worst = e.getKey();
            }
            max = Math.max(max, acc);
        }
        assertEquals(worst, card.at("/metrics/spread/worst_site").asText());
        assertEquals(min, card.at("/metrics/spread/min").asDouble(), 0.0);
        assertEquals(max, card.at("/metrics/spread/max").asDouble(), 0.0);
        // the 95% interval brackets the accuracy
        JsonNode ci = card.at("/metrics/overall/accuracy_ci95");
        double acc = report.at("/final/federated/accuracy").asDouble();
        assertTrue(ci.get(0).asDouble() < acc && acc < ci.get(1).asDouble(), ci.toString());
        // baselines
        assertEquals(report.at("/final/centralized/accuracy").asDouble(), card.at("/baselines/centralized").asDouble(), 0.0);
        assertEquals(report.at("/final/local_only").size(), card.at("/baselines/local_only").size());
        // no DP, no secure aggregation, and the limitations say what follows from the run
        assertEquals("no differential privacy", card.at("/privacy/statement").asText());
        assertTrue(card.at("/protections/secure_aggregation").asText().startsWith("none"));
        String limitations = card.get("limitations").toString();
        assertTrue(limitations.contains("non-IID partition 'dirichlet:0.5'"), limitations);
        assertTrue(limitations.contains("no differential privacy"), limitations);
        // the exported file and its digest
        Path onnx = out.resolve("model.onnx");
        String sha = SavedModel.sha256(Files.readAllBytes(onnx));
        assertEquals(sha, card.at("/export/onnx/sha256").asText());
        String md = Files.readString(out.resolve("model_card.md"));
        assertTrue(md.contains("worst site: **" + worst + "**"), md);
        assertTrue(md.contains(sha), "the markdown names the digest");
        // fedmed export onnx on the saved model writes the same bytes
        Path again = tmp.resolve("again.onnx");
        assertEquals(0, run(err, "export", "onnx", "--model", out.resolve("model").toString(), "--out", again.toString()), err.toString());
        assertEquals(sha, SavedModel.sha256(Files.readAllBytes(again)));
        // a missing folder or altered weights: one line, no file written
        StringWriter missing = new StringWriter();
        assertEquals(1, run(missing, "export", "onnx", "--model", tmp.resolve("none").toString()));
        assertTrue(missing.toString().contains("expected a saved model folder with model.json and weights.bin"), missing.toString());
        Path weights = out.resolve("model").resolve(SavedModel.WEIGHTS);
        byte[] w = Files.readAllBytes(weights);
        w[0] ^= 1;
        Files.write(weights, w);
        StringWriter altered = new StringWriter();
        Path third = tmp.resolve("third.onnx");
        assertEquals(1, run(altered, "export", "onnx", "--model", out.resolve("model").toString(), "--out", third.toString()));
        assertTrue(altered.toString().contains("its SHA-256 differs"), altered.toString());
        assertFalse(Files.exists(third));
    }

    @Test
    void sampleLevelDpSpendIsTheReportsPerSite() throws Exception {
        Path out = tmp.resolve("dp");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "simulate", "--rounds", "2", "--partition", "iid", "--dp-level", "sample", "--dp-clip", "1",
                "--dp-noise", "1", "--optimizer", "sgd", "--lr", "0.5", "--batch-size", "32", "--no-baselines", "--no-onnx",
                "--out", out.toString()), err.toString());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode card = JSON.readTree(out.resolve("model_card.json").toFile());
        assertTrue(card.at("/privacy/differential_privacy").asBoolean());
        assertEquals("sample", card.at("/privacy/level").asText());
        assertEquals(report.at("/privacy/epsilon"), card.at("/privacy/epsilon"));
        assertEquals(report.at("/privacy/per_site"), card.at("/privacy/epsilon_per_site"));
        assertEquals(5, card.at("/privacy/epsilon_per_site").size());
        assertTrue(card.at("/baselines/centralized").isNull());
        assertFalse(Files.exists(out.resolve("model.onnx")), "--no-onnx");
        assertTrue(card.at("/export/onnx").isNull());
        assertTrue(Files.readString(out.resolve("model_card.md")).contains("epsilon spent"));
    }

    @Test
    void anUnexportableSavedModelIsRefusedInOneLine() throws Exception {
        Path out = tmp.resolve("lstm");
        ModelSpec spec = ModelSpec.of(ModelArchitecture.LSTM, new int[] {1, 96}, 2);
        SavedModel lstm;
        try (DjlTrainer t = DjlTrainer.builder().model(spec).build()) {
            lstm = new SavedModel(spec, List.of("normal", "infarction"), "ecg200", List.of(), "none", t.initialWeights(1));
        }
        lstm.write(out.resolve("model"));
        List<String> said = ModelCardWriter.write(out, "{\"dataset\": \"ecg200\", \"final\": {}}", lstm, null, true);
        assertTrue(said.get(0).startsWith("onnx: not written, an lstm model is not exported"), said.toString());
        assertFalse(Files.exists(out.resolve("model.onnx")));
        JsonNode card = JSON.readTree(out.resolve("model_card.json").toFile());
        assertTrue(card.at("/export/onnx_refused").asText().startsWith("an lstm model is not exported"));
        assertTrue(card.get("limitations").toString().contains("no ONNX file"));
        StringWriter refused = new StringWriter();
        assertEquals(1, run(refused, "export", "onnx", "--model", out.resolve("model").toString()));
        assertTrue(refused.toString().startsWith("fedmed: error: ") && refused.toString().contains("an lstm model is not exported"),
                refused.toString());
        assertEquals(1, refused.toString().strip().lines().count(), refused.toString());
    }
}
