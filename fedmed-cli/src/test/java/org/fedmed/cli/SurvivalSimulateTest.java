package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedmed simulate --dataset tcga-brca}: survival end to end, C-index and censoring counts, Kaplan–Meier in the page. */
class SurvivalSimulateTest {

    private static final List<String> REGIONS = List.of("Northeast", "South", "West", "Midwest", "Europe", "Canada");

    @TempDir
    Path tmp;

    @Test
    void tcgaBrcaReportsCIndexAndCensoringPerSiteAndKaplanMeierCurves() throws Exception {
        Path out = tmp.resolve("tcga");
        CliRun r = CliRun.of("simulate", "--dataset", "tcga-brca", "--rounds", "2", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("c_index"), r.out());
        assertFalse(r.out().contains("accuracy"), "a Cox model prints no accuracy: " + r.out());

        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("tcga-brca", report.get("dataset").asText());
        assertEquals("natural", report.get("partition").asText());
        JsonNode config = report.get("config");
        assertEquals(8, config.get("batch_size").asInt());
        assertEquals(100, config.get("local_steps").asInt());
        assertEquals("sgd", config.get("optimizer").asText());

        JsonNode fin = report.get("final");
        JsonNode fed = fin.get("federated");
        assertInUnitInterval(fed.get("c_index"));
        assertFalse(fed.has("accuracy"), fed.toString());
        long n = fed.get("samples").asLong();
        assertEquals(report.get("global_test").get("samples").asLong(), n);
        assertEquals(n, fed.get("events").asLong() + fed.get("censored").asLong());
        assertEquals(report.get("global_test").get("label_counts").get("event").asLong(), fed.get("events").asLong());
        assertInUnitInterval(fin.get("centralized").get("c_index"));
        for (String site : REGIONS) {
            assertInUnitInterval(fin.get("local_only").get(site).get("c_index"));
        }

        // per site: events + censored = n; the sites' test sets add up to the global test set
        JsonNode perSite = report.get("per_site");
        long samples = 0;
        long events = 0;
        double cSum = 0;
        int cCount = 0;
        Iterator<Map.Entry<String, JsonNode>> it = perSite.fields();
        int sites = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(REGIONS.get(sites++), e.getKey());
            JsonNode s = e.getValue();
            assertEquals(s.get("samples").asLong(), s.get("events").asLong() + s.get("censored").asLong(), s.toString());
            samples += s.get("samples").asLong();
            events += s.get("events").asLong();
            if (!s.get("c_index").isNull()) {
                // a small region's test set (Canada: 11 patients) can be ranked perfectly
                double c = s.get("c_index").asDouble();
                assertTrue(c >= 0 && c <= 1, s.toString());
                cSum += s.get("c_index").asDouble();
                cCount++;
            }
        }
        assertEquals(6, sites);
        assertEquals(n, samples);
        assertEquals(fed.get("events").asLong(), events);
        assertEquals(cSum / cCount, fin.get("federated_site_mean_c_index").asDouble(), 1e-12);
        JsonNode lastRound = report.get("rounds").get(1);
        assertEquals(fed.get("c_index").asDouble(), lastRound.get("test_c_index").asDouble(), 1e-12);
        assertFalse(lastRound.has("test_accuracy"));
        assertEquals(6, lastRound.get("site_c_index").size());

