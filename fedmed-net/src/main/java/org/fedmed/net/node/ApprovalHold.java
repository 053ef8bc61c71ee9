package org.fedmed.net.node;

import java.util.Optional;
import org.fedmed.net.approval.StudyDigest;
import org.fedmed.net.node.approval.StudyGate;
import org.fedmed.net.proto.StudySetup;
import org.fedmed.net.proto.Task;

/**
 * What a node holds back until its hospital approved the study: the data preparation a welcome or
 * an own-data setup asks for (so the records are not even read before), and every task (answered
 * with the refusal only). The held steps run when the first task is admitted.
 */
final class ApprovalHold {

    private volatile StudyGate gate = StudyGate.open();
    private Runnable welcome;
    private Runnable setup;

    void gate(StudyGate g) {
        this.gate = g;
    }

    /** The digest of the study the coordinator last described, if the gate computed one (a kit's gate does). */
    Optional<StudyDigest> studyDigest() {
        return gate.digest();
    }

    /** Holds {@code prepare} when the study may not run now; false when it may (the caller prepares at once). */
    synchronized boolean holdWelcome(Runnable prepare) {
        if (gate.refusal() == null) {
            return false;
        }
        welcome = prepare;
        return true;
    }

    /** Holds {@code prepare} and returns why, when the setup may not be applied now; null when it may. */
    synchronized String holdSetup(StudySetup m, Runnable prepare) {
        String why = gate.refusal(m);
        if (why != null) {
            setup = prepare;
        }
        return why;
    }

    /** Null when {@code t} may run (the held steps have then run), else why not: the only thing the node sends. */
    String admit(Task t) {
        String why = gate.refusal(t);
        if (why != null) {
            return why;
        }
        Runnable w;
        Runnable s;
        synchronized (this) {
            w = welcome;
            s = setup;
            welcome = null;
            setup = null;
        }
        if (w != null) {
            w.run();
        }
        if (s != null) {
            s.run();
        }
        return null;
    }
}
