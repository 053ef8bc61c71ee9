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

/** --ditto-lambda: each site's Ditto personal model beside the global and local-only ones; refusals are one line. */
class DittoReportTest {

    @TempDir
    Path tmp;

    @Test
    void fedmedSimulateWithDittoReportsEverySitesPersonalModel() throws Exception {
        Path out = tmp.resolve("heart");
        CliRun r = CliRun.of("simulate", "--dataset", "heart", "--rounds", "3", "--ditto-lambda", "0.5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Personal models (Ditto, lambda 0.5:"), r.out());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode p = report.get("personalization");
        assertEquals("ditto", p.get("method").asText());
        assertEquals(0.5, p.get("ditto_lambda").asDouble());
        assertFalse(p.has("finetune_epochs"), p.toString());
        assertEquals(0.5, report.get("config").get("ditto_lambda").asDouble());
        JsonNode sites = p.get("sites");
        List<String> ids = List.of("cleveland", "hungary", "switzerland", "va_long_beach");
        assertEquals(ids.size(), sites.size(), sites.toString());
        double sumPersonal = 0;
        double sumLocal = 0;
        for (String id : ids) {
            JsonNode s = sites.get(id);
            assertTrue(s != null, "site " + id + " in " + sites);
            assertEquals(report.get("per_site").get(id).get("accuracy").asDouble(), s.get("global").asDouble(), 1e-12);
            assertEquals(report.get("local_only_own_test").get(id).get("accuracy").asDouble(), s.get("local_only").asDouble(), 1e-12);
            assertEquals(report.get("per_site").get(id).get("samples").asLong(), s.get("n").asLong());
            double personal = s.get("personal").asDouble();
            assertTrue(personal > 0 && personal <= 1, id + ": " + personal);
            assertEquals(3, s.get("rounds").asInt(), "every site took part in the 3 rounds: " + s);
            sumPersonal += personal;
            sumLocal += s.get("local_only").asDouble();
        }
        assertEquals(sumPersonal / 4, p.get("mean_accuracy").get("personal").asDouble(), 1e-12);
        assertEquals(sumLocal / 4, p.get("mean_accuracy").get("local_only").asDouble(), 1e-12);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Personal models: Ditto, lambda 0.5"), "the personal table names the method");
        assertTrue(html.contains("personal (Ditto)"), "the personal bars name the method");
    }

    @Test
    void meaninglessCombinationsAreRefusedInOneLineBeforeAnythingTrains() throws Exception {
        refused("must be zero or positive", "simulate", "--dataset", "heart", "--ditto-lambda", "-1");
        refused("must be zero or positive", "simulate", "--dataset", "heart", "--ditto-lambda", "Infinity");
        refused("choose one personalization method", "simulate", "--dataset", "heart", "--ditto-lambda", "0.1",
                "--finetune-epochs", "5");
        refused("ditto_lambda cannot be combined with local_layers", "simulate", "--dataset", "heart", "--model", "mlp",
                "--ditto-lambda", "0.1", "--local-layers", "head");
        Path spec = Files.writeString(tmp.resolve("own.yaml"), """
                data:
                  label: diagnosis
                  classes: [absent, present]
                  features: [age, sex]
                site_files: {site-1: a.csv, site-2: b.csv}
                ditto_lambda: 0.5
                """);
        refused("not simulated for own-data studies", "simulate", "--config", spec.toString());
    }

    private void refused(String why, String... args) {
        Path out = tmp.resolve("bad-" + Math.abs(String.join(" ", args).hashCode()));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--out";
        all[args.length + 1] = out.toString();
        CliRun r = CliRun.of(all);
        assertEquals(1, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
        assertTrue(r.err().contains(why), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out.resolve("report.json")));
    }
}
