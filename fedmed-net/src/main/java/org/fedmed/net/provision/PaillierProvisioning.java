package org.fedmed.net.provision;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.fedmed.core.secure.paillier.PaillierKeyFiles;
import org.fedmed.core.secure.paillier.PaillierKeyShare;
import org.fedmed.core.secure.paillier.PaillierKeys;
import org.fedmed.core.secure.paillier.PaillierPublicKey;
import org.fedmed.core.secure.paillier.ThresholdDealer;
import org.fedmed.core.secure.paillier.ThresholdKeys;

/**
 * The provisioning step as the trusted dealer of threshold Paillier: it makes one key for the
 * federation's provisioned sites, gives the coordinator the public key only
 * ({@code coordinator/paillier-public.key} and {@code paillier.properties}: threshold, key holders)
 * and each site's kit its own key share ({@code kits/<site>/paillier-share.key}, owner-only). The
 * dealer's secrets (p, q, the sharing polynomial) are never written. Sites provisioned later hold no
 * share: run it again to re-deal for the new membership.
 */
public final class PaillierProvisioning {

    public static final String PUBLIC_KEY = "paillier-public.key";
    public static final String SETTINGS = "paillier.properties";
    public static final String SHARE = "paillier-share.key";

    /** What the coordinator reads: the public key, t and n. */
    public record CoordinatorKey(PaillierPublicKey publicKey, int threshold, int holders) {
    }

    private PaillierProvisioning() {
    }

    /** Deals a {@code bits}-bit key with threshold t (0: a majority, ⌊n/2⌋ + 1) over every provisioned site. */
    public static CoordinatorKey deal(FederationLayout layout, int threshold, int bits) {
        List<String> sites = new ArrayList<>(new Provisioner(layout.root()).sites().keySet());
        Collections.sort(sites);
        if (sites.size() < 2) {
            throw new IllegalArgumentException("threshold Paillier needs at least 2 provisioned sites, " + layout.root() + " has "
                    + sites.size());
        }
        int t = threshold > 0 ? threshold : sites.size() / 2 + 1;
        if (t > sites.size()) {
            throw new IllegalArgumentException("paillier threshold t=" + t + " is above the " + sites.size() + " provisioned sites");
        }
        if (bits < PaillierKeys.MIN_BITS) {
            throw new IllegalArgumentException("paillier key of " + bits + " bits is too short: at least " + PaillierKeys.MIN_BITS + " bits");
        }
        ThresholdKeys keys = ThresholdDealer.deal(bits, t, sites.size(), new SecureRandom());
        PaillierKeyFiles.writePublicKey(layout.coordinatorDir().resolve(PUBLIC_KEY), keys.publicKey());
        Properties settings = new Properties();
        settings.setProperty("threshold", Integer.toString(t));
        settings.setProperty("holders", Integer.toString(sites.size()));
        settings.setProperty("sites", String.join(",", sites));
        try (var out = Files.newBufferedWriter(layout.coordinatorDir().resolve(SETTINGS))) {
            settings.store(out, "FedMed threshold Paillier: t of n sites decrypt a sum (not secret)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.coordinatorDir().resolve(SETTINGS), e);
        }
        for (int i = 0; i < sites.size(); i++) {
            PaillierKeyShare share = keys.shares().get(i);
            PaillierKeyFiles.writeKeyShare(layout.kit(sites.get(i)).resolve(SHARE), share);
        }
        return new CoordinatorKey(keys.publicKey(), t, sites.size());
    }

    /** The coordinator's side of a dealt key, or a one-line refusal naming the missing file. */
    public static CoordinatorKey coordinatorKey(FederationLayout layout) {
        Path key = layout.coordinatorDir().resolve(PUBLIC_KEY);
        Path settings = layout.coordinatorDir().resolve(SETTINGS);
        if (!Files.isRegularFile(key) || !Files.isRegularFile(settings)) {
            throw new IllegalArgumentException("secure_aggregation paillier needs the federation's Paillier key: " + key
                    + " is missing (deal it with: fedmed provision paillier --dir " + layout.root() + ")");
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(settings)) {
            p.load(in);
            return new CoordinatorKey(PaillierKeyFiles.readPublicKey(key), Integer.parseInt(p.getProperty("threshold", "")),
                    Integer.parseInt(p.getProperty("holders", "")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + settings, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(settings + ": threshold and holders must be whole numbers");
        }
    }

    /** A site's key share from its kit, or null when the kit holds none. */
    public static PaillierKeyShare share(Path kitDir) {
        Path file = kitDir.resolve(SHARE);
        return Files.isRegularFile(file) ? PaillierKeyFiles.readKeyShare(file) : null;
    }
}
