package org.fedmed.core.secure;

/**
 * What a strategy asks of a round's secure sum: whether the sample weight rides inside it (FedAvg's
 * weighted mean) or every site counts once (client-level DP), the clipping range of the values
 * (NaN: the study's {@code secure_range}), and the distributed noise: its standard deviation on the
 * sum in model units (for the quantizer's headroom) and the Skellam parameter each site adds per
 * coordinate in units of the update ({@link #noiseMuUnits}; converted to ring units with the scale).
 */
public record SecureInputSpec(boolean weighted, double range, double noiseStdOnSum, double noiseMuUnits) {

    /** FedAvg: sample-weighted, the study's range, no noise. */
    public static final SecureInputSpec WEIGHTED = new SecureInputSpec(true, Double.NaN, 0, 0);

    /** Skellam parameter in ring units at the given scale: variance scales with scale². */
    public double noiseMuAt(double scale) {
        return noiseMuUnits * scale * scale;
    }
}
