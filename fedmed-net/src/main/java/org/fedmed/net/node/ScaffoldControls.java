package org.fedmed.net.node;

import java.io.PrintStream;
import java.util.Optional;
import org.fedmed.core.model.ModelWeights;
import org.fedmed.core.round.ControlVariate;
import org.fedmed.net.approval.StudyDigest;

/**
 * The site's SCAFFOLD control variate c_i across node restarts: kept per approved study in a
 * {@link ControlStore}, restored at the first SCAFFOLD fit after the site was built, saved after each.
 */
final class ScaffoldControls {

    private final String siteId;
    private final PrintStream progress;
    private ControlVariate control; // the site's c_i, or null (not a LocalSite)
    private boolean restored; // whether c_i was looked up in the store since the site was built
    private ControlStore store; // where c_i is kept, or null

    ScaffoldControls(String siteId, PrintStream progress) {
        this.siteId = siteId;
        this.progress = progress;
    }

    /** Keeps c_i in {@code s}, per approved study. */
    void store(ControlStore s) {
        this.store = s;
    }

    /** A new site: its c_i (null: none), not looked up yet. */
    void site(ControlVariate c) {
        control = c;
        restored = false;
    }

    /** Before a SCAFFOLD fit: the first one after the site was built restores c_i; returns c_i as the round starts (null: zero). */
    ModelWeights beforeFit(Optional<StudyDigest> study, int round, ModelWeights serverControl) {
        ControlVariate c = control;
        if (c == null || store == null || study.isEmpty()) {
            return null;
        }
        if (!restored) {
            restored = true;
            store.restore(study.get().hex(), round, serverControl).ifPresent(r -> {
                c.restore(r.control());
                progress.println("[" + siteId + "] " + r.note());
            });
        }
        return c.value() == null ? null : c.value().copy();
    }

    /** After a SCAFFOLD fit: c_i before and after the round go to the store. */
    void afterFit(Optional<StudyDigest> study, int round, ModelWeights before) {
        ControlVariate c = control;
        if (c != null && store != null && study.isPresent() && c.value() != null) {
            store.save(study.get().hex(), round, before, c.value());
        }
    }
}