        // risk groups: every test patient in one group, curves that only fall, a log-rank p-value
        JsonNode groups = fin.get("federated_risk_groups");
        assertEquals(n, groups.get("high").get("samples").asLong() + groups.get("low").get("samples").asLong());
        assertEquals(fed.get("events").asLong(), groups.get("high").get("events").asLong() + groups.get("low").get("events").asLong());
        for (String g : List.of("high", "low")) {
            double previous = 1;
            for (JsonNode s : groups.get(g).get("survival")) {
                assertTrue(s.asDouble() <= previous && s.asDouble() >= 0, groups.toString());
                previous = s.asDouble();
            }
        }
        double p = groups.get("log_rank").get("p_value").asDouble();
        assertTrue(p >= 0 && p <= 1, groups.toString());

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("Kaplan–Meier by federated risk group") && html.contains("class='km'"), "the KM chart");
        assertTrue(html.contains("Log-rank test"), "the log-rank line");
        assertTrue(html.contains("<th>C-index</th><th>events</th><th>censored</th>"), "the C-index table");
        assertFalse(html.contains("<th>accuracy</th>"), "no accuracy column");
        assertTrue(Files.isDirectory(out.resolve("model")));
    }

    @Test
    void personalModelsAndModelPoisoningWorkOnSurvivalData() throws Exception {
        Path out = tmp.resolve("personal");
        CliRun r = CliRun.of("simulate", "--dataset", "tcga-brca", "--rounds", "1", "--no-baselines", "--finetune-epochs", "1",
                "--attack", "sign_flip", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode p = report.get("personalization");
        assertEquals(6, p.get("sites").size());
        double global = 0;
        for (String site : REGIONS) {
            global += p.get("sites").get(site).get("global").asDouble();
            assertEquals(report.get("per_site").get(site).get("c_index").asDouble(), p.get("sites").get(site).get("global").asDouble(),
                    1e-12);
        }
        assertEquals(global / 6, p.get("mean_c_index").get("global").asDouble(), 1e-12);
        assertEquals("sign_flip", report.get("attack").get("attack").asText());
        assertTrue(report.get("final").get("attack").get("backdoor_success").isNull(), "no backdoor to measure on a risk score");
    }

    @Test
    void settingsMadeForClassifiersAreRefusedInOneLineBeforeTraining() {
        assertRefused("DP-SGD", "--dp-level", "sample", "--dp-clip", "1", "--dp-noise", "1");
        assertRefused("--target-sensitivity", "--target-sensitivity", "0.9");
        assertRefused("label_flip", "--attack", "label_flip");
        assertRefused("--partition natural", "--partition", "iid");
        assertRefused("--model cox", "--model", "mlp");
        assertRefused("--weighting validation", "--weighting", "validation");
        CliRun audit = CliRun.of("audit", "membership", "--dataset", "tcga-brca", "--rounds", "1", "--out",
                tmp.resolve("audit").toString());
        assertEquals(1, audit.code(), audit.out());
        assertTrue(audit.err().contains("not supported") && audit.err().strip().lines().count() == 1, audit.err());
        CliRun inversion = CliRun.of("audit", "inversion", "--dataset", "tcga-brca");
        assertEquals(1, inversion.code());
        assertTrue(inversion.err().contains("survival data, not images"), inversion.err());
        CliRun wdbc = CliRun.of("simulate", "--dataset", "wdbc", "--model", "cox", "--rounds", "1", "--out", tmp.resolve("w").toString());
        assertEquals(1, wdbc.code());
        assertTrue(wdbc.err().contains("model cox needs survival data"), wdbc.err());
    }

    private void assertRefused(String expected, String... options) {
        String[] args = new String[options.length + 7];
        System.arraycopy(new String[] {"simulate", "--dataset", "tcga-brca", "--rounds", "1", "--out",
            tmp.resolve("refused").toString()}, 0, args, 0, 7);
        System.arraycopy(options, 0, args, 7, options.length);
        CliRun r = CliRun.of(args);
        assertEquals(1, r.code(), String.join(" ", options) + ": " + r.out() + r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.out().contains("round   1"), "refused before round 1: " + r.out());
        assertFalse(Files.exists(tmp.resolve("refused").resolve("report.json")));
    }

    private static void assertInUnitInterval(JsonNode v) {
        assertTrue(v != null && v.isNumber() && v.asDouble() > 0 && v.asDouble() < 1, String.valueOf(v));
    }
}
