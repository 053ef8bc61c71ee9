package org.fedmed.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold secrets or model state (the coordinator's configuration, which may carry database
 * credentials; the run store's files, which hold every checkpoint) are made readable by their owner
 * only, whatever the umask. On a file system without POSIX permissions nothing is changed.
 */
public final class OwnerOnly {

    private OwnerOnly() {
    }

    /** Sets rw------- on {@code file} if it exists. */
    public static void restrict(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // nothing to restrict with
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " readable by its owner only: " + e.getMessage(), e);
        }
    }

    /** Whether users other than the owner may read {@code file} (false where permissions are not POSIX). */
    public static boolean othersMayRead(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException notPosix) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
        }
    }
}
