package org.fedmed.core.privacy.accounting;

/**
 * An (ε, δ)-DP guarantee and the RDP order that gave it. An optimal order at the edge of the order
 * list hints that more orders could tighten the bound.
 *
 * @param epsilon privacy loss ε ≥ 0 (may be +∞ when the RDP is infinite)
 * @param delta   failure probability δ in [0, 1] (0 only when nothing was spent)
 * @param order   the RDP order α at which the conversion was tightest
 */
public record PrivacySpent(double epsilon, double delta, double order) {
}
