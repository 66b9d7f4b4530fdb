package org.openedx.events.examples.enrollments;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A PostgreSQL database of one test class's own on the development and CI server
 * (127.0.0.1:5432, user postgres, trust authentication), created empty and dropped at the end.
 */
final class TestDatabase implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    static TestDatabase create(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    String url() {
        return SERVER + name;
    }

    /** How many enrollment rows there are, or -1 before the schema exists. */
    long count(String where) {
        try (Connection connection = DriverManager.getConnection(url(), USER, "");
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM enrollment WHERE " + where)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return -1;
            }
            throw new IllegalStateException(e);
        }
    }

    /** Enrolls users {@code 1..users} in the course, active, named {@link #username}. */
    void enroll(String courseKey, int users) {
        try (Connection connection = DriverManager.getConnection(url(), USER, "");
             var insert = connection.prepareStatement("INSERT INTO enrollment (user_id, course_key, username, mode, "
                     + "is_active, as_of) VALUES (?, ?, ?, 'audit', TRUE, now() - interval '1 day')")) {
            for (int user = 1; user <= users; user++) {
                insert.setLong(1, user);
                insert.setString(2, courseKey);
                insert.setString(3, username(user));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The username of user {@code id}: fixed width, so that no username is part of another. */
    static String username(long id) {
        return String.format(Locale.ROOT, "learner-%06d", id);
    }

    /** The rows of the event bus's outbox table. */
    long outboxRows() {
        try (Connection connection = DriverManager.getConnection(url(), USER, "");
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT count(*) FROM event_bus_outbox")) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " (user " + USER + "): " + e.getMessage(), e);
        }
    }
}
