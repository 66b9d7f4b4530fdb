package org.openedx.events.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openedx.events.EventsMetadata;
import org.openedx.events.bus.TransactionHook;
import org.openedx.events.outbox.JdbcOutbox;
import org.openedx.events.outbox.OutboxSchema;
import org.openedx.events.wire.EventEnvelope;
import org.openedx.events.wire.StoredEvent;
import org.postgresql.ds.PGSimpleDataSource;

/** {@code openedx-events outbox} on an outbox of its own in the PostgreSQL at 127.0.0.1:5432. */
@Tag("integration")
class OutboxCommandTest {

    private static final String HOST = System.getProperty("openedx.events.test.postgres.host", "127.0.0.1:5432");
    private static final String DATABASE = "outbox_cli_" + UUID.randomUUID().toString().substring(0, 8);
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void createOutbox() throws Exception {
        execute("jdbc:postgresql://" + HOST + "/postgres", "CREATE DATABASE " + DATABASE);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url());
        dataSource.setUser("postgres");
        OutboxSchema.migrate(dataSource);
        JdbcOutbox outbox = JdbcOutbox.create(dataSource, TransactionHook.NONE);
        for (String topic : List.of("dev-logins", "dev-logins", "dev-courses")) {
            EventsMetadata metadata = EventsMetadata.builder("org.openedx.test.v1").id(UUID.randomUUID())
                    .source("openedx/test/web").sourcehost("host").sourcelib(List.of(1, 0, 0))
                    .time(OffsetDateTime.now(ZoneOffset.UTC)).build();
            outbox.write(new StoredEvent(topic.substring(4), topic, null, new EventEnvelope(metadata, null, new byte[] {2})));
        }
    }

    /** Row 1 parked after 10 attempts, the others waiting. */
    @BeforeEach
    void parkTheFirstRow() throws Exception {
        execute(url(), "UPDATE event_bus_outbox SET parked = (id = 1), attempts = CASE WHEN id = 1 THEN 10 ELSE 0 END, "
                + "last_error = CASE WHEN id = 1 THEN 'refused' END");
    }

    @AfterAll
    static void dropOutbox() throws Exception {
        execute("jdbc:postgresql://" + HOST + "/postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    private static String url() {
        return "jdbc:postgresql://" + HOST + "/" + DATABASE;
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, "postgres", null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String settings(Path dir) throws Exception {
        Path file = dir.resolve("settings.yml");
        Files.writeString(file, "EVENT_BUS_OUTBOX_DATABASE_URL: " + url() + "\nEVENT_BUS_OUTBOX_DATABASE_USER: postgres\n"
                + "EVENT_BUS_OUTBOX_DATABASE_PASSWORD: hunter2\n");
        return file.toString();
    }

    @Test
    void statusShowsRowsAndParkedRowsPerTopic(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("--settings", settings(dir), "outbox", "status");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("dev-courses\\s+1\\s+0\\s+[0-9.]+ s\\s+0")
                .containsPattern("dev-logins\\s+2\\s+1\\s+[0-9.]+ s\\s+10")
                .contains("2 topic(s), 3 row(s) waiting, 1 parked");
    }

    @Test
    void listShowsParkedRowsWithTheirError(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("--settings", settings(dir), "outbox", "list", "--parked", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"id\" : 1,").contains("\"last_error\" : \"refused\"")
                .contains("\"topic\" : \"dev-logins\"").doesNotContain("dev-courses");
    }

    @Test
    void retryAndPurgeNeedRowsNamedAndTouchOnlyParkedRows(@TempDir Path dir) throws Exception {
        String file = settings(dir);
        CliRun unnamed = CliRun.of("--settings", file, "outbox", "purge");
        assertThat(unnamed.exitCode()).isEqualTo(2);
        assertThat(unnamed.err()).contains("Name the parked rows: IDs, --topic TOPIC or --all");

        CliRun notParked = CliRun.of("--settings", file, "outbox", "purge", "2", "3");
        assertThat(notParked.out()).contains("0 parked row(s) removed");

        CliRun retried = CliRun.of("--settings", file, "outbox", "retry", "--topic", "dev-logins");
        assertThat(retried.exitCode()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("1 parked row(s) will be tried again");
        assertThat(CliRun.of("--settings", file, "outbox", "status").out()).contains("3 row(s) waiting, 0 parked");
    }

    @Test
    void withoutADatabaseUrlTheErrorNamesTheSetting() {
        CliRun run = CliRun.of("outbox", "status");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("openedx-events: error: Invalid setting EVENT_BUS_OUTBOX_DATABASE_URL");
    }
}
