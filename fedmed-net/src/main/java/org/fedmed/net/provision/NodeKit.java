package org.fedmed.net.provision;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A hospital's startup kit: {@code node.properties} (federation, site id, coordinator address),
 * {@code node.crt} + {@code node.key} (its client certificate and PKCS#8 key) and {@code ca.crt}
 * (the federation CA, the only authority the node trusts for the coordinator).
 */
public record NodeKit(Path dir, String federation, String siteId, String coordinatorHost, int coordinatorPort) {

    public static final String CONFIG = "node.properties";

    public Path certificate() {
        return dir.resolve("node.crt");
    }

    public Path privateKey() {
        return dir.resolve("node.key");
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    public static NodeKit load(Path dir) {
        Path file = dir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a startup kit: " + dir + " has no " + CONFIG);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String address = require(p, "coordinator", file);
        HostPort hp = HostPort.parse(address);
        return new NodeKit(dir, p.getProperty("federation", ""), require(p, "site", file), hp.host(), hp.port());
    }

    private static String require(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(file + ": missing '" + key + "'");
        }
        return v.trim();
    }

    void writeConfig() {
        String text = "# FedMed startup kit: keep node.key secret\n"
                + "federation=" + federation + "\n"
                + "site=" + siteId + "\n"
                + "coordinator=" + coordinatorHost + ":" + coordinatorPort + "\n";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CONFIG), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CONFIG), e);
        }
    }

    /** A host and a port, written {@code host:port}. */
    public record HostPort(String host, int port) {
        public static HostPort parse(String s) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException("address must be host:port, got '" + s + "'");
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1).trim());
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(s.substring(0, colon).trim(), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in address '" + s + "'");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
