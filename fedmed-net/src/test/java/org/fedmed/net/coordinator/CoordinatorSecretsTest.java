package org.fedmed.net.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.fedmed.net.provision.Provisioner;
import org.fedmed.net.store.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database credentials out of the configuration file and of the command line; secret and state files owner-only. */
class CoordinatorSecretsTest {

    private static Map<String, Object> config(String key, Object value) {
        return Map.of("provisioning", "fed", key, value, "study", Map.of("dataset", "wdbc", "sites", 2));
    }

    @Test
    void theDatabaseUrlComesFromAnOwnerOnlyFileOrAnEnvironmentVariable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("db-url");
        Files.writeString(file, "jdbc:postgresql://db/fedmed?user=fedmed&password=s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("jdbc:postgresql://db/fedmed?user=fedmed&password=s3cret",
                CoordinatorConfig.fromMap(config("db_file", "db-url"), dir).jdbcUrl(null));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> CoordinatorConfig.fromMap(config("db_file", "db-url"), dir));
        assertTrue(open.getMessage().contains("other users may read it: chmod 600 " + file), open.getMessage());

        // PATH is set in every test environment: the variable's value is the URL
        assertEquals(System.getenv("PATH"), CoordinatorConfig.fromMap(config("db_env", "PATH"), dir).jdbcUrl(null));
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> CoordinatorConfig.fromMap(config("db_env", "FEDMED_NO_SUCH_VARIABLE_42"), dir));
        assertTrue(unset.getMessage().contains("db_env names the environment variable FEDMED_NO_SUCH_VARIABLE_42, which is not set"),
                unset.getMessage());

        Map<String, Object> both = Map.of("provisioning", "fed", "db", "jdbc:h2:mem:x", "db_env", "PATH");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CoordinatorConfig.fromMap(both, dir)).getMessage()
                .contains("give one of"));
    }

    @Test
    void theProvisionedConfigurationAndTheH2StoreAreOwnerOnly(@TempDir Path dir) throws Exception {
        Provisioner p = new Provisioner(dir.resolve("fed"));
        p.create("test", List.of("a"), "localhost", 7443, List.of());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.layout().coordinatorConfig())));
        Path base = dir.resolve("state").resolve("fedmed");
        try (RunStore store = RunStore.open("jdbc:h2:file:" + base.toAbsolutePath())) {
            store.bindStudy("test", "test", 1);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(base + ".mv.db"))));
    }
}
