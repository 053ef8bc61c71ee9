package org.fedmed.sim.attack;

import java.util.List;
import org.fedmed.core.model.ModelWeights;

/**
 * The colluding sites' honest deltas and their per-coordinate mean and (sample) standard deviation,
 * which ALIE and the min-max attacks shift against.
 */
record GroupStatistics(float[][] rows, double[] mean, double[] std) {

    static GroupStatistics of(List<ModelWeights> group) {
        float[][] x = new float[group.size()][];
        for (int k = 0; k < x.length; k++) {
            x[k] = group.get(k).values();
        }
        double[] mean = new double[x[0].length];
        double[] std = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            double s = 0;
            for (float[] row : x) {
                s += row[i];
            }
            mean[i] = s / x.length;
            double q = 0;
            for (float[] row : x) {
                double e = row[i] - mean[i];
                q += e * e;
            }
            std[i] = x.length > 1 ? Math.sqrt(q / (x.length - 1)) : 0;
        }
        return new GroupStatistics(x, mean, std);
    }

    /** {@code global} + (mean − z·std), coordinate by coordinate. */
    ModelWeights shifted(ModelWeights global, double z) {
        float[] out = new float[mean.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (mean[i] - z * std[i]);
        }
        return global.withValues(out);
    }
}
