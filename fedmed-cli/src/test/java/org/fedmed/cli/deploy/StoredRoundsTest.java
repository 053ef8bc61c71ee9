package org.fedmed.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.fedmed.net.store.RunStore;
import org.junit.jupiter.api.Test;

class StoredRoundsTest {

    @Test
    void aResumedReportListsEveryRoundOnceInOrderAndCountsThemInTheTotals() throws Exception {
        String thisProcess = """
                {"rounds": [{"round": 3, "test_accuracy": 0.9}, {"round": 4, "test_accuracy": 0.95}],
                 "totals": {"rounds": 2, "bytes_to_sites": 100, "bytes_from_sites": 50}}""";
        List<RunStore.StoredRound> store = List.of(
                new RunStore.StoredRound(1, List.of("a", "b"), "", true, 0.7, 0.8, 0.85, 40, 20, 1.5),
                new RunStore.StoredRound(2, List.of("a"), "b: node disconnected", true, 0.6, Double.NaN, null, 30, 10, 2.0),
                new RunStore.StoredRound(3, List.of("a", "b"), "", true, 0.5, 0.9, 0.9, 50, 25, 1.0),
                new RunStore.StoredRound(4, List.of("a", "b"), "", true, 0.4, 0.95, 0.95, 50, 25, 1.0));
        JsonNode r = new ObjectMapper().readTree(StoredRounds.prepend(thisProcess, store, 3));
        assertEquals(List.of(1, 2, 3, 4), r.get("rounds").findValues("round").stream().map(JsonNode::asInt).toList());
        JsonNode first = r.get("rounds").get(0);
        assertTrue(first.get("from_run_store").asBoolean());
        assertEquals(0.8, first.get("test_accuracy").asDouble());
        assertEquals("node disconnected", r.get("rounds").get(1).get("failures").get("b").asText());
        assertTrue(r.get("rounds").get(1).get("test_accuracy").isNull(), "a missing figure stays null, not NaN");
        assertFalse(r.get("rounds").get(2).has("from_run_store"), "this process's rounds are its own");
        assertEquals(3, r.get("resumed_at_round").asInt());
        assertEquals(4, r.get("totals").get("rounds").asInt());
        assertEquals(170, r.get("totals").get("bytes_to_sites").asLong());
        assertEquals(80, r.get("totals").get("bytes_from_sites").asLong());
        // a run that did not resume is left as it is
        assertEquals(thisProcess, StoredRounds.prepend(thisProcess, store, 1));
    }
}
