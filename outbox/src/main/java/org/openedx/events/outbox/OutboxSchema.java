package org.openedx.events.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.openedx.events.outbox.internal.Dialect;

/**
 * The outbox's tables, created and upgraded by the Flyway migrations this module ships
 * ({@code classpath:org/openedx/events/outbox/db/postgresql}, {@code .../db/mysql} for MariaDB
 * and MySQL). They keep their own history table, {@value #HISTORY_TABLE}, so they never mix with
 * the application's migrations; an application that runs Flyway itself may instead add the
 * location to its own.
 */
public final class OutboxSchema {

    /** Flyway's history table of the outbox's migrations. */
    public static final String HISTORY_TABLE = "event_bus_outbox_schema_history";

    private OutboxSchema() {
    }

    /**
     * Applies the migrations the database lacks.
     *
     * @throws OutboxException naming the database when it is not supported or the migration fails
     */
    public static void migrate(DataSource dataSource) {
        Dialect dialect;
        try (Connection connection = dataSource.getConnection()) {
            dialect = Dialect.of(connection);
        } catch (SQLException e) {
            throw new OutboxException("Cannot connect to the outbox's database: " + e.getMessage(), e);
        }
        try {
            Flyway.configure(OutboxSchema.class.getClassLoader()).dataSource(dataSource)
                    .locations(dialect.migrations()).table(HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate();
        } catch (RuntimeException e) {
            throw new OutboxException("Cannot create the outbox's tables: " + e.getMessage(), e);
        }
    }
}
