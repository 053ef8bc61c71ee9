package org.fedmed.sim.attack;

import java.util.List;
import org.fedmed.study.AttackSpec;

/**
 * What a simulated study records about attacks: the attack and who ran it (null and empty without
 * one), and the backdoor success rate of the final model, measured with the dataset's trigger even
 * when nobody attacked, so that an attacked run can be compared with its clean twin.
 *
 * @param parameter       the attack's parameter in effect (its default when the study gave none), NaN for none
 * @param backdoorSuccess share of the global test examples outside class {@code target} that the final
 *                        model puts in {@code target} once triggered; NaN when there are none
 */
public record AttackOutcome(AttackSpec attack, double parameter, List<String> maliciousSites, double backdoorSuccess, int target, String trigger) {

    public AttackOutcome {
        maliciousSites = List.copyOf(maliciousSites);
    }
}
