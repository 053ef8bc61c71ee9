package org.fedmed.core.aggregate.robust;

import org.fedmed.core.model.ModelWeights;

/**
 * A small clean dataset held by the coordinator (FLTrust's "root dataset"), used by rules that judge
 * updates against something the sites cannot poison: the coordinator's own update from the global
 * model, and the loss of a proposed model on those examples.
 */
public interface ServerReference {

    /** The coordinator's own training update in {@code round}: its trained model minus {@code global}. */
    float[] delta(int round, ModelWeights global);

    /** Mean loss of {@code weights} on the reference examples. */
    double loss(ModelWeights weights);

    /** E.g. {@code root data: 100 examples drawn from the sites' training data}. */
    String describe();
}
