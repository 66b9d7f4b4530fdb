package org.openedx.events.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.embedded.EmbeddedBusException;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Settings;

/** The store's files: who may read them, and what a full file system is reported as (issue 17). */
class SqliteStoreFilesTest {

    @TempDir
    Path dir;

    private static EmbeddedSettings settings(Path store, Object... more) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("EVENT_BUS_EMBEDDED_PATH", store.toString());
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return EmbeddedSettings.from(Settings.of(values));
    }

    private static Map<String, String> metadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String field : org.openedx.events.wire.MetadataCodec.BARE_FIELDS.names()) {
            metadata.put(field, field + "-value");
        }
        return metadata;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** The files the store has while it is open, with a message in its log. */
    private static Map<String, String> modesWhileOpen(EmbeddedSettings settings) throws IOException {
        Path db = settings.path();
        try (SqliteStore store = new SqliteStore(settings)) {
            store.append("t", metadata(), "key", "jane@example.com".getBytes(StandardCharsets.UTF_8), 1, null);
            Map<String, String> modes = new LinkedHashMap<>();
            for (Path file : new Path[] {db, Path.of(db + "-wal"), Path.of(db + "-shm")}) {
                modes.put(file.getFileName().toString(), mode(file));
            }
            return modes;
        }
    }

    @Test
    void theStoresFilesAndTheDirectoriesItCreatesAreTheOwnersOnlyUnderTheUsualUmask() throws IOException {
        // The umask of this JVM (022 here, as usual): what an ordinary new file gets.
        Path plain = Files.createFile(dir.resolve("plain"));
        assertThat(mode(plain)).as("this test expects a umask that leaves files world-readable")
                .isEqualTo("rw-r--r--");
        Path db = dir.resolve("state/openedx-events/bus.db");

        assertThat(modesWhileOpen(settings(db))).containsExactly(Map.entry("bus.db", "rw-------"),
                Map.entry("bus.db-wal", "rw-------"), Map.entry("bus.db-shm", "rw-------"));
        assertThat(mode(dir.resolve("state/openedx-events"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("state"))).isEqualTo("rwx------");
        assertThat(mode(dir)).as("a directory that was there is left alone").isEqualTo(mode(dir));
    }

    @Test
    void aModeTheUserAsksForIsGivenExactlyEvenWhereTheUmaskWouldTakeBitsOff() throws IOException {
        Path db = dir.resolve("shared/bus.db");
        assertThat(modesWhileOpen(settings(db, "EVENT_BUS_EMBEDDED_FILE_MODE", "0660"))).containsExactly(
                Map.entry("bus.db", "rw-rw----"), Map.entry("bus.db-wal", "rw-rw----"),
                Map.entry("bus.db-shm", "rw-rw----"));
        assertThat(mode(dir.resolve("shared"))).isEqualTo("rwxrwx---");
        assertThat(modesWhileOpen(settings(dir.resolve("other/bus.db"), "EVENT_BUS_EMBEDDED_FILE_MODE", "644")))
                .containsEntry("bus.db", "rw-r--r--").containsEntry("bus.db-wal", "rw-r--r--");
        assertThat(mode(dir.resolve("other"))).isEqualTo("rwxr-xr-x");
    }

    @Test
    void anExistingStoreKeepsTheModeItHas() throws IOException {
        Path db = dir.resolve("bus.db");
        new SqliteStore(settings(db)).close();
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(modesWhileOpen(settings(db))).containsEntry("bus.db", "rw-r-----")
                .containsEntry("bus.db-wal", "rw-r-----").containsEntry("bus.db-shm", "rw-r-----");
    }

    @Test
    void aModeThatIsNotOctalOrLocksTheOwnerOutIsRefusedByName() {
        for (String bad : new String[] {"rw-------", "0800", "600o", "01600", "0400", "0200", ""}) {
            assertThatThrownBy(() -> settings(dir.resolve("bus.db"), "EVENT_BUS_EMBEDDED_FILE_MODE", bad))
                    .as(bad).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("EVENT_BUS_EMBEDDED_FILE_MODE");
        }
        assertThat(settings(dir.resolve("bus.db")).fileMode())
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(settings(dir.resolve("bus.db"), "EVENT_BUS_EMBEDDED_FILE_MODE", "0755").fileMode())
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aFileSystemWithoutRoomIsNamedAsSuch() {
        assertThat(SqliteStore.spaceProblem(0)).isEqualTo("the file system has no space left (0 bytes free)");
        assertThat(SqliteStore.spaceProblem(40_960)).isEqualTo("the file system has no space left (40960 bytes free)");
        assertThat(SqliteStore.spaceProblem(SqliteStore.NEARLY_FULL_BYTES)).isNull();
        // This test's own directory has room (or the tests would not run): an I/O error there is left as it is.
        assertThat(SqliteStore.spaceProblem(dir.resolve("missing/bus.db"))).isNull();
    }

    /**
     * A real full file system: a 512 KiB tmpfs (mounting one needs root, which this machine's
     * tests and CI have), filled to the last byte. Opening a store there, and writing to one
     * there, fail with SQLite's I/O error, which the message puts down to the full disk, naming
     * the file and the setting.
     */
    @Test
    void aFullFileSystemIsReportedAsFullWhenOpeningAndWhenWriting() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        mountTmpfs(small, "512k");
        try {
            Path writing = small.resolve("writing.db");
            try (SqliteStore store = new SqliteStore(settings(writing))) {
                fill(small.resolve("filler"));
                byte[] big = new byte[256 * 1024];
                assertThatThrownBy(() -> store.append("t", metadata(), "k", big, 1, null))
                        .isInstanceOf(EmbeddedBusException.class)
                        .hasMessageContaining("Cannot append to topic 't' in the embedded store " + writing
                                + " (EVENT_BUS_EMBEDDED_PATH): the file system has no space left (")
                        .hasMessageContaining(" bytes free); ").hasMessageContaining("SQLITE_FULL");
                // Refused, not reported stored and lost: SQLite commits when the statement finishes.
                assertThat(store.read("t", 0, 10)).isEmpty();
            }
            Path opening = small.resolve("opening/bus.db");
            assertThatThrownBy(() -> new SqliteStore(settings(opening)).close())
                    .isInstanceOf(EmbeddedBusException.class)
                    .hasMessageContaining("Cannot open the embedded store " + opening
                            + " (EVENT_BUS_EMBEDDED_PATH): the file system has no space left (");
        } finally {
            unmount(small);
        }
    }

    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
    }

    private static void mountTmpfs(Path where, String size) throws Exception {
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", where.toString());
        if (output != null) {
            Assumptions.abort("cannot mount a " + size + " tmpfs to fill (needs root and CAP_SYS_ADMIN): " + output);
        }
    }

    private static void unmount(Path where) throws Exception {
        String output = run("umount", where.toString());
        if (output != null) {
            // Still busy: detach it, so that nothing is left mounted under the temporary directory.
            run("umount", "-l", where.toString());
            throw new AssertionError("a file was left open on the full file system: " + output);
        }
    }

    /** Runs a command; returns null when it succeeded, else what it printed. */
    private static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return command[0] + " did not finish";
        }
        return process.exitValue() == 0 ? null : command[0] + " exited " + process.exitValue() + ": " + output;
    }
}
