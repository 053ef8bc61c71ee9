package org.fedmed.net.trail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.fedmed.core.trail.AuditTrail;
import org.fedmed.core.trail.ChainEntry;
import org.fedmed.net.OwnerOnly;

/**
 * A chain kept as an append-only JSON-lines file, owner-only: a node's record of what it released.
 * Each entry is one write of one line, forced to disk before the release it records leaves the node.
 */
public final class ChainFile implements AuditTrail.Store {

    /** The node chain's file name in a startup kit. */
    public static final String NODE_CHAIN = "audit-chain.jsonl";

    private final Path file;

    public ChainFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public List<ChainEntry> readAll() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return ChainLines.parseOrFail(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void append(ChainEntry e) {
        try {
            if (!Files.exists(file)) {
                // created owner-only before the first byte is written
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (UnsupportedOperationException notPosix) {
            OwnerOnly.restrict(file);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot create the audit chain " + file + ": " + ex.getMessage(), ex);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer line = ByteBuffer.wrap((e.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                ch.write(line);
            }
            ch.force(false);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to the audit chain " + file + ": " + ex.getMessage(), ex);
        }
    }
}
