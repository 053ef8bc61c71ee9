package org.fedmed.dicom;

import org.fedmed.data.read.ImageInput;

/**
 * Stored values to model input (PS3.3 C.11): the Modality LUT (Rescale Slope and Intercept), the linear
 * VOI window (the study's, else the file's first Window Center/Width, else the frame's full range),
 * MONOCHROME1 inverted, then an area-average resize to the study's size. Output is in [0, 1], the range
 * of the bundled image datasets ({@code x / 255}).
 */
final class PixelPipeline {

    private PixelPipeline() {
    }

    /** The window a frame is shown with: centre and width in rescaled units. */
    record Window(double center, double width, String from) {
    }

    static float[] render(DicomObject d, ImageGeometry g, int[] stored, ImageInput input) {
        double slope = d.number(Tag.RESCALE_SLOPE, 1);
        double intercept = d.number(Tag.RESCALE_INTERCEPT, 0);
        if (slope == 0 || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw d.problem(Tag.RESCALE_SLOPE, "and Rescale Intercept " + Tag.format(Tag.RESCALE_INTERCEPT) + " are not usable");
        }
        double[] x = new double[stored.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = stored[i] * slope + intercept;
        }
        Window w = window(d, input, x);
        float[] y = new float[x.length];
        double lo = w.center() - 0.5 - (w.width() - 1) / 2;
        double hi = w.center() - 0.5 + (w.width() - 1) / 2;
        for (int i = 0; i < x.length; i++) {
            double v;
            if (x[i] <= lo) {
                v = 0;
            } else if (x[i] > hi) {
                v = 1;
            } else {
                v = w.width() == 1 ? 1 : (x[i] - (w.center() - 0.5)) / (w.width() - 1) + 0.5;
            }
            y[i] = (float) (g.inverted() ? 1 - v : v);
        }
        return resize(y, g.rows(), g.columns(), input.height(), input.width());
    }

    /** The study's window, else the file's, else the frame's range. */
    static Window window(DicomObject d, ImageInput input, double[] rescaled) {
        if (input.hasWindow()) {
            return new Window(input.windowCenter(), input.windowWidth(), "study");
        }
        double c = d.number(Tag.WINDOW_CENTER, Double.NaN);
        double w = d.number(Tag.WINDOW_WIDTH, Double.NaN);
        if (Double.isFinite(c) && Double.isFinite(w) && w >= 1) {
            return new Window(c, w, "file");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : rescaled) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        // the window whose ends are exactly min (→ 0) and max (→ 1)
        return new Window(min + 0.5 + (max - min) / 2, Math.max(max - min + 1, 1), "range");
    }

    /** Area-average resampling: each output pixel is the mean of the input area it covers. */
    static float[] resize(float[] in, int rows, int cols, int outRows, int outCols) {
        if (rows == outRows && cols == outCols) {
            return in;
        }
        float[] horizontal = new float[rows * outCols];
        for (int r = 0; r < rows; r++) {
            resample(in, r * cols, 1, cols, horizontal, r * outCols, 1, outCols);
        }
        float[] out = new float[outRows * outCols];
        for (int c = 0; c < outCols; c++) {
            resample(horizontal, c, outCols, rows, out, c, outCols, outRows);
        }
        return out;
    }

    /** One line of {@code n} samples to {@code m}: output j averages input over [j n/m, (j+1) n/m). */
    private static void resample(float[] in, int inStart, int inStride, int n, float[] out, int outStart, int outStride, int m) {
        double scale = (double) n / m;
        for (int j = 0; j < m; j++) {
            double from = j * scale;
            double to = from + scale;
            double sum = 0;
            for (int i = (int) Math.floor(from); i < Math.min(n, (int) Math.ceil(to)); i++) {
                double overlap = Math.min(to, i + 1) - Math.max(from, i);
                if (overlap > 0) {
                    sum += overlap * in[inStart + i * inStride];
                }
            }
            out[outStart + j * outStride] = (float) (sum / scale);
        }
    }
}
