package org.fedmed.net.coordinator;

import java.io.PrintStream;
import org.fedmed.core.aggregate.SitePlan;
import org.fedmed.core.training.ModelSpec;
import org.fedmed.net.ExplainProtocol;
import org.fedmed.net.Protocol;
import org.fedmed.net.approval.CoordinatorIdentity;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.prep.PrepProtocol;
import org.fedmed.net.proto.StudyDescription;
import org.fedmed.net.proto.StudyTerm;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.study.DataSplit;
import org.fedmed.study.StudyAssembly;
import org.fedmed.study.StudySpec;
import org.fedmed.study.explain.StudyExplainer;
import org.fedmed.study.keys.StudyKeys;

/**
 * The coordinator's side of study approval: the {@link StudyDescription} it sends in every welcome,
 * built from its configuration, and the digest the hospitals approve (the same
 * {@link StudyDigest} code the nodes run), printed at startup and by {@code fedmed coordinator --check}.
 */
public final class StudyDescriptions {

    private StudyDescriptions() {
    }

    /**
     * @param model a demo study's model (from the data), or null in an own-data study (its input
     *              shape follows the preprocessing; the description never states an input shape)
     */
    public static StudyDescription of(CoordinatorConfig config, StudyAssembly assembly, ModelSpec model) {
        StudySpec spec = config.study();
        ModelSpec m = model != null ? model : assembly.model(ownDataShape(config), config.ownData().schema().table().classes().size());
        StudyDescription.Builder d = StudyDescription.newBuilder().setFederation(config.federation()).setSoftware(Protocol.SOFTWARE)
                .setRounds(config.rounds()).setModel(Protocol.descriptor(m).toBuilder().clearInputShape())
                // the largest learning rate a round uses (schedules only decay it); the seed changes every round
                .setTraining(Protocol.fitTask(Coordinator.training(spec), SitePlan.none()).toBuilder().clearSeed())
                .setSecureAggregation(spec.secure() != null && !spec.secure().protection().equals("none"))
                .setClientDp(spec.clientDp() != null);
        if (config.ownData() != null) {
            d.setSchema(PrepProtocol.schema(config.ownData().schema()));
        } else {
            d.setDemoSplit(Protocol.demoSplit(DataSplit.of(spec)));
        }
        StudyKeys.terms(spec).forEach((k, v) -> d.addTerms(StudyTerm.newBuilder().setKey(k).setValue(v)));
        d.setFinetuneEpochs(spec.finetuneEpochs());
        if (spec.explain() != null && !StudyExplainer.isImageModel(m.architecture())) {
            // the sites explain a tabular model on their own rows: the hospital approves exactly these settings
            d.setExplanation(ExplainProtocol.task(spec));
        }
        return d.build();
    }

    /** An own-data model's input shape before the preprocessing is fitted: the declared image, or one column (never described). */
    private static int[] ownDataShape(CoordinatorConfig config) {
        var image = config.ownData().schema().table().image();
        return image == null ? new int[] {1} : image.shape();
    }

    /** The digest of {@code study} run by the coordinator whose certificate is in {@code layout}. */
    public static StudyDigest digest(StudyDescription study, FederationLayout layout) {
        return StudyDigest.of(study, CoordinatorIdentity.fromCertificateFile(layout.serverCert()));
    }

    /** The digest lines a study coordinator sends to the hospitals. */
    static void print(StudyDigest d, PrintStream out, String prefix) {
        out.println(prefix + "study digest " + d.shortForm() + " (full: " + d.hex() + ")");
        out.println(prefix + "hospitals approve it with: fedmed node approve --kit KIT_DIR " + d.hex());
    }
}
