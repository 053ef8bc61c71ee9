package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedmed.core.aggregate.robust.SiteScore;
import org.fedmed.core.federation.RoundResult;

/**
 * What a scoring rule ({@code fltrust}, {@code screen}) decided about each site: per round in the
 * round rows, and over the run as a per-site reputation table, so a study coordinator sees which
 * hospital's updates were left out, how often, and how each stands at the end.
 */
final class ScreeningReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScreeningReport() {
    }

    /** The round's scores under {@code scores}, when its rule scored the updates. */
    static void round(ObjectNode n, RoundResult rr) {
        if (rr.scores().isEmpty()) {
            return;
        }
        ObjectNode scores = n.putObject("scores");
        rr.scores().forEach((site, s) -> {
            ObjectNode x = scores.putObject(site);
            ReportJson.number(x, "score", s.score());
            ReportJson.number(x, "gain", s.gain());
            x.put("kept", s.kept());
            ReportJson.number(x, "reputation", s.reputation());
        });
    }

    /** Per site over the run: rounds scored and kept, mean score and gain, last reputation; null when no round was scored. */
    static ObjectNode summary(List<RoundResult> rounds) {
        Map<String, Tally> bySite = new LinkedHashMap<>();
        for (RoundResult r : rounds) {
            r.scores().forEach((site, s) -> bySite.computeIfAbsent(site, k -> new Tally()).add(s));
        }
        if (bySite.isEmpty()) {
            return null;
        }
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode sites = n.putObject("sites");
        bySite.forEach((site, t) -> {
            ObjectNode x = sites.putObject(site);
            x.put("rounds_scored", t.scored);
            x.put("rounds_kept", t.kept);
            ReportJson.number(x, "mean_score", t.score / t.scored);
            ReportJson.number(x, "mean_gain", t.gains == 0 ? Double.NaN : t.gain / t.gains);
            ReportJson.number(x, "reputation", t.reputation);
        });
        return n;
    }

    /** The summary as a table, or an empty string when no round was scored. */
    static String html(List<RoundResult> rounds) {
        ObjectNode s = summary(rounds);
        if (s == null) {
            return "";
        }
        StringBuilder h = new StringBuilder("<p><b>Screening.</b> How the aggregator judged each site's updates (score: FLTrust's"
                + " trust or the cosine with the robust direction; gain: loss drop on the coordinator's root data).</p>"
                + "<table><tr><th>site</th><th>rounds scored</th><th>rounds kept</th><th>mean score</th><th>mean gain</th>"
                + "<th>reputation</th></tr>");
        s.get("sites").fields().forEachRemaining(e -> {
            var x = e.getValue();
            h.append("<tr><td>").append(Html.escape(e.getKey())).append("</td><td>").append(x.get("rounds_scored").asInt())
                    .append("</td><td>").append(x.get("rounds_kept").asInt()).append("</td><td>").append(cell(x.get("mean_score")))
                    .append("</td><td>").append(cell(x.get("mean_gain"))).append("</td><td>").append(cell(x.get("reputation")))
                    .append("</td></tr>");
        });
        return h.append("</table>").toString();
    }

    private static String cell(JsonNode v) {
        return v == null || v.isNull() ? "–" : String.format(Locale.ROOT, "%.3f", v.asDouble());
    }

    private static final class Tally {
        int scored;
        int kept;
        double score;
        double gain;
        int gains;
        double reputation = Double.NaN;

        void add(SiteScore s) {
            scored++;
            kept += s.kept() ? 1 : 0;
            score += s.score();
            if (Double.isFinite(s.gain())) {
                gain += s.gain();
                gains++;
            }
            reputation = s.reputation();
        }
    }
}
