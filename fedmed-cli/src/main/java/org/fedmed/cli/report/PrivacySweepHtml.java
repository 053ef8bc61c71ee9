package org.fedmed.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** sweep.html: the privacy-accuracy trade-off of a {@code fedmed privacy sweep}, one self-contained page. */
public final class PrivacySweepHtml {

    /** One trained model: noise multiplier (NaN without DP), ε (infinite without DP), its metrics. */
    public record Point(double noiseMultiplier, double epsilon, double accuracy, double rocAuc) {
        String label() {
            return Double.isNaN(noiseMultiplier) ? "no DP"
                    : String.format(Locale.ROOT, "σ=%.2g ε=%.3g", noiseMultiplier, epsilon);
        }
    }

    private PrivacySweepHtml() {
    }

    /** @param level {@code client} or {@code sample} */
    public static String render(String dataset, String level, double delta, double clip, List<Point> points) {
        List<String> labels = new ArrayList<>();
        double[] acc = new double[points.size()];
        double[] auc = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            labels.add(points.get(i).label());
            acc[i] = points.get(i).accuracy();
            auc[i] = points.get(i).rocAuc();
        }
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>FedMed privacy sweep: ")
                .append(Html.escape(dataset)).append("</title><style>body{font-family:sans-serif;max-width:1000px;margin:24px auto}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>");
        h.append("<h1>Privacy-accuracy trade-off: ").append(Html.escape(dataset)).append("</h1>");
        boolean sample = "sample".equals(level);
        h.append(String.format(Locale.ROOT, "<p>%s, clip norm %.3g, &delta; = %.1e; every model trained on the same split and "
                + "evaluated on the same global test set.%s</p>", sample ? "Sample-level DP (DP-SGD at every site)"
                : "Client-level DP (DP-FedAvg)", clip, delta, sample ? " &epsilon; is the study's: the largest site's; the noise "
                + "multiplier is the largest any site used." : ""));
        h.append(SvgCharts.bars("Accuracy and ROC AUC by privacy level", "global test", labels,
                List.of(new SvgCharts.Series("accuracy", acc), new SvgCharts.Series("roc_auc", auc))));
        h.append("<table><tr><th>noise multiplier</th><th>&epsilon;</th><th>accuracy</th><th>ROC AUC</th></tr>");
        for (Point p : points) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.4f</td><td>%.4f</td></tr>",
                    Double.isNaN(p.noiseMultiplier()) ? "none" : String.format(Locale.ROOT, "%.3g", p.noiseMultiplier()),
                    Double.isInfinite(p.epsilon()) ? "&infin;" : String.format(Locale.ROOT, "%.4g", p.epsilon()),
                    p.accuracy(), p.rocAuc()));
        }
        return h.append("</table></body></html>").toString();
    }
}
