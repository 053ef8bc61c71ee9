package org.fedmed.net.coordinator;

import java.time.Instant;
import java.util.Optional;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.KitCheck;
import org.fedmed.net.provision.Pem;

/** The coordinator's own TLS certificate, seen from the coordinator: when to warn that it runs out. */
final class CoordinatorCertificate {

    private CoordinatorCertificate() {
    }

    /** A warning when the coordinator's own certificate expires within {@link KitCheck#WARN_AHEAD}: nodes would refuse it after. */
    static Optional<String> expiryWarning(FederationLayout layout, Instant now) {
        Instant end = Pem.readCertificate(layout.serverCert()).getNotAfter().toInstant();
        return KitCheck.daysLeftWhenDue(end, now).map(days -> "warning: the coordinator's certificate " + layout.serverCert()
                + " expires on " + end + " (in " + days + " day(s)); the nodes refuse it after that: fedmed provision renew --dir "
                + layout.root() + " --coordinator");
    }
}
