package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --finetune-epochs: each site's personal model beside the global and local-only ones, in the console, report.json and report.html. */
class PersonalizationReportTest {

    @TempDir
    Path tmp;

    @Test
    void everySiteGetsItsPersonalModelScoredOnItsOwnTestSet() throws Exception {
        Path out = tmp.resolve("heart");
        CliRun r = CliRun.of("simulate", "--dataset", "heart", "--rounds", "3", "--finetune-epochs", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Personal models (the final model fine-tuned 3 epoch(s) at each site)"), r.out());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode p = report.get("personalization");
        assertEquals("finetune", p.get("method").asText());
        assertEquals(3, p.get("finetune_epochs").asInt());
        JsonNode sites = p.get("sites");
        List<String> ids = List.of("cleveland", "hungary", "switzerland", "va_long_beach");
        double sumPersonal = 0;
        double sumGlobal = 0;
        boolean someChanged = false;
        for (String id : ids) {
            JsonNode s = sites.get(id);
            assertTrue(s != null, "site " + id + " in " + sites);
            // the global figure is the per-site evaluation of the final model; local-only is the baseline on the same test set
            assertEquals(report.get("per_site").get(id).get("accuracy").asDouble(), s.get("global").asDouble(), 1e-12);
            assertEquals(report.get("local_only_own_test").get(id).get("accuracy").asDouble(), s.get("local_only").asDouble(), 1e-12);
            assertEquals(report.get("per_site").get(id).get("samples").asLong(), s.get("n").asLong());
            assertFalse(s.has("rounds"), "rounds are Ditto's: " + s);
            sumPersonal += s.get("personal").asDouble();
            sumGlobal += s.get("global").asDouble();
            someChanged |= s.get("personal").asDouble() != s.get("global").asDouble();
        }
        assertTrue(someChanged, "fine-tuning changed some site's model: " + sites);
        assertEquals(sumPersonal / 4, p.get("mean_accuracy").get("personal").asDouble(), 1e-12);
        assertEquals(sumGlobal / 4, p.get("mean_accuracy").get("global").asDouble(), 1e-12);
        assertEquals(3, report.get("config").get("finetune_epochs").asInt());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Personal models: the final model fine-tuned 3 epoch(s)"), "the personal table");
        assertTrue(html.contains("personal (fine-tuned)"), "the personal bars");
    }

    @Test
    void withoutFineTuningThereIsNoPersonalSectionAndANegativeCountIsRefused() throws Exception {
        Path out = tmp.resolve("plain");
        CliRun r = CliRun.of("simulate", "--dataset", "wdbc", "--rounds", "1", "--no-baselines", "--local-layers", "head",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertFalse(report.has("personalization"));
        // the layers each site kept are part of what the report says was run; unset keys stay out
        assertEquals("head", report.get("config").get("local_layers").asText());
        assertFalse(report.get("config").has("init_from") || report.get("config").has("freeze"), report.get("config").toString());
        CliRun bad = CliRun.of("simulate", "--dataset", "wdbc", "--finetune-epochs", "-2", "--out", tmp.resolve("bad").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("finetune_epochs") || bad.err().contains("--finetune-epochs"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertFalse(Files.exists(tmp.resolve("bad").resolve("report.json")));
    }

    @Test
    void aLocalLayerNamingNoTensorIsRefusedBeforeRoundOne() {
        Path out = tmp.resolve("nohead");
        CliRun r = CliRun.of("simulate", "--dataset", "heart", "--rounds", "1", "--no-baselines", "--local-layers", "nosuchhead",
                "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("local_layers: 'nosuchhead' names no layer of this model"), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> !l.contains(" WARN ")).count(), r.err());
        assertFalse(Files.exists(out.resolve("report.json")), "nothing written for a refused study");
    }
}
