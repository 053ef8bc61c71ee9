package org.fedmed.core.privacy.audit;

/**
 * What one membership attack achieved against one model, on a balanced set of members (training
 * examples) and non-members (held-out examples).
 *
 * @param attack            the attack's name
 * @param members           member examples scored
 * @param nonMembers        non-member examples scored
 * @param auc               area under the attack's ROC curve (0.5 is guessing)
 * @param advantage         the best threshold's TPR − FPR (Yeom et al. 2018); 0 is guessing
 * @param tpr               that threshold's true-positive rate
 * @param fpr               that threshold's false-positive rate
 * @param lowFpr            the false-positive rate {@code tprAtLowFpr} is read at
 * @param tprAtLowFpr       the highest TPR of any threshold with FPR ≤ {@code lowFpr}
 * @param epsilonLowerBound the empirical ε lower bound, holding with {@code confidence} (0 when nothing is shown)
 * @param delta             the δ the bound is stated at
 * @param confidence        the confidence of the bound, over all thresholds tried together
 */
public record AttackResult(String attack, int members, int nonMembers, double auc, double advantage, double tpr, double fpr,
                           double lowFpr, double tprAtLowFpr, double epsilonLowerBound, double delta, double confidence) {
}
