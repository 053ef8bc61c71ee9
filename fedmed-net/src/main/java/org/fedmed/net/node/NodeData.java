package org.fedmed.net.node;

import java.util.function.Function;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.SiteStatistics;

/**
 * What a node trains on, as the coordinator's messages unfold: the demo path gets its model in the
 * welcome; the own-data path is asked for training statistics first and receives the fitted
 * preprocessing and the model in a study setup. A request the data cannot serve throws
 * {@link NodeDataException}, which stops the node.
 */
public interface NodeData {

    /** Why demo data cannot answer an own-data study's statistics step or setup. */
    String DEMO_DATA_ONLY = "this node serves demo data (--dataset); the study expects its own records (--data)";

    /** Why demo data cannot join a study on the hospitals' own records (its welcome names no model). */
    String OWN_RECORDS_STUDY = "the coordinator's study trains on each hospital's own records, but this node serves demo data:"
            + " start it with --data FILE";

    /**
     * The coordinator welcomed the node.
     *
     * @param model the model the welcome names, or null in an own-data study (it follows in the setup)
     * @return the site to run tasks on, or null while it is not known yet
     */
    SiteClient welcomed(ModelSpec model);

    /**
     * The coordinator welcomed the node into a demo-data study, naming its split and this site's part
     * ({@code demo} null in other studies); data that does not serve demo parts ignores it.
     */
    default SiteClient welcomed(ModelSpec model, DemoAssignment demo) {
        return welcomed(model);
    }

    /** The aggregate statistics of the training rows this site may share. */
    SiteStatistics statistics(OwnDataSchema schema, int minRows);

    /**
     * The statistics as a node under a privacy budget releases them: values clipped to the schema's
     * declared ranges, counts and sums through a Gaussian mechanism of multiplier {@code sigma}
     * (booked by the caller). Data that cannot serve an own-data study refuses.
     */
    default SiteStatistics privateStatistics(OwnDataSchema schema, int minRows, double sigma, GaussianNoise noise) {
        throw new NodeDataException(DEMO_DATA_ONLY);
    }

    /** The site for an own-data study's setup; called again only when the setup changed. */
    SiteClient setUp(OwnDataSetup setup);

    /** Demo or test data: the site comes from the welcome's model; own-data requests are refused. */
    static NodeData fromModel(Function<ModelSpec, SiteClient> siteFactory) {
        return new NodeData() {
            @Override
            public SiteClient welcomed(ModelSpec model) {
                if (model == null) {
                    throw new NodeDataException(OWN_RECORDS_STUDY);
                }
                return siteFactory.apply(model);
            }

            @Override
            public SiteStatistics statistics(OwnDataSchema schema, int minRows) {
                throw new NodeDataException(DEMO_DATA_ONLY);
            }

            @Override
            public SiteClient setUp(OwnDataSetup setup) {
                throw new NodeDataException(DEMO_DATA_ONLY);
            }
        };
    }
}
