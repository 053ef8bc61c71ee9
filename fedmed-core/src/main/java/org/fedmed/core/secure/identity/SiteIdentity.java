package org.fedmed.core.secure.identity;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * What a site signs its protocol messages with: the private key it was provisioned with, and the
 * credential peers check the signatures against (its X.509 certificate in a deployment, its encoded
 * public key in a simulation). The key never leaves the site; {@link #toString} omits it.
 */
public record SiteIdentity(String siteId, PrivateKey signingKey, byte[] credential) {

    public SiteIdentity {
        Objects.requireNonNull(siteId, "siteId");
        if (signingKey == null) {
            throw new IllegalArgumentException("site " + siteId + " has no provisioned signing key: secure aggregation "
                    + "needs one to sign its messages (provision the site, or use --secure-aggregation none)");
        }
        credential = credential.clone();
    }

    @Override
    public byte[] credential() {
        return credential.clone();
    }

    public byte[] sign(byte[] data) {
        return Signatures.sign(signingKey, data);
    }

    @Override
    public String toString() {
        return "SiteIdentity[" + siteId + "]";
    }
}
