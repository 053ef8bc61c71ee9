package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedmed distill}: FedDF on WDBC with logreg and mlp sites, its report section, and its refusals. */
class DistillCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDistillationSectionBesideTheSingleArchitectureReferences() throws Exception {
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("distill", "--dataset", "wdbc", "--sites", "4", "--rounds", "2", "--seed", "7", "--site-models", "logreg,mlp",
                "--proxy", "40", "--distill-steps", "30", "--distill-batch", "20", "--distill-lr", "0.01", "--temperature", "2",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("FedAvg all sites"), r.out());
        JsonNode d = new ObjectMapper().readTree(Files.readString(out.resolve("report.json"))).get("distillation");
        assertEquals("feddf", d.get("method").asText());
        assertEquals(30, d.get("steps").asInt());
        assertEquals(2.0, d.get("temperature").asDouble());
        assertEquals(2, d.get("architectures").size());
        assertEquals(2, d.get("rounds").size());
        for (JsonNode a : d.get("architectures")) {
            assertEquals(2, a.get("sites").size());
            for (String model : new String[] {"distilled", "group_fedavg", "single_architecture_fedavg"}) {
                double acc = a.get(model).get("accuracy").asDouble();
                // 63% of WDBC's test set is benign: a constant guess scores about that
                assertTrue(acc > 0.7, a.get("architecture").asText() + " " + model + " accuracy " + acc);
                assertTrue(a.get(model).has("roc_auc"));
            }
        }
        assertTrue(d.get("ensemble").get("accuracy").asDouble() > 0.7);
    }

    @Test
    void refusesWhatCannotRunInOneLineBeforeTraining() {
        String[][] cases = {
            {"--site-models", "cnn,mlp", "--site-models cnn does not fit wdbc"},
            {"--site-models", "logreg,vit", "unknown model 'vit'"},
            {"--proxy", "100000", "would take all"},
            {"--strategy", "fedprox", "strategy fedprox"},
        };
        for (String[] c : cases) {
            String[] args = c[0].equals("--site-models")
                    ? new String[] {"distill", "--dataset", "wdbc", "--rounds", "1", c[0], c[1], "--out", dir.resolve("x").toString()}
                    : new String[] {"distill", "--dataset", "wdbc", "--rounds", "1", "--site-models", "logreg,mlp", c[0], c[1],
                        "--out", dir.resolve("x").toString()};
            CliRun r = CliRun.of(args);
            assertEquals(1, r.code(), String.join(" ", c) + ": " + r.out());
            assertTrue(r.err().contains(c[2]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.out().contains("round "), "nothing trained: " + r.out());
        }
    }
}
