package org.fedmed.net.node;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import org.fedmed.core.privacy.mechanism.SkellamNoise;
import org.fedmed.core.round.SiteClient;
import org.fedmed.core.secure.identity.IdentityVerifier;
import org.fedmed.core.secure.identity.SiteIdentity;
import org.fedmed.core.secure.paillier.PaillierKeyShare;
import org.fedmed.core.secure.site.SecureSite;
import org.fedmed.net.provision.NodeKit;
import org.fedmed.net.provision.PaillierProvisioning;
import org.fedmed.net.tls.CertificateIdentity;

/**
 * How a node takes part in secure aggregation: its signing identity (the kit's key and certificate),
 * the federation CA it checks its peers' certificates against, and whether it insists on secure
 * rounds ({@code --require-secure-aggregation}: the hospital decides, whatever the coordinator sends).
 * The noise a site adds inside the sum under distributed DP is always {@link SkellamNoise#secure()};
 * a deployed node never uses seeded noise.
 *
 * @param identity null when the node has no usable signing key; {@code missing} then says why
 * @param paillierKey the kit's threshold Paillier key share ({@code fedmed provision paillier}), or null
 */
public record NodeSecurity(SiteIdentity identity, IdentityVerifier verifier, String missing, boolean requireSecure,
                           PaillierKeyShare paillierKey) {

    /** The protocols a node speaks, as named in {@code FitTask.secure_aggregation}. */
    public static final String SECAGG_PLUS = "secagg+";
    public static final String PAILLIER = "paillier";

    public NodeSecurity(SiteIdentity identity, IdentityVerifier verifier, String missing, boolean requireSecure) {
        this(identity, verifier, missing, requireSecure, null);
    }

    /** A node's security from its kit: a kit without a readable key or CA can still train in the clear. */
    public static NodeSecurity fromKit(NodeKit kit, boolean requireSecure) {
        if (!Files.isRegularFile(kit.privateKey())) {
            return without("it has no provisioned signing key (" + kit.privateKey() + " is missing; re-provision the site)",
                    requireSecure);
        }
        try {
            return new NodeSecurity(CertificateIdentity.siteIdentity(kit), CertificateIdentity.fromCaFile(kit.caCertificate()), null,
                    requireSecure, PaillierProvisioning.share(kit.dir()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return without("its signing key or certificate cannot be read (" + e.getMessage() + ")", requireSecure);
        }
    }

    /** A node that cannot take part in secure aggregation, and why. */
    public static NodeSecurity without(String why, boolean requireSecure) {
        return new NodeSecurity(null, null, why, requireSecure);
    }

    /** The node's site behind {@link SecureSite}, which passes clear rounds through; the site itself without an identity. */
    SiteClient wrap(SiteClient site) {
        if (site == null || identity == null) {
            return site;
        }
        return new SecureSite(site, identity, verifier, new SecureRandom(), SkellamNoise.secure()::addTo, paillierKey);
    }
}
