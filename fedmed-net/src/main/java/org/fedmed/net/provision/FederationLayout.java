package org.fedmed.net.provision;

import java.nio.file.Path;

/**
 * Where `fedmed provision` puts things. The {@code ca/} folder holds the federation CA's private key
 * and stays with whoever administers the federation; {@code coordinator/} is the coordinator's state
 * directory; {@code kits/<site>/} is the startup kit handed to one hospital.
 */
public record FederationLayout(Path root) {

    public Path caDir() {
        return root.resolve("ca");
    }

    public Path caCert() {
        return caDir().resolve("ca.crt");
    }

    public Path caKey() {
        return caDir().resolve("ca.key");
    }

    public Path coordinatorDir() {
        return root.resolve("coordinator");
    }

    public Path serverCert() {
        return coordinatorDir().resolve("server.crt");
    }

    public Path serverKey() {
        return coordinatorDir().resolve("server.key");
    }

    public Path coordinatorCaCert() {
        return coordinatorDir().resolve("ca.crt");
    }

    /** Provisioned sites: {@code site-id = certificate serial (hex)}. */
    public Path sitesRegistry() {
        return coordinatorDir().resolve("sites.properties");
    }

    /** The revocation list (an X.509 CRL signed by the federation CA), re-read at each connection. */
    public Path revocationList() {
        return coordinatorDir().resolve("revoked.crl");
    }

    /** Name, coordinator address and hosts of the federation. */
    public Path federationProperties() {
        return coordinatorDir().resolve("federation.properties");
    }

    /** A coordinator configuration to start from. */
    public Path coordinatorConfig() {
        return coordinatorDir().resolve("federation.yaml");
    }

    /** Dashboard administrators: {@code name = certificate serial (hex)} of each admin client certificate. */
    public Path adminsRegistry() {
        return coordinatorDir().resolve("admins.properties");
    }

    /** The SHA-256 of the dashboard's login token (the token itself is shown once, when it is made). */
    public Path dashboardTokenHash() {
        return coordinatorDir().resolve("dashboard-token.sha256");
    }

    public Path kitsDir() {
        return root.resolve("kits");
    }

    public Path kit(String site) {
        return kitsDir().resolve(site);
    }
}
