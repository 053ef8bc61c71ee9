package org.fedmed.net.provision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads and writes PEM files: X.509 certificates, CRLs and PKCS#8 private keys (EC). */
public final class Pem {

    private Pem() {
    }

    public static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    public static void writeCertificate(Path file, X509Certificate cert) {
        try {
            write(file, encode("CERTIFICATE", cert.getEncoded()), false);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void writeCrl(Path file, X509CRL crl) {
        try {
            write(file, encode("X509 CRL", crl.getEncoded()), false);
        } catch (CRLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the key as an unencrypted PKCS#8 PEM readable by the owner only. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        write(file, encode("PRIVATE KEY", key.getEncoded()), true);
    }

    private static void write(Path file, String text, boolean secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            if (secret) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certificate " + file, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a valid certificate: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    public static X509CRL readCrl(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read revocation list " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid revocation list: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = text.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("not a PKCS#8 PEM private key: " + file);
            }
            String b64 = text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(b64);
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid EC private key: " + file, e);
        }
    }
}
