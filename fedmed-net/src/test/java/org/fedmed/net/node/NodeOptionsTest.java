package org.fedmed.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedmed.core.privacy.budget.NodePrivacyPolicy;
import org.junit.jupiter.api.Test;

/** A node's privacy options on its command line. */
class NodeOptionsTest {

    @Test
    void thePolicyOptionsMakeTheNodesPolicy() {
        NodeMain.Options o = NodeMain.options(new String[] {"--kit", "kit", "--data", "f.csv", "--dp-budget", "3", "--dp-delta",
                "1e-6", "--dp-max-clip", "1.5", "--dp-min-noise", "0.9", "--dp-evaluation", "noisy", "--dp-evaluation-noise", "12",
                "--dp-statistics-noise", "6"});
        assertEquals(new NodePrivacyPolicy(1e-6, 1.5, 0.9, NodePrivacyPolicy.Evaluation.NOISY, 12, 6), o.dpPolicy());
        assertEquals(3.0, o.dpBudget());
        NodeMain.Options defaults = NodeMain.options(new String[] {"--kit", "kit", "--data", "f.csv", "--dp-budget", "3"});
        assertEquals(NodePrivacyPolicy.of(1e-5), defaults.dpPolicy());
    }

    @Test
    void policyOptionsWithoutABudgetAndBadValuesAreErrorsNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeMain.options(new String[] {"--kit", "kit",
                "--data", "f.csv", "--dp-max-clip", "1"}));
        assertEquals("--dp-max-clip apply to a node with a privacy budget: add --dp-budget EPSILON", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NodeMain.options(new String[] {"--kit", "kit", "--data", "f.csv",
                "--dp-budget", "3", "--dp-min-noise", "lots"}));
        assertTrue(e.getMessage().startsWith("--dp-min-noise must be a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NodeMain.options(new String[] {"--kit", "kit", "--data", "f.csv",
                "--dp-budget", "3", "--dp-evaluation", "exact"}));
        assertTrue(e.getMessage().startsWith("--dp-evaluation must be noisy or off"), e.getMessage());
    }
}
