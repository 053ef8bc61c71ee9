package org.fedmed.net.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.fedmed.net.OwnerOnly;
import org.fedmed.net.provision.FederationLayout;

/**
 * The dashboard's login token: 256 random bits, shown once when made; the coordinator keeps only its
 * SHA-256 (owner-only file), so a copy of the coordinator's directory does not log anyone in. A new
 * token replaces the old one.
 */
public final class DashboardToken {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DashboardToken() {
    }

    /** Makes a new token for the federation in {@code layout}, stores its hash and returns the token. */
    public static String create(FederationLayout layout) {
        if (!Files.isDirectory(layout.coordinatorDir())) {
            throw new IllegalArgumentException(layout.root() + " is not a provisioned federation (no coordinator/ directory)");
        }
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        Path file = layout.dashboardTokenHash();
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            OwnerOnly.restrict(tmp);
            Files.writeString(tmp, hash(token) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return token;
    }

    /** Whether {@code token} is the provisioned one (false when none is provisioned); compared in constant time. */
    static boolean matches(FederationLayout layout, String token) {
        Path file = layout.dashboardTokenHash();
        if (token == null || token.isEmpty() || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            byte[] stored = Files.readString(file, StandardCharsets.US_ASCII).trim().getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(stored, hash(token).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether a token is provisioned at all. */
    public static boolean provisioned(FederationLayout layout) {
        return Files.isRegularFile(layout.dashboardTokenHash());
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
