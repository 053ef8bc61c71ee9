package org.fedmed.core.aggregate.robust;

/**
 * {@code median}: each coordinate of the aggregate is the median of that coordinate over the
 * updates (Yin et al. 2018, "Byzantine-robust distributed learning: towards optimal statistical
 * rates"). Fewer than half the updates poisoned cannot move a coordinate outside the range of the
 * honest values; an even count takes the mean of the two middle values, as numpy.median does.
 */
public record CoordinateMedian() implements VectorRule {

    @Override
    public String describe() {
        return "median";
    }

    @Override
    public float[] combine(float[][] deltas) {
        int d = deltas[0].length;
        double[] column = new double[deltas.length];
        float[] out = new float[d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < deltas.length; k++) {
                column[k] = deltas[k][i];
            }
            out[i] = (float) Vectors.median(column);
        }
        return out;
    }
}
