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
}
