package org.fedmed.cli.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** sweep.html of a {@code fedmed attack sweep}: accuracy (and backdoor success) per attack, defence and malicious fraction. */
public final class AttackSweepHtml {

    /** One trained model; NaN where not measured; {@code refused} the reason a combination was not run. */
    public record Cell(String attack, String aggregator, double malicious, double accuracy, double backdoorSuccess, String refused) {
    }

    private AttackSweepHtml() {
    }

    public static String render(String dataset, int sites, List<Cell> cells) {
        Set<String> attacks = new LinkedHashSet<>();
        Set<String> aggregators = new LinkedHashSet<>();
        Set<Double> fractions = new LinkedHashSet<>();
        for (Cell c : cells) {
            aggregators.add(c.aggregator());
            if (!c.attack().equals("none")) {
                attacks.add(c.attack());
                fractions.add(c.malicious());
            }
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>FedMed attack sweep: ")
                .append(Html.escape(dataset)).append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:24px auto}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>");
        h.append("<h1>Attacks and defences: ").append(Html.escape(dataset)).append("</h1>");
        h.append("<p>").append(sites).append(" sites; every model trained on the same split and evaluated on the same global test "
                + "set; <i>none</i> is the clean run with each aggregator.</p>");
        List<String> categories = new ArrayList<>(aggregators);
        for (String a : attacks) {
            List<SvgCharts.Series> acc = new ArrayList<>();
            List<SvgCharts.Series> backdoor = new ArrayList<>();
            acc.add(new SvgCharts.Series("clean", values(cells, "none", 0, categories, false)));
            for (double f : fractions) {
                String label = String.format(Locale.ROOT, "%.0f%% malicious", 100 * f);
                acc.add(new SvgCharts.Series(label, values(cells, a, f, categories, false)));
                backdoor.add(new SvgCharts.Series(label, values(cells, a, f, categories, true)));
            }
            h.append(SvgCharts.bars("Accuracy under " + a, "global test accuracy", categories, acc));
            if (backdoor.stream().anyMatch(s -> java.util.Arrays.stream(s.values()).anyMatch(Double::isFinite))) {
                h.append(SvgCharts.bars("Backdoor success under " + a, "triggered inputs sent to the target", categories, backdoor));
            }
        }
        h.append("<table><tr><th>attack</th><th>aggregator</th><th>malicious</th><th>accuracy</th><th>backdoor success</th></tr>");
        for (Cell c : cells) {
            h.append("<tr><td>").append(Html.escape(c.attack())).append("</td><td>").append(Html.escape(c.aggregator())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", c.malicious())).append("</td>");
            if (c.refused() != null) {
                h.append("<td colspan='2' style='text-align:left'>refused: ").append(Html.escape(c.refused())).append("</td></tr>");
            } else {
                h.append(String.format(Locale.ROOT, "<td>%.4f</td><td>%s</td></tr>", c.accuracy(),
                        Double.isNaN(c.backdoorSuccess()) ? "-" : String.format(Locale.ROOT, "%.4f", c.backdoorSuccess())));
            }
        }
        return h.append("</table></body></html>").toString();
    }

    private static double[] values(List<Cell> cells, String attack, double fraction, List<String> aggregators, boolean backdoor) {
        double[] out = new double[aggregators.size()];
        java.util.Arrays.fill(out, Double.NaN);
        for (Cell c : cells) {
            if (c.attack().equals(attack) && (attack.equals("none") || c.malicious() == fraction) && c.refused() == null) {
                out[aggregators.indexOf(c.aggregator())] = backdoor ? c.backdoorSuccess() : c.accuracy();
            }
        }
        return out;
    }
}
