package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditMembershipCommandTest {

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        return CliRun.of(args).asArray();
    }

    @Test
    void auditsAShortStudyAndWritesTheJson() throws Exception {
        Path out = tmp.resolve("audit");
        String[] r = run("audit", "membership", "--dataset", "wdbc", "--sites", "3", "--rounds", "3", "--shadows", "2",
                "--out", out.toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("loss-threshold  advantage"), r[1]);
        assertTrue(r[1].contains("lira-offline    advantage"), r[1]);
        JsonNode j = new ObjectMapper().readTree(Files.readString(out.resolve("audit.json")));
        assertEquals("wdbc", j.get("dataset").asText());
        assertEquals(2, j.get("attacks").size());
        assertTrue(j.get("attacks").get(0).get("advantage").asDouble() >= 0);
        assertTrue(j.get("accountant_epsilon").isNull());
    }

    @Test
    void oneShadowIsRefused() {
        String[] r = run("audit", "membership", "--dataset", "wdbc", "--rounds", "1", "--shadows", "1",
                "--out", tmp.resolve("x").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("at least 2 shadow models"), r[2]);
    }
}
