package org.fedmed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.json names the attack and its malicious sites, and every report carries the backdoor success rate. */
class AttackReportTest {

    @TempDir
    Path tmp;

    private static int run(StringWriter err, String... args) {
        return FedMed.execute(new PrintWriter(err, true), args);
    }

    @Test
    void anAttackedRunNamesTheAttackItsParametersAndTheMaliciousSites() throws Exception {
        Path out = tmp.resolve("attacked");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "simulate", "--rounds", "2", "--sites", "10", "--partition", "iid", "--attack", "sign_flip:10",
                "--malicious", "0.3", "--no-baselines", "--out", out.toString()), err.toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode attack = report.get("attack");
        assertEquals("sign_flip", attack.get("attack").asText());
        assertEquals(10.0, attack.get("params").get("parameter").asDouble());
        assertEquals(0.3, attack.get("params").get("malicious_fraction").asDouble());
        assertEquals(3, attack.get("malicious_sites").size());
        for (JsonNode s : attack.get("malicious_sites")) {
            assertTrue(s.asText().startsWith("site-"), s.toString());
        }
        double success = report.get("final").get("attack").get("backdoor_success").asDouble();
        assertTrue(success >= 0 && success <= 1, "a rate: " + success);
        String html = java.nio.file.Files.readString(out.resolve("report.html"));
        String sites = String.join(", ", java.util.stream.StreamSupport.stream(attack.get("malicious_sites").spliterator(), false)
                .map(JsonNode::asText).toList());
        assertTrue(html.contains("<p><b>Attack.</b> sign_flip(10) by 3 malicious sites: " + sites + ".</p>"), html);
        assertTrue(html.contains("<b>Backdoor success</b> of the final model: "), html);
    }

    @Test
    void aCleanRunHasNoAttackSectionButMeasuresTheBackdoorSuccessForComparison() throws Exception {
        Path out = tmp.resolve("clean");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "simulate", "--rounds", "2", "--no-baselines", "--out", out.toString()), err.toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertFalse(report.has("attack"));
        JsonNode fin = report.get("final").get("attack");
        assertTrue(fin.get("backdoor_success").isNumber(), fin.toString());
        assertEquals("benign", fin.get("backdoor_target").asText());
        assertFalse(java.nio.file.Files.readString(out.resolve("report.html")).contains("<b>Attack.</b>"));
    }

    @Test
    void aScreenedRunReportsEachSitesScoresAndReputation() throws Exception {
        Path out = tmp.resolve("screened");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "simulate", "--rounds", "4", "--sites", "10", "--partition", "iid", "--attack", "sign_flip:10",
                "--malicious", "0.2", "--aggregator", "screen:cos=0.1", "--no-baselines", "--out", out.toString()), err.toString());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode sites = report.get("screening").get("sites");
        assertEquals(10, sites.size());
        for (JsonNode m : report.get("attack").get("malicious_sites")) {
            JsonNode s = sites.get(m.asText());
            assertEquals(4, s.get("rounds_scored").asInt(), s.toString());
            assertEquals(0, s.get("rounds_kept").asInt(), s.toString());
            assertTrue(s.get("mean_score").asDouble() < 0, "a flipped update points against the median: " + s);
            assertEquals(Math.pow(0.8, 4), s.get("reputation").asDouble(), 1e-6);
            assertFalse(report.get("rounds").get(3).get("scores").get(m.asText()).get("kept").asBoolean());
        }
        assertTrue(report.get("screening").get("sites").get("site-1").get("mean_gain").isNull(), "gain=0 measures no gain");
        String html = java.nio.file.Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<p><b>Screening.</b>"), html);
        assertTrue(html.contains("<td>4</td><td>0</td>"), "a malicious site's row: scored 4, kept 0");
    }

    @Test
    void anUnknownAttackIsRefusedBeforeRoundOne() {
        StringWriter err = new StringWriter();
        int exit = run(err, "simulate", "--attack", "poison", "--out", tmp.resolve("bad").toString());
        assertTrue(exit != 0);
        assertTrue(err.toString().contains("unknown attack 'poison'; known: label_flip, sign_flip"), err.toString());
        assertFalse(tmp.resolve("bad").toFile().exists(), "refused before the output directory was made");
    }
}
