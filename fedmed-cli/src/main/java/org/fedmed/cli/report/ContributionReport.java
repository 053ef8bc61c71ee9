package org.fedmed.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.contribution.ContributionMethod;
import org.fedmed.core.contribution.ContributionSummary;
import org.fedmed.core.contribution.RoundValues;
import org.fedmed.study.ContributionValues;

/**
 * The sites' contribution values and rewards (docs/CONTRIBUTION.md) in report.json's {@code contribution}
 * section, the console and report.html: one place for all three, apart from the other sections.
 */
public final class ContributionReport {

    private ContributionReport() {
    }

    /** {@code {method, utility, per_site: {site: {loo, shapley, reward}}, rounds: [...], evaluations, seconds, notes}}. */
    public static ObjectNode json(ContributionValues c) {
        ContributionSummary s = c.summary();
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("method", s.method().id());
        n.put("utility", c.utility());
        ReportJson.number(n, "reward_pool", s.pool());
        ObjectNode perSite = n.putObject("per_site");
        for (String site : sites(s)) {
            ObjectNode o = perSite.putObject(site);
            value(o, "loo", s.loo().get(site));
            value(o, "shapley", s.shapley().get(site));
            value(o, "reward", s.rewards().get(site));
        }
        ArrayNode rounds = n.putArray("rounds");
        for (RoundValues r : s.rounds()) {
            ObjectNode o = rounds.addObject();
            o.put("round", r.round());
            ReportJson.number(o, "utility_before", r.utilityBefore());
            ReportJson.number(o, "utility_after", r.utilityAfter());
            ObjectNode players = o.putObject("players");
            for (int i = 0; i < r.players().size(); i++) {
                ObjectNode p = players.putObject(r.players().get(i));
                value(p, "loo", r.loo() == null ? null : r.loo()[i]);
                value(p, "shapley", r.shapley() == null ? null : r.shapley()[i]);
            }
            if (r.permutations() > 0) {
                o.put("permutations", r.permutations());
            }
            if (r.roundTruncated()) {
                o.put("truncated", true);
            }
        }
        ObjectNode evaluations = n.putObject("evaluations");
        ObjectNode seconds = n.putObject("seconds");
        if (s.method().leaveOneOut()) {
            evaluations.put("loo", s.looEvaluations());
            ReportJson.number(seconds, "loo", s.looSeconds());
        }
        if (s.method().shapley()) {
            evaluations.put("shapley", s.shapleyEvaluations());
            ReportJson.number(seconds, "shapley", s.shapleySeconds());
        }
        ArrayNode notes = n.putArray("notes");
        c.notes().forEach(notes::add);
        return n;
    }

    /** The table printed after the results. */
    public static void console(PrintStream out, ContributionValues c) {
        ContributionSummary s = c.summary();
        out.println();
        out.printf("Contribution (%s), utility: %s%n", name(s), c.utility());
        if (s.rewards().isEmpty()) {
            out.println("no per-site values or rewards under grouped secure aggregation; per-round group values in report.json");
        } else {
            out.printf("%-28s %12s %12s %10s%n", "site", "loo", "shapley", "reward");
            for (String site : s.ranking()) {
                out.printf(Locale.ROOT, "%-28s %12s %12s %10.2f%n", site, fmt(s.loo().get(site)), fmt(s.shapley().get(site)),
                        s.rewards().get(site));
            }
        }
        out.printf("cost: %s over %d rounds%n", cost(s), s.rounds().size());
        c.notes().forEach(note -> out.println("  " + note));
    }

    /** A section of report.html: the bar chart of the values, the table and the notes. */
    public static String html(ContributionValues c) {
        ContributionSummary s = c.summary();
        StringBuilder h = new StringBuilder();
        h.append("<h2>Contribution of each site (").append(Html.escape(name(s))).append(")</h2>");
        h.append("<p>Utility: ").append(Html.escape(c.utility())).append(". Cost: ").append(Html.escape(cost(s)))
                .append(" over ").append(s.rounds().size()).append(" rounds.</p>");
        if (!s.rewards().isEmpty()) {
            List<String> sites = sites(s);
            List<SvgCharts.Series> series = new ArrayList<>();
            if (!s.loo().isEmpty()) {
                series.add(new SvgCharts.Series("leave-one-out", sites.stream().mapToDouble(x -> s.loo().get(x)).toArray()));
            }
            if (!s.shapley().isEmpty()) {
                series.add(new SvgCharts.Series(shapleyName(s), sites.stream().mapToDouble(x -> s.shapley().get(x)).toArray()));
            }
            h.append("<div class='charts'>").append(SvgCharts.bars("Contribution, summed over rounds", "utility gained", sites, series))
                    .append("</div>");
            h.append("<table><tr><th>site</th><th>leave-one-out</th><th>").append(Html.escape(shapleyName(s)))
                    .append("</th><th>reward (pool ").append(String.format(Locale.ROOT, "%.2f", s.pool())).append(")</th></tr>");
            for (String site : s.ranking()) {
                h.append("<tr><td>").append(Html.escape(site)).append("</td><td>").append(fmt(s.loo().get(site))).append("</td><td>")
                        .append(fmt(s.shapley().get(site))).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.2f", s.rewards().get(site))).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<ul>");
        c.notes().forEach(note -> h.append("<li>").append(Html.escape(note)).append("</li>"));
        return h.append("</ul>").toString();
    }

    private static List<String> sites(ContributionSummary s) {
        return List.copyOf(s.rewards().keySet());
    }

    private static String name(ContributionSummary s) {
        return switch (s.method()) {
            case LOO -> "leave-one-out";
            case SHAPLEY -> "GTG-Shapley";
            case BOTH -> "leave-one-out and GTG-Shapley";
            case EXACT -> "exact Shapley";
        };
    }

    private static String shapleyName(ContributionSummary s) {
        return s.method() == ContributionMethod.EXACT ? "exact Shapley" : "GTG-Shapley";
    }

    private static String cost(ContributionSummary s) {
        List<String> parts = new ArrayList<>();
        if (s.method().leaveOneOut()) {
            parts.add(String.format(Locale.ROOT, "leave-one-out %d evaluations, %.2f s", s.looEvaluations(), s.looSeconds()));
        }
        if (s.method().shapley()) {
            parts.add(String.format(Locale.ROOT, "%s %d evaluations, %.2f s", shapleyName(s), s.shapleyEvaluations(), s.shapleySeconds()));
        }
        return String.join("; ", parts);
    }

    private static void value(ObjectNode o, String key, Double v) {
        if (v == null) {
            o.putNull(key);
        } else {
            ReportJson.number(o, key, v);
        }
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
