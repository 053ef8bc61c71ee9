package org.fedmed.cli.report;

import java.util.Locale;
import org.fedmed.study.explain.Saliency;

/** An image and its integrated-gradients heatmap as inline SVG, one rectangle per pixel. */
final class SaliencySvg {

    private static final int SIZE = 140;

    private SaliencySvg() {
    }

    /** The input in grey (channels averaged), stretched to its own range. */
    static String image(Saliency s) {
        double[] v = perPixel(s, s.image());
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        double span = hi > lo ? hi - lo : 1;
        StringBuilder sb = open(s);
        for (int p = 0; p < v.length; p++) {
            int g = (int) Math.round(255 * (v[p] - lo) / span);
            pixel(sb, s, p, String.format(Locale.ROOT, "rgb(%d,%d,%d)", g, g, g));
        }
        return sb.append("</svg>").toString();
    }

    /** Attributions summed over channels: red where they raise the explained probability, blue where they lower it. */
    static String heatmap(Saliency s) {
        double[] v = perPixel(s, s.attributions());
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        StringBuilder sb = open(s);
        for (int p = 0; p < v.length; p++) {
            double a = max == 0 ? 0 : v[p] / max;
            int fade = (int) Math.round(255 * (1 - Math.abs(a)));
            pixel(sb, s, p, a >= 0 ? String.format(Locale.ROOT, "rgb(255,%d,%d)", fade, fade)
                    : String.format(Locale.ROOT, "rgb(%d,%d,255)", fade, fade));
        }
        return sb.append("</svg>").toString();
    }

    private static double[] perPixel(Saliency s, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return perPixel(s, d);
    }

    private static double[] perPixel(Saliency s, double[] values) {
        int pixels = s.height() * s.width();
        double[] out = new double[pixels];
        for (int c = 0; c < s.channels(); c++) {
            for (int p = 0; p < pixels; p++) {
                out[p] += values[c * pixels + p] / s.channels();
            }
        }
        return out;
    }

    private static StringBuilder open(Saliency s) {
        return new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='" + SIZE + "' height='" + SIZE + "' viewBox='0 0 "
                + s.width() + " " + s.height() + "' shape-rendering='crispEdges'>");
    }

    private static void pixel(StringBuilder sb, Saliency s, int p, String fill) {
        sb.append("<rect x='").append(p % s.width()).append("' y='").append(p / s.width()).append("' width='1' height='1' fill='")
                .append(fill).append("'/>");
    }
}
