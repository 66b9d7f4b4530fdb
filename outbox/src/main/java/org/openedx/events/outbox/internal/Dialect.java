package org.openedx.events.outbox.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.openedx.events.outbox.OutboxException;

/** What differs between the databases the outbox supports: the migrations' folder and one statement. */
public enum Dialect {
    POSTGRESQL("postgresql", "INSERT INTO event_bus_outbox_topic (full_topic) VALUES (?) ON CONFLICT DO NOTHING"),
    MYSQL("mysql", "INSERT IGNORE INTO event_bus_outbox_topic (full_topic) VALUES (?)");

    private final String folder;
    private final String insertTopic;

    Dialect(String folder, String insertTopic) {
        this.folder = folder;
        this.insertTopic = insertTopic;
    }

    /** The Flyway location of this database's migrations. */
    public String migrations() {
        return "classpath:org/openedx/events/outbox/db/" + folder;
    }

    /** Adds a topic's row unless it is there, without failing the surrounding transaction. */
    public String insertTopic() {
        return insertTopic;
    }

    /**
     * The dialect of the connection's database.
     *
     * @throws OutboxException naming the database when it is not one the outbox supports
     */
    public static Dialect of(Connection connection) {
        String product;
        try {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new OutboxException("Cannot tell the outbox's database: " + e.getMessage(), e);
        }
        String name = product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MYSQL;
        }
        throw new OutboxException("The outbox supports PostgreSQL, MariaDB and MySQL, not " + product, null);
    }
}
