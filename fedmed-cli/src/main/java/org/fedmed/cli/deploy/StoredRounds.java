package org.fedmed.cli.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.fedmed.net.store.RunStore;

/**
 * A resumed coordinator's report.json covers the whole study: the rounds an earlier process ran (and
 * committed to the run store) come before the ones this process ran, marked {@code from_run_store},
 * with what the store keeps of them (participants, failures, train loss, test accuracy and ROC AUC,
 * bytes, seconds; no per-site figures), and the totals count them too.
 */
final class StoredRounds {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StoredRounds() {
    }

    /** {@code reportJson} with {@code earlier} (rounds before {@code firstRound}) put in front of its rounds. */
    static String prepend(String reportJson, List<RunStore.StoredRound> earlier, int firstRound) {
        List<RunStore.StoredRound> before = earlier.stream().filter(r -> r.round() < firstRound).toList();
        if (before.isEmpty()) {
            return reportJson;
        }
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(reportJson);
            ArrayNode rounds = MAPPER.createArrayNode();
            for (RunStore.StoredRound s : before) {
                rounds.add(entry(s));
            }
            JsonNode ran = root.get("rounds");
            if (ran != null) {
                ran.forEach(rounds::add);
            }
            root.set("rounds", rounds);
            root.put("resumed_at_round", firstRound);
            if (root.get("totals") instanceof ObjectNode totals) {
                totals.put("rounds", rounds.size());
                add(totals, "bytes_to_sites", before.stream().mapToLong(RunStore.StoredRound::bytesToSites).sum());
                add(totals, "bytes_from_sites", before.stream().mapToLong(RunStore.StoredRound::bytesFromSites).sum());
            }
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report.json could not be read back: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectNode entry(RunStore.StoredRound s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("round", s.round());
        number(n, "train_loss", s.trainLoss());
        number(n, "test_accuracy", s.testAccuracy());
        number(n, "test_roc_auc", s.testRocAuc());
        n.put("seconds", s.seconds());
        n.put("bytes_to_sites", s.bytesToSites());
        n.put("bytes_from_sites", s.bytesFromSites());
        n.set("participants", MAPPER.valueToTree(s.participants()));
        n.put("aggregated", s.aggregated());
        if (s.failures() != null && !s.failures().isBlank()) {
            ObjectNode f = n.putObject("failures");
            for (String line : s.failures().split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    f.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
        }
        n.put("from_run_store", true);
        return n;
    }

    private static void number(ObjectNode n, String key, Double v) {
        if (v == null || !Double.isFinite(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    private static void add(ObjectNode totals, String key, long more) {
        if (totals.has(key)) {
            totals.put(key, totals.get(key).asLong() + more);
        }
    }
}
