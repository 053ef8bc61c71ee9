package org.fedmed.core.secure;

/**
 * What a secure aggregation reveals: the sum, read back. {@code values} is the weighted mean of the
 * updates for a weighted sum and their plain sum for a uniform one ({@link SecureInput#decode}).
 *
 * @param weight    Σw (the number of sites for a uniform sum)
 * @param meanLoss  the weighted mean training loss, NaN when not summed
 * @param survivors the number of sites whose input is in the sum
 */
public record SecureSum(float[] values, double weight, double meanLoss, int survivors) {
}
