package org.fedmed.core.aggregate;

/**
 * Doubles in the float32 arrays of a strategy state: each value as four 16-bit pieces, each exact
 * in a float32, so accounting state (sampling rates, noise multipliers, clip norms) is never rounded.
 */
public final class StateCodec {

    private StateCodec() {
    }

    public static float[] encode(double[] values) {
        float[] out = new float[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            for (int k = 0; k < 4; k++) {
                out[4 * i + k] = (float) ((bits >>> (48 - 16 * k)) & 0xFFFF);
            }
        }
        return out;
    }

    public static double[] decode(float[] pieces) {
        if (pieces.length % 4 != 0) {
            throw new IllegalArgumentException("strategy state: " + pieces.length + " pieces is not a whole number of doubles");
        }
        double[] out = new double[pieces.length / 4];
        for (int i = 0; i < out.length; i++) {
            long bits = 0;
            for (int k = 0; k < 4; k++) {
                float p = pieces[4 * i + k];
                if (!(p >= 0 && p <= 0xFFFF) || p != Math.rint(p)) {
                    throw new IllegalArgumentException("strategy state: corrupt value piece " + p);
                }
                bits = (bits << 16) | (long) p;
            }
            out[i] = Double.longBitsToDouble(bits);
        }
        return out;
    }
}
