package org.fedmed.core.secure.paillier;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Text files for the keys that provisioning hands out: {@code key=value} lines (read as Java
 * properties), big numbers in lower-case hexadecimal, small ones in decimal, a {@code format} line naming the kind and version.
 *
 * <pre>
 * # FedMed Paillier public key (not secret)
 * format=fedmed-paillier-public-key/1
 * n=c5f1...
 *
 * # FedMed threshold Paillier key share: SECRET, for this site only
 * format=fedmed-paillier-key-share/1
 * index=3
 * threshold=2
 * count=5
 * n=c5f1...
 * share=1a2b...
 * </pre>
 *
 * The simple mode's private key ({@code fedmed-paillier-private-key/1}) has {@code p} and {@code q}.
 * Secret files are created readable by the owner only (rw-------) where the file system is POSIX, and
 * every file is written to a temporary sibling and moved into place, so a reader never sees half a key.
 * Messages name the file and the field, never a value.
 */
public final class PaillierKeyFiles {

    static final String PUBLIC_FORMAT = "fedmed-paillier-public-key/1";
    static final String SHARE_FORMAT = "fedmed-paillier-key-share/1";
    static final String PRIVATE_FORMAT = "fedmed-paillier-private-key/1";

    private PaillierKeyFiles() {
    }

    public static void writePublicKey(Path file, PaillierPublicKey key) {
        write(file, "# FedMed Paillier public key (not secret)\nformat=" + PUBLIC_FORMAT + "\nn=" + hex(key.n()) + "\n", false);
    }

    public static PaillierPublicKey readPublicKey(Path file) {
        Properties p = read(file, PUBLIC_FORMAT);
        return new PaillierPublicKey(number(p, "n", file));
    }

    public static void writeKeyShare(Path file, PaillierKeyShare share) {
        write(file, "# FedMed threshold Paillier key share: SECRET, for site " + share.index() + " only\n"
            + "format=" + SHARE_FORMAT + "\n"
            + "index=" + share.index() + "\n"
            + "threshold=" + share.threshold() + "\n"
            + "count=" + share.count() + "\n"
            + "n=" + hex(share.publicKey().n()) + "\n"
            + "share=" + hex(share.secret()) + "\n", true);
    }

    public static PaillierKeyShare readKeyShare(Path file) {
        Properties p = read(file, SHARE_FORMAT);
        PaillierPublicKey key = new PaillierPublicKey(number(p, "n", file));
        return new PaillierKeyShare(integer(p, "index", file), integer(p, "threshold", file), integer(p, "count", file), key,
            number(p, "share", file));
    }

    /** The simple mode's private key (every site holds it; see {@link PaillierPrivateKey}). */
    public static void writePrivateKey(Path file, PaillierPrivateKey key) {
        write(file, "# FedMed Paillier private key: SECRET\nformat=" + PRIVATE_FORMAT + "\np=" + hex(key.p()) + "\nq="
            + hex(key.q()) + "\n", true);
    }

    public static PaillierPrivateKey readPrivateKey(Path file) {
        Properties p = read(file, PRIVATE_FORMAT);
        return new PaillierPrivateKey(number(p, "p", file), number(p, "q", file));
    }

    private static String hex(BigInteger x) {
        return x.toString(16);
    }

    private static void write(Path file, String text, boolean secret) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (secret && Files.getFileStore(parent).supportsFileAttributeView("posix")) {
                // Owner-only from creation on, so the secret is never readable by others, not even briefly.
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("paillier: cannot write key file " + file, e);
        }
    }

    private static Properties read(Path file, String format) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("paillier: cannot read key file " + file, e);
        }
        if (!format.equals(p.getProperty("format"))) {
            throw new IllegalArgumentException("paillier: " + file + " is not a " + format + " file (format line missing or different)");
        }
        return p;
    }

    private static BigInteger number(Properties p, String field, Path file) {
        String v = field(p, field, file);
        // Checked up front rather than by catching NumberFormatException, whose message would quote the secret.
        if (!v.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("paillier: field '" + field + "' of key file " + file + " is not a lower-case hexadecimal number");
        }
        return new BigInteger(v, 16);
    }

    private static String field(Properties p, String field, Path file) {
        String v = p.getProperty(field);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("paillier: key file " + file + " has no field '" + field + "'");
        }
        return v.trim();
    }

    private static int integer(Properties p, String field, Path file) {
        String v = field(p, field, file);
        if (!v.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("paillier: field '" + field + "' of key file " + file + " is not a decimal number below 10^9");
        }
        return Integer.parseInt(v);
    }
}
