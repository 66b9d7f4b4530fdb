package org.openedx.events.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of its own for one test class, on the PostgreSQL at 127.0.0.1:5432 (user postgres)
 * or the MariaDB at 127.0.0.1:3306 (root), with the outbox's tables; dropped on close.
 * {@code -Dopenedx.events.test.postgres.host=...} and {@code ...mariadb.host} name other hosts.
 */
final class TestDatabase implements AutoCloseable {

    private static final String POSTGRES_HOST = System.getProperty("openedx.events.test.postgres.host", "127.0.0.1:5432");
    private static final String MARIADB_HOST = System.getProperty("openedx.events.test.mariadb.host", "127.0.0.1:3306");

    private final String adminUrl;
    private final String user;
    private final String name;
    private final String url;
    private final DataSource dataSource;

    private TestDatabase(String adminUrl, String user, String name, String url, DataSource dataSource) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.name = name;
        this.url = url;
        this.dataSource = dataSource;
    }

    static String uniqueName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    static TestDatabase postgres(String prefix) {
        return migrated(emptyPostgres(prefix));
    }

    /** A PostgreSQL database without the outbox's tables, for a test that migrates it itself. */
    static TestDatabase emptyPostgres(String prefix) {
        String name = uniqueName(prefix);
        String adminUrl = "jdbc:postgresql://" + POSTGRES_HOST + "/postgres";
        execute(adminUrl, "postgres", "CREATE DATABASE " + name);
        String url = "jdbc:postgresql://" + POSTGRES_HOST + "/" + name;
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser("postgres");
        return new TestDatabase(adminUrl, "postgres", name, url, dataSource);
    }

    static TestDatabase mariadb(String prefix) {
        String name = uniqueName(prefix);
        String adminUrl = "jdbc:mariadb://" + MARIADB_HOST + "/";
        execute(adminUrl, "root", "CREATE DATABASE " + name);
        String url = "jdbc:mariadb://" + MARIADB_HOST + "/" + name;
        try {
            MariaDbDataSource dataSource = new MariaDbDataSource(url);
            dataSource.setUser("root");
            return migrated(new TestDatabase(adminUrl, "root", name, url, dataSource));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestDatabase migrated(TestDatabase database) {
        OutboxSchema.migrate(database.dataSource);
        return database;
    }

    private static void execute(String url, String user, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' at " + url + ": " + e.getMessage(), e);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL, for a child process. */
    String url() {
        return url;
    }

    String user() {
        return user;
    }

    /** The number of rows of a table. */
    long count(String table) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The outbox's rows of the topics that start with {@code prefix}. */
    long outboxRows(String prefix) {
        try (Connection connection = dataSource.getConnection();
             var count = connection.prepareStatement("SELECT COUNT(*) FROM event_bus_outbox WHERE full_topic LIKE ?")) {
            count.setString(1, prefix + "-%");
            try (var rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        execute(adminUrl, user, adminUrl.startsWith("jdbc:postgresql") ? "DROP DATABASE IF EXISTS " + name
                + " WITH (FORCE)" : "DROP DATABASE IF EXISTS " + name);
    }
}
