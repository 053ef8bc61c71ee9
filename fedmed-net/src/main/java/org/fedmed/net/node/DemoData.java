package org.fedmed.net.node;

import java.io.PrintStream;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.ModelArchitecture;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.DatasetCatalog;
import org.fedmed.data.FederatedData;
import org.fedmed.data.SiteData;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.study.DataSplit;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudySpecBuilder;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.SiteStatistics;

/**
 * A bundled demo dataset as a node's data. Started with split options, the node splits the data as they
 * say and reports that split in its hello (the coordinator refuses another one); started without, it
 * takes the study's split from the welcome. Either way it serves the part the welcome names, so sites
 * provisioned under their hospitals' own names run a demo study as site-1, site-2, ... would.
 */
final class DemoData implements NodeData, AutoCloseable {

    private final String siteId;
    private final String dataset;
    private final DataSplit explicit;
    private final PrintStream progress;
    private DataSplit preparedFor;
    /** The rocket kernels the prepared data were transformed with; 0 for the raw data. */
    private int preparedKernels;
    private FederatedData prepared;
    private DjlTrainer trainer;

    /** @param explicit the split the node's options give, or null to take the study's */
    DemoData(String siteId, String dataset, DataSplit explicit, PrintStream progress) {
        this.siteId = siteId;
        this.dataset = DatasetCatalog.canonicalName(dataset);
        this.explicit = explicit;
        this.progress = progress;
        if (explicit != null) {
            prepare(explicit, 0); // a bad dataset or split fails at start, not at the welcome
        }
    }

    /** The split the node reports in its hello: its options', or null when it takes the study's. */
    DataSplit reported() {
        return explicit;
    }

    @Override
    public SiteClient welcomed(ModelSpec model) {
        return welcomed(model, null);
    }

    @Override
    public synchronized SiteClient welcomed(ModelSpec model, DemoAssignment demo) {
        if (model == null) {
            throw new NodeDataException(OWN_RECORDS_STUDY);
        }
        DataSplit study = demo == null ? null : demo.split();
        DataSplit split = explicit != null ? explicit : study;
        if (split == null) {
            throw new NodeDataException("the coordinator did not send the study's split of the demo data: start the node with"
                    + " the study's --partition, --sites and --seed");
        }
        if (explicit != null && study != null) {
            String mismatch = study.mismatch(siteId, explicit);
            if (mismatch != null) {
                throw new NodeDataException(mismatch);
            }
        }
        if (!DatasetCatalog.canonicalName(split.dataset()).equals(dataset)) {
            throw new NodeDataException("the study trains on " + split.dataset() + " but this node serves " + dataset
                    + ": restart it with --dataset " + split.dataset());
        }
        FederatedData data = prepare(split, rocketKernels(model));
        String part = demo == null || demo.shard() == null || demo.shard().isEmpty() ? siteId : demo.shard();
        SiteData mine = data.sites().stream().filter(s -> s.siteId().equals(part)).findFirst()
                .orElseThrow(() -> new NodeDataException("the demo data has no part '" + part + "' (it has "
                        + String.join(", ", data.siteIds()) + ")"));
        progress.printf("[%s] demo data: %s, part %s of %d: %d training and %d test examples (partition %s, seed %d)%n", siteId,
                dataset, part, data.sites().size(), mine.train().size(), mine.test().size(), split.partition(), split.seed());
        if (trainer != null) {
            trainer.close();
        }
        trainer = DjlTrainer.builder().model(model).build();
        return new LocalSite(siteId, trainer, mine.train(), null, mine.test(), mine.completeness());
    }

    /**
     * A rocket model's kernel count, read from its input of two features per kernel (the node draws the
     * same kernels from the study's seed as the coordinator did); 0 for a model of the raw data.
     */
    private static int rocketKernels(ModelSpec model) {
        return model.architecture() == ModelArchitecture.ROCKET ? model.inputShape()[0] / 2 : 0;
    }

    private FederatedData prepare(DataSplit split, int rocketKernels) {
        if (!split.equals(preparedFor) || rocketKernels != preparedKernels) {
            StudySpecBuilder b = new StudySpecBuilder();
            b.dataset = split.dataset();
            b.partition = split.partition();
            b.sites = split.sites();
            b.seed = split.seed();
            b.testFraction = split.testFraction();
            b.siteTestFraction = split.siteTestFraction();
            if (rocketKernels > 0) {
                b.model = ModelArchitecture.ROCKET.id();
                b.rocketKernels = rocketKernels;
            }
            try {
                prepared = StudyAssembly.bundledData(b.build());
            } catch (IllegalArgumentException e) {
                if (rocketKernels == 0) {
                    throw e;
                }
                // the kernels come from the coordinator's model: a model this node cannot draw is the study's problem
                throw new NodeDataException("the study's rocket model cannot run on this node's data: " + e.getMessage());
            }
            preparedFor = split;
            preparedKernels = rocketKernels;
        }
        return prepared;
    }

    @Override
    public SiteStatistics statistics(OwnDataSchema schema, int minRows) {
        throw new NodeDataException(DEMO_DATA_ONLY);
    }

    @Override
    public SiteClient setUp(OwnDataSetup setup) {
        throw new NodeDataException(DEMO_DATA_ONLY);
    }

    @Override
    public synchronized void close() {
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }
}
