package org.fedmed.core.secure;

/**
 * What a strategy asks of a round's secure sum: whether the sample weight rides inside it (FedAvg's
 * weighted mean) or every site counts once (client-level DP), the clipping range of the values
 * (NaN: the study's {@code secure_range}), and the distributed noise: its standard deviation on the
 * sum in model units (for the quantizer's headroom) and the Skellam parameter each site adds per
 * coordinate in units of the update ({@link #noiseMuUnits}; converted to ring units with the scale),
 * and the quantization scale (NaN: the finest that fits; DP fixes it because its accounting uses it).
 */
public record SecureInputSpec(boolean weighted, double range, double noiseStdOnSum, double noiseMuUnits, double scale) {

    /** FedAvg: sample-weighted, the study's range, no noise. */
    public static final SecureInputSpec WEIGHTED = new SecureInputSpec(true, Double.NaN, 0, 0, Double.NaN);

    /** Client-level DP: every site once, values within the clip norm, the given noise. */
    public static SecureInputSpec uniform(double clip, double noiseStdOnSum, double noiseMuUnits, double scale) {
        return new SecureInputSpec(false, clip, noiseStdOnSum, noiseMuUnits, scale);
    }

    /** Skellam parameter in ring units at the given scale: variance scales with scale². */
    public double noiseMuAt(double scale) {
        return noiseMuUnits * scale * scale;
    }

    /**
     * The round's encoding for {@code sites} vectors of {@code values} elements: the study's range
     * and weight cap where this spec leaves them, the finest scale that fits unless this spec fixes it.
     */
    public SecureInput inputFor(int values, double studyRange, int sites, double maxWeight) {
        double c = Double.isNaN(range) ? studyRange : range;
        return Double.isNaN(scale) ? SecureInput.forRound(values, weighted, c, sites, maxWeight, noiseStdOnSum)
                : new SecureInput(values, weighted, c, scale, sites, maxWeight);
    }
}
