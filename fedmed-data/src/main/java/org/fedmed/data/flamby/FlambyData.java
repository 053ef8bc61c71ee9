package org.fedmed.data.flamby;

import java.util.List;
import org.fedmed.core.data.LabeledSamples;

/** A FLamby benchmark's data: its centers in FLamby's order, each with its training and test examples. */
public interface FlambyData {

    /** The centers (hospitals, regions) in FLamby's order. */
    List<String> centers();

    /** Each center's training examples, in {@link #centers()} order. */
    List<LabeledSamples> train();

    /** Each center's test examples, in {@link #centers()} order. */
    List<LabeledSamples> test();

    /** All centers' training examples together, for the pooled baseline. */
    default LabeledSamples pooledTrain() {
        return LabeledSamples.concat(train());
    }

    /** All centers' test examples together. */
    default LabeledSamples pooledTest() {
        return LabeledSamples.concat(test());
    }
}
