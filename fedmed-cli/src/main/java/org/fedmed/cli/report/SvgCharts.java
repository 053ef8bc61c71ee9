package org.fedmed.cli.report;

import java.util.List;
import java.util.Locale;
import org.fedmed.core.metrics.KaplanMeier;

/** Small inline SVG charts, so report.html needs no script and no network. */
final class SvgCharts {

    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
    private static final int W = 560;
    private static final int H = 260;
    private static final int LEFT = 52;
    private static final int RIGHT = 130;
    private static final int TOP = 28;
    private static final int BOTTOM = 36;

    /** One named series of y values; NaN points are skipped. */
    record Series(String name, double[] values) {
    }

    /** One labelled point of a chart, in its axes' units. */
    record Point(String label, double x, double y) {
    }

    private SvgCharts() {
    }

    /** Lines over rounds 1..n. */
    static String lines(String title, String yLabel, List<Series> series) {
        int n = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
        double[] range = range(series, false);
        StringBuilder sb = frame(title, yLabel, range);
        double plotW = W - LEFT - RIGHT;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            StringBuilder pts = new StringBuilder();
            for (int r = 0; r < s.values().length; r++) {
                if (Double.isFinite(s.values()[r])) {
                    double x = LEFT + (n <= 1 ? plotW / 2 : plotW * r / (n - 1));
                    pts.append(fmt(x)).append(',').append(fmt(y(s.values()[r], range))).append(' ');
                }
            }
            sb.append("<polyline fill='none' stroke-width='2' stroke='").append(color(i)).append("' points='")
                    .append(pts).append("'/>");
            legend(sb, i, s.name());
        }
        sb.append(text(LEFT + plotW / 2, H - 6, "round", "middle"));
        sb.append(text(LEFT, H - BOTTOM + 14, "1", "middle"));
        sb.append(text(LEFT + plotW, H - BOTTOM + 14, Integer.toString(n), "middle"));
        return sb.append("</svg>").toString();
    }

    /** A ROC curve on the unit square, with the diagonal of a coin flip for reference and {@code marked} (if not null) as a dot. */
    static String roc(String title, double[] fpr, double[] tpr, Point marked) {
        double[] unit = {0, 1};
        StringBuilder sb = frame(title, "sensitivity (true-positive rate)", unit);
        double plotW = W - LEFT - RIGHT;
        sb.append("<line x1='").append(LEFT).append("' y1='").append(fmt(y(0, unit))).append("' x2='").append(fmt(LEFT + plotW))
                .append("' y2='").append(fmt(y(1, unit))).append("' stroke='#999' stroke-dasharray='4 3'/>");
        StringBuilder pts = new StringBuilder();
        for (int k = 0; k < fpr.length; k++) {
            pts.append(fmt(LEFT + plotW * fpr[k])).append(',').append(fmt(y(tpr[k], unit))).append(' ');
        }
        sb.append("<polyline class='roc' fill='none' stroke-width='2' stroke='").append(color(0)).append("' points='").append(pts)
                .append("'/>");
        legend(sb, 0, "federated");
        if (marked != null && Double.isFinite(marked.x()) && Double.isFinite(marked.y())) {
            sb.append("<circle class='operating-point' r='5' cx='").append(fmt(LEFT + plotW * marked.x())).append("' cy='")
                    .append(fmt(y(marked.y(), unit))).append("' fill='").append(color(1)).append("'><title>")
                    .append(Html.escape(marked.label())).append("</title></circle>");
            legend(sb, 1, marked.label());
        }
        sb.append(text(LEFT + plotW / 2, H - 6, "1 − specificity (false-positive rate)", "middle"));
        sb.append(text(LEFT, H - BOTTOM + 14, "0", "middle"));
        sb.append(text(LEFT + plotW, H - BOTTOM + 14, "1", "middle"));
        return sb.append("</svg>").toString();
    }

    /** A named Kaplan–Meier curve. */
    record Curve(String name, KaplanMeier km) {
    }

    /**
     * Kaplan–Meier curves as step functions from S = 1 at time 0 to each curve's last follow-up time,
     * a tick where a curve's patients were last seen (the usual mark of the end of follow-up).
     */
    static String kaplanMeier(String title, String timeUnit, List<Curve> curves) {
        double[] unit = {0, 1};
        StringBuilder sb = frame(title, "survival probability", unit);
        double plotW = W - LEFT - RIGHT;
        double maxTime = curves.stream().mapToDouble(c -> c.km().lastTime()).max().orElse(1);
        double scale = maxTime > 0 ? plotW / maxTime : 0;
        for (int i = 0; i < curves.size(); i++) {
            KaplanMeier km = curves.get(i).km();
            double[] t = km.times();
            double[] s = km.survival();
            StringBuilder pts = new StringBuilder(fmt(LEFT) + "," + fmt(y(1, unit)) + " ");
            double level = 1;
            for (int k = 0; k < t.length; k++) {
                double x = LEFT + t[k] * scale;
                pts.append(fmt(x)).append(',').append(fmt(y(level, unit))).append(' ');
                level = s[k];
                pts.append(fmt(x)).append(',').append(fmt(y(level, unit))).append(' ');
            }
            double end = LEFT + km.lastTime() * scale;
            pts.append(fmt(end)).append(',').append(fmt(y(level, unit)));
            sb.append("<polyline class='km' fill='none' stroke-width='2' stroke='").append(color(i)).append("' points='").append(pts)
                    .append("'/>");
            sb.append("<line x1='").append(fmt(end)).append("' y1='").append(fmt(y(level, unit) - 4)).append("' x2='").append(fmt(end))
                    .append("' y2='").append(fmt(y(level, unit) + 4)).append("' stroke='").append(color(i)).append("'/>");
            legend(sb, i, curves.get(i).name());
        }
        sb.append(text(LEFT + plotW / 2, H - 6, timeUnit, "middle"));
        sb.append(text(LEFT, H - BOTTOM + 14, "0", "middle"));
        sb.append(text(LEFT + plotW, H - BOTTOM + 14, String.format(Locale.ROOT, "%.0f", maxTime), "middle"));
        return sb.append("</svg>").toString();
    }

    /** Grouped bars: one group per category, one bar per series. */
    static String bars(String title, String yLabel, List<String> categories, List<Series> series) {
        double[] range = range(series, true);
        StringBuilder sb = frame(title, yLabel, range);
        double plotW = W - LEFT - RIGHT;
        double groupW = plotW / Math.max(1, categories.size());
        double barW = groupW * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double gx = LEFT + c * groupW + groupW * 0.1;
            for (int i = 0; i < series.size(); i++) {
                double v = c < series.get(i).values().length ? series.get(i).values()[c] : Double.NaN;
                if (!Double.isFinite(v)) {
                    continue;
                }
                // a bar stands on the zero line (the axis when all values are >= 0) and hangs below it when negative
                double zero = y(Math.max(0, range[0]), range);
                double top = Math.min(y(v, range), zero);
                sb.append("<rect x='").append(fmt(gx + i * barW)).append("' y='").append(fmt(top)).append("' width='")
                        .append(fmt(barW * 0.92)).append("' height='").append(fmt(Math.abs(zero - y(v, range)))).append("' fill='")
                        .append(color(i)).append("'><title>").append(Html.escape(series.get(i).name())).append(" ")
                        .append(Html.escape(categories.get(c))).append(": ").append(String.format(Locale.ROOT, "%.4f", v))
                        .append("</title></rect>");
            }
            sb.append(text(gx + groupW * 0.4, H - BOTTOM + 14, categories.get(c), "middle"));
        }
        if (range[0] < 0) {
            sb.append("<line class='zero' x1='").append(LEFT).append("' y1='").append(fmt(y(0, range))).append("' x2='")
                    .append(W - RIGHT).append("' y2='").append(fmt(y(0, range))).append("' stroke='#444'/>");
        }
        for (int i = 0; i < series.size(); i++) {
            legend(sb, i, series.get(i).name());
        }
        return sb.append("</svg>").toString();
    }

    private static StringBuilder frame(String title, String yLabel, double[] range) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(W).append("' height='").append(H)
                .append("' font-family='sans-serif' font-size='11'>");
        sb.append(text(W / 2.0 - RIGHT / 2.0, 16, title, "middle").replace("<text", "<text font-weight='bold'"));
        sb.append("<line x1='").append(LEFT).append("' y1='").append(H - BOTTOM).append("' x2='").append(W - RIGHT)
                .append("' y2='").append(H - BOTTOM).append("' stroke='#444'/>");
        sb.append("<line x1='").append(LEFT).append("' y1='").append(TOP).append("' x2='").append(LEFT).append("' y2='")
                .append(H - BOTTOM).append("' stroke='#444'/>");
        for (int t = 0; t <= 4; t++) {
            double v = range[0] + (range[1] - range[0]) * t / 4;
            double yy = y(v, range);
            sb.append("<line x1='").append(LEFT).append("' y1='").append(fmt(yy)).append("' x2='").append(W - RIGHT)
                    .append("' y2='").append(fmt(yy)).append("' stroke='#ddd'/>");
            sb.append(text(LEFT - 4, yy + 4, String.format(Locale.ROOT, "%.3g", v), "end"));
        }
        sb.append("<text x='12' y='").append(H / 2).append("' transform='rotate(-90 12 ").append(H / 2)
                .append(")' text-anchor='middle'>").append(Html.escape(yLabel)).append("</text>");
        return sb;
    }

    private static void legend(StringBuilder sb, int i, String name) {
        int ly = TOP + 4 + i * 16;
        sb.append("<rect x='").append(W - RIGHT + 10).append("' y='").append(ly).append("' width='10' height='10' fill='")
                .append(color(i)).append("'/>");
        sb.append(text(W - RIGHT + 24, ly + 9, name, "start"));
    }

    private static double[] range(List<Series> series, boolean fromZero) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return new double[] {0, 1};
        }
        if (fromZero) {
            lo = Math.min(0, lo);
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        double pad = fromZero ? 0 : (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    private static double y(double v, double[] range) {
        return (H - BOTTOM) - (v - range[0]) / (range[1] - range[0]) * (H - BOTTOM - TOP);
    }

    private static String color(int i) {
        return COLORS[i % COLORS.length];
    }

    private static String text(double x, double y, String s, String anchor) {
        return "<text x='" + fmt(x) + "' y='" + fmt(y) + "' text-anchor='" + anchor + "'>" + Html.escape(s) + "</text>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
