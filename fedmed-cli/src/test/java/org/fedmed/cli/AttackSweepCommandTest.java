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

class AttackSweepCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theSweepShowsTheMeanCollapsingAndTheMedianHoldingAndRecordsRefusedCombinations() throws Exception {
        StringWriter err = new StringWriter();
        int exit = FedMed.execute(new PrintWriter(err, true), "attack", "sweep", "--set", "dataset=wdbc", "--set", "sites=10",
                "--set", "partition=iid", "--set", "rounds=5", "--attacks", "sign_flip:10", "--aggregators",
                "mean,median,multi_krum:f=4,m=3", "--malicious", "0.2", "--out", tmp.toString());
        assertEquals(0, exit, err.toString());
        JsonNode cells = new ObjectMapper().readTree(tmp.resolve("sweep.json").toFile()).get("cells");
        assertEquals(6, cells.size(), cells.toString());
        assertEquals("none", cells.get(0).get("attack").asText());
        double clean = cells.get(0).get("accuracy").asDouble();
        double mean = cells.get(3).get("accuracy").asDouble();
        double median = cells.get(4).get("accuracy").asDouble();
        assertEquals("sign_flip:10", cells.get(3).get("attack").asText());
        assertTrue(mean < clean - 0.3, "plain mean under sign flipping: " + mean + " vs clean " + clean);
        assertTrue(median > clean - 0.05, "median under sign flipping: " + median + " vs clean " + clean);
        // multi_krum with f=4 of 10 sites is refused (n > 2f + 2) and the sweep records why instead of stopping
        assertTrue(cells.get(5).get("refused").asText().contains("multi_krum"), cells.get(5).toString());
        assertTrue(Files.readString(tmp.resolve("sweep.html")).contains("<svg"));
    }
}
