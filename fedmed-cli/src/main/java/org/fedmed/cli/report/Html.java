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
        return h.toString();
    }
}
