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

/** --contribution: values and rewards in the console, report.json and report.html; refusals are one line. */
class ContributionReportTest {

    @TempDir
    Path tmp;

    @Test
    void fedmedSimulateReportsEachSitesValuesAndARewardSplitSummingToThePool() throws Exception {
        Path out = tmp.resolve("wdbc");
        CliRun r = CliRun.of("simulate", "--dataset", "wdbc", "--sites", "4", "--rounds", "3", "--no-baselines",
                "--contribution", "both", "--reward-pool", "10", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Contribution (leave-one-out and GTG-Shapley), utility: accuracy on the coordinator's global"
                + " test set"), r.out());
        JsonNode c = new ObjectMapper().readTree(out.resolve("report.json").toFile()).get("contribution");
        assertEquals("both", c.get("method").asText());
        assertEquals(3, c.get("rounds").size());
        JsonNode perSite = c.get("per_site");
        assertEquals(4, perSite.size(), perSite.toString());
        long cents = 0;
        for (JsonNode s : perSite) {
            assertTrue(s.get("loo").isNumber() && s.get("shapley").isNumber(), s.toString());
            cents += Math.round(s.get("reward").asDouble() * 100);
        }
        assertEquals(1000, cents);
        // leave-one-out scores n + 1 = 5 sub-models a round
        assertEquals(15, c.get("evaluations").get("loo").asInt());
        assertTrue(c.get("evaluations").get("shapley").asInt() > 0);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<h2>Contribution of each site (leave-one-out and GTG-Shapley)</h2>"), "section");
        assertTrue(html.contains("Contribution, summed over rounds"), "the bar chart");
        for (String site : List.of("site-1", "site-2", "site-3", "site-4")) {
            assertTrue(html.contains("GTG-Shapley " + site + ": "), "a bar per site: " + site);
        }
    }

    @Test
    void secureAggregationWithOneSumIsRefusedInOneLine() {
        Path out = tmp.resolve("secure");
        CliRun r = CliRun.of("simulate", "--dataset", "wdbc", "--secure-aggregation", "secagg+", "--contribution", "shapley",
                "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("contribution cannot be computed under secure_aggregation secagg+ with one sum per round"),
                r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out.resolve("report.json")));
    }
}
