package org.fedmed.net.node;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fedmed.core.privacy.mechanism.GaussianNoise;
import org.fedmed.core.round.LocalSite;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.data.SiteData;
import org.fedmed.data.SiteTable;
import org.fedmed.data.prep.FeatureRange;
import org.fedmed.data.prep.FeatureStats;
import org.fedmed.data.prep.TabularPreprocessor;
import org.fedmed.data.read.DataFormatException;
import org.fedmed.data.read.TableSchema;
import org.fedmed.data.read.TableSource;
import org.fedmed.learn.DjlTrainer;
import org.fedmed.net.prep.OwnDataSetup;
import org.fedmed.study.prep.OwnDataSchema;
import org.fedmed.study.prep.SiteStatistics;

/**
 * A hospital's own CSV file as a node's data: read under the study's schema when the coordinator
 * asks for statistics, split into training and local test rows with the study's fraction and seed,
 * and turned into a DJL-trained {@link LocalSite} once the federation's preprocessing arrives.
 * Progress lines name counts and columns, never values; a data error is shown here in full and
 * reported to the coordinator without the offending value.
 */
public final class OwnFileData implements NodeData, AutoCloseable {

    private final TableSource source;
    private final String siteId;
    private final PrintStream progress;
    private OwnDataSchema readFor;
    private TableSchema readWith;
    private SiteTable table;
    private DjlTrainer trainer;

    public OwnFileData(Path file, String siteId, PrintStream progress) {
        this(TableSource.csv(file), siteId, progress);
    }

    /** A node on records from any source (a CSV file, a FHIR folder and its mapping). */
    public OwnFileData(TableSource source, String siteId, PrintStream progress) {
        this.source = source;
        this.siteId = siteId;
        this.progress = progress;
    }

    @Override
    public SiteClient welcomed(ModelSpec model) {
        if (model != null) {
            throw new NodeDataException("this node was started with --data, but the coordinator's study uses the bundled demo"
                    + " data; start it with --dataset NAME");
        }
        return null;
    }

    @Override
    public synchronized SiteStatistics statistics(OwnDataSchema schema, int minRows) {
        SiteTable t = load(schema, schema.table());
        FeatureStats shared;
        try {
            shared = t.shareableTrainStatistics(minRows);
        } catch (IllegalArgumentException e) {
            throw new NodeDataException(source.name() + ": " + e.getMessage(), e.getMessage(), e);
        }
        List<String> suppressed = t.suppressedFeatures(minRows);
        progress.printf(Locale.ROOT, "[%s] own data %s: %d training and %d test records, %d feature columns; sharing their"
                        + " training statistics (count, sum, sum of squares per column)%s%n", siteId, source.name(), t.trainRows(),
                t.testRows(), t.featureNames().size(), suppressed.isEmpty() ? ""
                        : "; not shared, observed in fewer than " + minRows + " records: " + String.join(", ", suppressed));
        return new SiteStatistics(t.featureNames(), shared);
    }

    @Override
    public synchronized SiteStatistics privateStatistics(OwnDataSchema schema, int minRows, double sigma, GaussianNoise noise) {
        SiteTable t = load(schema, schema.table());
        FeatureRange[] ranges = new FeatureRange[t.featureNames().size()];
        for (int c = 0; c < ranges.length; c++) {
            ranges[c] = schema.ranges().get(t.featureNames().get(c));
            if (ranges[c] == null) {
                throw new IllegalArgumentException("no declared range for feature " + t.featureNames().get(c));
            }
        }
        FeatureStats released;
        try {
            released = t.privateTrainStatistics(minRows, ranges, sigma, noise);
        } catch (IllegalArgumentException e) {
            throw new NodeDataException(source.name() + ": " + e.getMessage(), e.getMessage(), e);
        }
        progress.printf(Locale.ROOT, "[%s] own data %s: %d training and %d test records, %d feature columns; releasing their"
                        + " training statistics (count, sum, sum of squares per column) with Gaussian noise, values clipped to the"
                        + " study's ranges%n", siteId, source.name(), t.trainRows(), t.testRows(), t.featureNames().size());
        return new SiteStatistics(t.featureNames(), released);
    }

    @Override
    public synchronized SiteClient setUp(OwnDataSetup setup) {
        TabularPreprocessor prep = setup.preprocessing();
        SiteTable t = load(setup.schema(), setup.schema().table().withFeatures(prep.inputNames()));
        SiteData data = t.prepare(siteId, prep).withShape(setup.model().inputShape());
        if (trainer != null) {
            trainer.close();
        }
        trainer = DjlTrainer.builder().model(setup.model()).build();
        List<String> dropped = new ArrayList<>(prep.inputNames());
        dropped.removeAll(prep.outputNames());
        progress.printf(Locale.ROOT, "[%s] federated preprocessing received: %d of %d columns kept%s; model %s; %d training and"
                        + " %d test examples%n", siteId, prep.outputNames().size(), prep.inputNames().size(),
                dropped.isEmpty() ? "" : " (dropped: " + String.join(", ", dropped) + ")", setup.model(), data.train().size(),
                data.test().size());
        return new LocalSite(siteId, trainer, data.train(), null, data.test(), data.completeness());
    }

    /** The file read under {@code table} and split; read again only when the columns asked for change. */
    private SiteTable load(OwnDataSchema schema, TableSchema tableSchema) {
        if (table != null && schema.equals(readFor) && tableSchema.equals(readWith)) {
            return table;
        }
        try {
            table = SiteTable.load(source, tableSchema, schema.siteTestFraction(), schema.splitSeed());
            readFor = schema;
            readWith = tableSchema;
            return table;
        } catch (DataFormatException e) {
            throw new NodeDataException(e.getMessage(), "data file " + e.withoutValue(), e);
        } catch (IllegalArgumentException e) {
            throw new NodeDataException(e.getMessage(), "data " + source.name() + " cannot be used (too few records"
                    + " to split, or unreadable; the node's log says why)", e);
        }
    }

    @Override
    public synchronized void close() {
        if (trainer != null) {
            trainer.close();
            trainer = null;
        }
    }
}
