package org.fedmed.net.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.fedmed.core.privacy.budget.PrivacyReport;
import org.fedmed.net.provision.Provisioner;

/**
 * The dashboard's state as JSON ({@code /api/state} and each server-sent event): the federation, its
 * sites (online, offline or revoked), the rounds with their aggregate scores, the privacy spent, the
 * settings, the aggregation stages and the audit trail's status.
 */
final class DashboardJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardJson() {
    }

    static String state(DashboardSource s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("federation", s.federation());
        root.put("rounds_done", s.roundsDone().getAsInt());
        root.put("rounds_planned", s.roundsPlanned());
        ArrayNode points = root.putArray("points");
        for (RoundFeed.Point p : s.feed().points()) {
            ObjectNode n = points.addObject();
            n.put("round", p.round());
            number(n, "accuracy", p.accuracy());
            number(n, "test_loss", p.testLoss());
            number(n, "train_loss", p.trainLoss());
            if (p.participants() >= 0) {
                n.put("participants", p.participants());
            }
            n.put("aggregated", p.aggregated());
        }
        sites(root.putArray("sites"), s);
        privacy(root, s);
        ObjectNode settings = root.putObject("settings");
        s.settings().get().forEach(settings::put);
        ArrayNode stages = root.putArray("stages");
        String written = s.stages().get();
        if (written != null) {
            for (String stage : written.split("\\s*→\\s*")) {
                stages.add(stage);
            }
        }
        root.put("audit", s.auditStatus().get());
        return root.toString();
    }

    private static void sites(ArrayNode out, DashboardSource s) {
        Provisioner p = new Provisioner(s.layout().root());
        Set<BigInteger> revoked = new HashSet<>(p.revokedSerials());
        Set<String> connected = s.connected().get();
        for (Map.Entry<String, String> e : p.sites().entrySet()) {
            String status = revoked.contains(new BigInteger(e.getValue(), 16)) ? "revoked"
                    : connected.contains(e.getKey()) ? "online" : "offline";
            out.addObject().put("id", e.getKey()).put("status", status);
        }
    }

    private static void privacy(ObjectNode root, DashboardSource s) {
        PrivacyReport r = s.privacy().get();
        if (r == null) {
            root.putNull("privacy");
            return;
        }
        ObjectNode n = root.putObject("privacy");
        n.put("level", r.level());
        n.put("delta", r.delta());
        number(n, "budget", s.epsilonBudget());
        if (PrivacyReport.CLIENT.equals(r.level())) {
            number(n, "epsilon", r.finalEpsilon());
        }
        ArrayNode sites = n.putArray("sites");
        r.sites().forEach((id, site) -> {
            ObjectNode e = sites.addObject().put("id", id);
            number(e, "epsilon", site.epsilon());
            e.put("budget_reached", site.budgetReached());
        });
    }

    /** NaN and infinities are not JSON numbers: they become null. */
    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
