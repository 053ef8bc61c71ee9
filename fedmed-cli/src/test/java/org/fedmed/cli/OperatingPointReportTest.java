package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fedmed.study.StudySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.json and report.html with an operating threshold chosen for --target-sensitivity, and without one. */
class OperatingPointReportTest {

    @TempDir
    Path tmp;

    @Test
    void theOperatingPointStandsBesideTheHalfThresholdFigures() throws Exception {
        Path out = tmp.resolve("wdbc");
        CliRun r = CliRun.of("simulate", "--dataset", "wdbc", "--rounds", "2", "--no-baselines", "--target-sensitivity", "0.95",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(0.95, report.get("config").get("target_sensitivity").asDouble());
        JsonNode fin = report.get("final");
        JsonNode op = fin.get("federated_operating_point");
        double threshold = op.get("threshold").asDouble();
        assertTrue(threshold > 0 && threshold < 1, op.toString());
        assertEquals(0.95, op.get("target_sensitivity").asDouble());
        JsonNode v = op.get("validation");
        assertEquals(5, v.get("sites").asInt());
        assertTrue(v.get("positives").asLong() > 0 && v.get("negatives").asLong() > 0, v.toString());
        assertEquals(op.get("target_met").asBoolean(), v.get("sensitivity").asDouble() >= 0.95, op.toString());

        JsonNode test = op.get("test");
        for (String f : List.of("accuracy", "sensitivity", "specificity", "ppv", "npv", "balanced_accuracy", "confusion", "samples")) {
            assertTrue(test.has(f), "the operating point lacks " + f + ": " + test);
        }
        assertFalse(test.has("loss"), "no threshold changes the loss");
        JsonNode c = test.get("confusion");
        double tp = c.get(1).get(1).asDouble();
        double tn = c.get(0).get(0).asDouble();
        assertEquals(tp / (tp + c.get(1).get(0).asDouble()), test.get("sensitivity").asDouble(), 1e-12);
        assertEquals(tn / (tn + c.get(0).get(1).asDouble()), test.get("specificity").asDouble(), 1e-12);
        assertEquals(fin.get("federated").get("samples").asLong(), test.get("samples").asLong());
        // the 0.5 figures are still those of the federated model
        JsonNode half = fin.get("federated").get("confusion");
        assertEquals(half.get(1).get(0).asLong() + half.get(1).get(1).asLong(), c.get(1).get(0).asLong() + c.get(1).get(1).asLong());

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("federated (fedavg), threshold 0.5</td>"), "the 0.5 row is named");
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "federated (fedavg), threshold %.2f</td>", threshold)), html);
        assertTrue(html.contains("<b>Operating threshold") && html.contains("class='operating-point'"), "the paragraph and the dot on the ROC");
    }

    @Test
    void withoutATargetThereIsNoOperatingPoint() throws Exception {
        Path out = tmp.resolve("plain");
        CliRun r = CliRun.of("simulate", "--dataset", "wdbc", "--rounds", "1", "--no-baselines", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertFalse(report.get("final").has("federated_operating_point"));
        assertFalse(report.get("config").has("target_sensitivity"));
        assertFalse(Files.readString(out.resolve("report.html")).contains("operating-point"));
    }

    @Test
    void aStudyUnderDpRefusesTheThresholdCountsInOneLineAndWritesNothing() {
        Path out = tmp.resolve("dp");
        CliRun r = CliRun.of("simulate", "--dataset", "wdbc", "--rounds", "1", "--dp-clip", "1", "--dp-noise", "1",
                "--target-sensitivity", "0.8", "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(StudySpec.THRESHOLD_UNDER_DP), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out.resolve("report.json")));
    }
}
