package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacySweepCommandTest {

    @TempDir
    Path tmp;

    @Test
    void sweepTrainsWithoutAndWithDpAndMoreNoiseMeansSmallerEpsilon() throws Exception {
        StringWriter err = new StringWriter();
        int exit = FedMed.execute(new PrintWriter(err, true), "privacy", "sweep", "--rounds", "2",
                "--noise-multipliers", "0.8,4", "--out", tmp.toString());
        assertEquals(0, exit, err.toString());
        JsonNode points = new ObjectMapper().readTree(tmp.resolve("sweep.json").toFile()).get("points");
        assertEquals(3, points.size());
        assertTrue(points.get(0).get("epsilon").isNull(), "the first model is the non-private reference");
        double loose = points.get(1).get("epsilon").asDouble();
        double tight = points.get(2).get("epsilon").asDouble();
        assertTrue(loose > tight && tight > 0, "epsilon " + loose + " at sigma 0.8 vs " + tight + " at sigma 4");
        assertTrue(points.get(0).get("accuracy").asDouble() > 0.8);
        assertTrue(Files.readString(tmp.resolve("sweep.html")).contains("<svg"));
    }

    @Test
    void sampleLevelSweepAtTargetEpsilonsFromARunSpec() throws Exception {
        Path spec = tmp.resolve("spec.yaml");
        Files.writeString(spec, "dataset: wdbc\npartition: iid\noptimizer: sgd\nlr: 0.5\nbatch_size: 32\n");
        StringWriter err = new StringWriter();
        Path out = tmp.resolve("s");
        int exit = FedMed.execute(new PrintWriter(err, true), "privacy", "sweep", "--config", spec.toString(), "--rounds", "2",
                "--dp-level", "sample", "--epsilons", "1,8", "--out", out.toString());
        assertEquals(0, exit, err.toString());
        JsonNode json = new ObjectMapper().readTree(out.resolve("sweep.json").toFile());
        assertEquals("sample", json.get("level").asText());
        JsonNode points = json.get("points");
        assertEquals(3, points.size());
        assertEquals(1.0, points.get(1).get("epsilon").asDouble(), 0.01);
        assertEquals(8.0, points.get(2).get("epsilon").asDouble(), 0.01);
        assertTrue(points.get(1).get("noise_multiplier").asDouble() > points.get(2).get("noise_multiplier").asDouble());
        assertTrue(Files.readString(out.resolve("sweep.html")).contains("Sample-level DP"));
    }

    @Test
    void sweepNeedsExactlyOneKindOfPoints() {
        StringWriter err = new StringWriter();
        int exit = FedMed.execute(new PrintWriter(err, true), "privacy", "sweep", "--out", tmp.resolve("x").toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains("--noise-multipliers or --epsilons"), err.toString());
    }
}
