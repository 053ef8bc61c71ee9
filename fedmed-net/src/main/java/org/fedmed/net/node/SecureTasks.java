package org.fedmed.net.node;

import com.google.protobuf.ByteString;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import org.fedmed.core.round.FitInstructions;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.round.SiteUpdate;
import org.fedmed.core.secure.SecureStepException;
import org.fedmed.core.secure.paillier.PaillierCodec;
import org.fedmed.core.secure.paillier.PaillierMessage;
import org.fedmed.core.secure.secagg.SecAggCodec;
import org.fedmed.core.secure.secagg.SecAggMessage;
import org.fedmed.core.secure.site.SecureSite;
import org.fedmed.core.units.ByteSize;
import org.fedmed.net.proto.FitResult;
import org.fedmed.net.proto.NodeMessage;
import org.fedmed.net.proto.SecureStepResult;
import org.fedmed.net.proto.Task;
import org.fedmed.net.proto.TaskResult;
import org.fedmed.net.provision.PaillierProvisioning;
import org.fedmed.net.transfer.ChunkSender;

/**
 * A node's part in secure rounds (SecAgg+ or threshold Paillier): whether it takes part in a fit with
 * a given protection, the sealed answer to a secure fit (the update stays at the node), and each step
 * of the round's protocol, run by the node's {@link SecureSite}.
 */
final class SecureTasks {

    private static final System.Logger LOG = System.getLogger(SecureTasks.class.getName());

    private final String siteId;
    private final PrintStream progress;
    private final TaskRunner.Link link;
    private final NodeReleases releases;
    private final BiConsumer<String, String> refuse; // task id, the line (console and coordinator)
    private final BiConsumer<String, String> fail; // task id, a short reason (coordinator)

    SecureTasks(String siteId, PrintStream progress, TaskRunner.Link link, NodeReleases releases, BiConsumer<String, String> refuse,
                BiConsumer<String, String> fail) {
        this.siteId = siteId;
        this.progress = progress;
        this.link = link;
        this.releases = releases;
        this.refuse = refuse;
        this.fail = fail;
    }

    /** Why this node does not run a fit task with the given secure-aggregation setting ("" = clear), or null when it does. */
    String refusal(int round, String protection, SiteClient s, NodeSecurity security) {
        if (protection.isEmpty()) {
            return security.requireSecure() ? "site " + siteId + " requires secure aggregation (--require-secure-aggregation):"
                    + " round " + round + " asks for its update in the clear; refused" : null;
        }
        if (!protection.equals(NodeSecurity.SECAGG_PLUS) && !protection.equals(NodeSecurity.PAILLIER)) {
            return "site " + siteId + " does not speak secure aggregation '" + protection + "' (only "
                    + NodeSecurity.SECAGG_PLUS + " and " + NodeSecurity.PAILLIER + "); round " + round + " refused";
        }
        if (!(s instanceof SecureSite)) {
            return "site " + siteId + " cannot take part in secure aggregation: " + security.missing();
        }
        if (protection.equals(NodeSecurity.PAILLIER) && security.paillierKey() == null) {
            return "site " + siteId + " cannot take part in Paillier aggregation: its kit holds no " + PaillierProvisioning.SHARE
                    + " (deal the keys with fedmed provision paillier); round " + round + " refused";
        }
        return null;
    }

    /**
     * A secure fit: the site trains and keeps its update; the node answers a sealed result, which
     * carries no weights, no sample count and no metric, whatever the site returned.
     */
    void fitSealed(Task t, SiteClient s, FitInstructions in, double downloadSeconds, long start, Set<String> cancelled) {
        SiteUpdate u = s.fit(in);
        if (!u.isSealed()) {
            throw new IllegalStateException("the secure site returned an unsealed update in a secure round");
        }
        if (cancelled.contains(t.getTaskId())) {
            progress.println("[" + siteId + "] round " + t.getRound() + ": finished after the deadline; not sent");
            return;
        }
        releases.released(t.getRound(), "sealed_update", null);
        link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId()).setRound(t.getRound())
                .setFit(FitResult.newBuilder().setSealed(true))).build());
        progress.println(String.format(Locale.ROOT, "[%s] round %d: model received (%s, %.2f s), trained in %.2f s; the update"
                        + " stays here until it leaves masked (secure aggregation %s)", siteId, t.getRound(),
                ByteSize.human(t.getWeights().getTotalBytes()), downloadSeconds, (System.nanoTime() - start) / 1e9,
                t.getFit().getSecureAggregation()));
    }

    /**
     * One step of a secure round: the coordinator's request goes to the node's {@link SecureSite},
     * its reply back as a result; a refusal (a bad signature, a peer's refused certificate, a step
     * out of order) is one line on the console and to the coordinator.
     */
    void step(Task t, SiteClient s, NodeSecurity security) {
        if (!(s instanceof SecureSite)) {
            refuse.accept(t.getTaskId(), s == null ? "site " + siteId + " has no site yet for a secure-aggregation step"
                    : "site " + siteId + " cannot take part in secure aggregation: " + security.missing());
            return;
        }
        try {
            byte[] request = t.getSecureStep().getMessage().toByteArray();
            byte[] reply = s.secureStep(request);
            link.send(NodeMessage.newBuilder().setResult(TaskResult.newBuilder().setTaskId(t.getTaskId()).setRound(t.getRound())
                    .setSecureStep(SecureStepResult.newBuilder().setMessage(ByteString.copyFrom(reply)))).build());
            if (PaillierCodec.isPaillier(request)) {
                PaillierMessage m = PaillierCodec.decode(request);
                if (m instanceof PaillierMessage.Setup) {
                    progress.println("[" + siteId + "] round " + t.getRound() + ": encrypted update sent (Paillier)");
                } else if (m instanceof PaillierMessage.DecryptRequest) {
                    progress.println("[" + siteId + "] round " + t.getRound() + ": partial decryption sent; secure round done here");
                }
                return;
            }
            SecAggMessage m = SecAggCodec.decode(request);
            if (m instanceof SecAggMessage.MaskedInputRequest) {
                progress.println("[" + siteId + "] round " + t.getRound() + ": masked update sent (secure aggregation)");
            } else if (m instanceof SecAggMessage.UnmaskRequest) {
                progress.println("[" + siteId + "] round " + t.getRound() + ": unmasking shares sent; secure round done here");
            } else if (m instanceof SecAggMessage.Abort a) {
                progress.println("[" + siteId + "] round " + t.getRound() + ": the coordinator aborted the secure round: " + a.reason());
            }
        } catch (SecureStepException e) {
            refuse.accept(t.getTaskId(), e.getMessage());
        } catch (ChunkSender.InterruptedTransferException e) {
            progress.println("[" + siteId + "] round " + t.getRound() + ": secure step not answered: connection lost (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "secure step failed", e);
            fail.accept(t.getTaskId(), "secure step failed at site " + siteId + ": " + e.getClass().getSimpleName());
        }
    }
}
