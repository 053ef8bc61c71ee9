package org.fedmed.cli.report;

import java.util.List;
import org.fedmed.core.federation.RoundResult;

/** HTML escaping for text placed in report.html, and the paragraphs every report shares. */
final class Html {

    private Html() {
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The aggregation pipeline, and the note on withheld site details when client-level DP withheld them. */
    static String aggregation(String pipeline, List<RoundResult> rounds) {
        StringBuilder h = new StringBuilder("<p><b>Aggregation.</b> <code>").append(escape(pipeline)).append("</code></p>");
        if (rounds.stream().anyMatch(RoundResult::siteDetailsWithheld)) {
            h.append("<p><b>Site details ").append(escape(ReportJson.WITHHELD_NOTE)).append(".</b></p>");
        }
        var secure = ReportJson.secureSummary(rounds);
        if (secure != null) {
            h.append("<p><b>Secure aggregation.</b> ").append(escape(secure.get("protection").asText())).append(": <code>")
                    .append(escape(secure.get("parameters").asText())).append("</code>; the coordinator saw only the sum. ")
                    .append(secure.get("rounds_summed").asInt()).append(" rounds summed, ")
                    .append(secure.get("rounds_without_sum").asInt()).append(" without a sum (aborted or too few sites), ")
                    .append(secure.get("dropouts_recovered").asInt()).append(" dropouts recovered, ")
                    .append(secure.get("tampering_detected").asInt()).append(" tampered shares detected, ")
                    .append(secure.get("bytes_per_site_per_round").asLong()).append(" bytes sent per site and round.</p>");
        }
        h.append(ScreeningReport.html(rounds));
        return h.toString();
    }
}
