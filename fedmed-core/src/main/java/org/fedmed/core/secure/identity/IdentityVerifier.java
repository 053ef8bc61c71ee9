package org.fedmed.core.secure.identity;

import org.fedmed.core.secure.SecureStepException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns a site's claimed credential into the public key its signatures are checked with, or refuses
 * it. A deployment checks an X.509 certificate against the federation's CA and the site name; a
 * simulation knows every site's key ({@link #knownKeys}). Sites use it to check their peers, so the
 * coordinator, which holds no site's private key, cannot impersonate one.
 */
public interface IdentityVerifier {

    /** The verified key of {@code siteId}; a {@link SecureStepException} names the site when the credential is refused. */
    PublicKey verifiedKey(String siteId, byte[] credential);

    /** Every site's key known in advance; the credential must be that key, X.509-encoded. */
    static IdentityVerifier knownKeys(Map<String, PublicKey> keys) {
        Map<String, PublicKey> copy = Map.copyOf(keys);
        return (siteId, credential) -> {
            PublicKey k = copy.get(siteId);
            if (k == null || !Arrays.equals(k.getEncoded(), credential)) {
                throw new SecureStepException("identity", "site " + siteId + ": its signing key is not the one provisioned for it");
            }
            return k;
        };
    }
}
