package org.fedmed.net.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.core.trail.EntryType;
import org.fedmed.net.provision.FederationLayout;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.fedmed.net.tls.SiteAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain records revocations and configuration changes as the coordinator meets them: each revoked
 * serial once however often the list is read (also across restarts), each changed setting with its old and
 * new value, and the chain still verifies.
 */
class CoordinatorTrailEventsTest {

    @Test
    void revocationsAndConfigurationChangesEnterTheChainOnce(@TempDir Path dir) {
        SyntheticChain.Written w = SyntheticChain.write(dir, 1, 2);
        FederationLayout layout = new FederationLayout(w.root());
        Provisioner p = new Provisioner(w.root());
        p.revoke("site-2");
        Map<String, String> first = Map.of("site_wait_seconds", "60.0", "listen", "127.0.0.1:7443");
        try (RunStore store = RunStore.open(w.jdbcUrl())) {
            store.useStudy(SyntheticChain.STUDY);
            CoordinatorTrail trail = CoordinatorTrail.open(store, layout);
            assertEquals(List.of("listen", "site_wait_seconds"), trail.configuration(first),
                    "a chain without recorded settings records them all once");
            assertEquals(List.of(), trail.configuration(first));
            SiteAuthenticator auth = new SiteAuthenticator(layout, null);
            auth.onRevocation(trail::siteRevoked);
            auth.onRevocation(trail::siteRevoked); // read again: nothing new
        }
        try (RunStore store = RunStore.open(w.jdbcUrl())) {
            store.useStudy(SyntheticChain.STUDY);
            CoordinatorTrail again = CoordinatorTrail.open(store, layout);
            assertEquals(List.of("site_wait_seconds"), again.configuration(Map.of("site_wait_seconds", "120.0", "listen",
                    "127.0.0.1:7443")));
            SiteAuthenticator auth = new SiteAuthenticator(layout, null);
            auth.onRevocation(again::siteRevoked); // a restarted coordinator reads the same list
            p.revoke("site-1");
            auth.provisionedSites(); // the list is re-read when it changed
        }
        List<ChainEntry> chain = ChainLines.parse(TrailVerification.coordinator(w.jdbcUrl()).lines(), "coordinator", "store").entries();
        List<String> revoked = chain.stream().filter(e -> e.type().equals(EntryType.SITE_REVOKED))
                .map(e -> e.payload().get("site") + "/" + (e.payload().get("serial") != null)).toList();
        assertEquals(List.of("site-2/true", "site-1/true"), revoked);
        ChainEntry changed = chain.stream().filter(e -> e.type().equals(EntryType.CONFIGURATION_CHANGED)
                && e.payload().get("key").equals("site_wait_seconds")).reduce((a, b) -> b).orElseThrow();
        assertEquals("60.0", changed.payload().get("from"));
        assertEquals("120.0", changed.payload().get("to"));
        TrailVerification.Report r = TrailVerification.verify(TrailVerification.coordinator(w.jdbcUrl()),
                w.coordinatorDir().resolve("ca.crt"), null, w.kits());
        assertEquals(List.of(), r.problems());
    }
}
