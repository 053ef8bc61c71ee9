package org.fedmed.cli.report;

import java.util.List;
import java.util.Locale;

/** A horizontal bar chart as inline SVG: one labelled bar per row, for rankings with long names (features). */
final class HorizontalBars {

    private static final int W = 560;
    private static final int LABEL = 190;
    private static final int ROW = 16;
    private static final int TOP = 24;

    private HorizontalBars() {
    }

    static String svg(String title, List<String> labels, double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        double scale = max == 0 ? 0 : (W - LABEL - 70) / max;
        int h = TOP + labels.size() * ROW + 8;
        StringBuilder sb = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='" + W + "' height='" + h
                + "' font-family='sans-serif' font-size='11'>");
        sb.append("<text x='").append(W / 2).append("' y='14' text-anchor='middle' font-weight='bold'>").append(Html.escape(title))
                .append("</text>");
        for (int i = 0; i < labels.size(); i++) {
            double y = TOP + i * ROW;
            double v = values[i];
            double len = Math.abs(v) * scale;
            sb.append("<text x='").append(LABEL - 6).append("' y='").append(fmt(y + 11)).append("' text-anchor='end'>")
                    .append(Html.escape(labels.get(i))).append("</text>");
            sb.append("<rect x='").append(LABEL).append("' y='").append(fmt(y + 2)).append("' width='").append(fmt(len))
                    .append("' height='").append(ROW - 4).append("' fill='").append(v < 0 ? SvgCharts.COLORS[1] : SvgCharts.COLORS[0])
                    .append("'><title>").append(Html.escape(labels.get(i))).append(": ").append(String.format(Locale.ROOT, "%.4g", v))
                    .append("</title></rect>");
            sb.append("<text x='").append(fmt(LABEL + len + 4)).append("' y='").append(fmt(y + 11)).append("'>")
                    .append(String.format(Locale.ROOT, "%.3g", v)).append("</text>");
        }
        return sb.append("</svg>").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
