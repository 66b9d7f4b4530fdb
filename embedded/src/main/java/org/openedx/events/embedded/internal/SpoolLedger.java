package org.openedx.events.embedded.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.openedx.events.embedded.SpoolEvent;
import org.openedx.events.embedded.SpoolTopicStatus;

/**
 * The spool's record of the events the backend refused: a table of its own in the spool's file,
 * {@code spool_failures}, a row per refused event (its attempts, last error, and whether it is
 * parked), removed with the event. Refusals are rare, so the table stays small and the forwarder
 * reads it every second to learn of events an operator retried or purged. Spool files made before
 * it get the table when opened. Not thread-safe: it uses its store's connection.
 */
public final class SpoolLedger {

    private static final String TABLE = "spool_failures";
    private static final String EVENT_COLUMNS = "m.position, m.topic, m.type, m.id, m.stored_ms, "
            + "coalesce(f.attempts, 0), f.last_error, coalesce(f.parked, 0) FROM messages m LEFT JOIN " + TABLE
            + " f ON f.position = m.position";

    private final SqliteStore store;

    public SpoolLedger(SqliteStore store) {
        this.store = store;
        try (Statement statement = store.connection().createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (position INTEGER PRIMARY KEY, "
                    + "topic TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT, failed_ms INTEGER NOT NULL, "
                    + "parked INTEGER NOT NULL DEFAULT 0)");
        } catch (SQLException e) {
            throw store.failure("create the table " + TABLE + " in", e);
        }
    }

    /** What a refusal made of its event. */
    record Attempt(int attempts, boolean parked) {
    }

    /** Counts a refusal of the event at {@code position}; it is parked once refused {@code maxAttempts} times. */
    Attempt refused(long position, String topic, String error, long nowMillis, int maxAttempts) {
        try (PreparedStatement upsert = store.connection().prepareStatement("INSERT INTO " + TABLE
                + " (position, topic, attempts, last_error, failed_ms, parked) VALUES (?1, ?2, 1, ?3, ?4, 1 >= ?5) "
                + "ON CONFLICT (position) DO UPDATE SET attempts = attempts + 1, last_error = ?3, failed_ms = ?4, "
                + "parked = attempts + 1 >= ?5 RETURNING attempts, parked")) {
            upsert.setLong(1, position);
            upsert.setString(2, topic);
            upsert.setString(3, error);
            upsert.setLong(4, nowMillis);
            upsert.setInt(5, maxAttempts);
            try (ResultSet rs = upsert.executeQuery()) {
                rs.next();
                Attempt attempt = new Attempt(rs.getInt(1), rs.getInt(2) != 0);
                SqliteStore.finish(rs);
                return attempt;
            }
        } catch (SQLException e) {
            throw store.failure("count a refusal of topic '" + topic + "' in", e);
        }
    }

    /** Forgets the refusals of events the backend has now: their rows go with them. */
    void forget(Collection<Long> positions) {
        update("forget refusals in", "DELETE FROM " + TABLE + " WHERE position IN (" + placeholders(positions.size())
                + ")", new ArrayList<>(positions));
    }

    /** Removes the rows of events no longer in the spool, and returns the positions of those still there. */
    List<Long> tidy() {
        update("tidy refusals in", "DELETE FROM " + TABLE + " WHERE position NOT IN (SELECT position FROM messages)",
                List.of());
        return query("read refusals in", "SELECT position FROM " + TABLE, List.of(), 0, rs -> rs.getLong(1));
    }

    /** Each topic with events waiting, by name. */
    public List<SpoolTopicStatus> status(long nowMillis) {
        return query("read the status of", "SELECT m.topic, count(*), coalesce(sum(f.parked), 0), min(m.stored_ms) "
                + "FROM messages m LEFT JOIN " + TABLE + " f ON f.position = m.position GROUP BY m.topic "
                + "ORDER BY m.topic", List.of(), 0, rs -> new SpoolTopicStatus(rs.getString(1), rs.getLong(2),
                rs.getLong(3), Duration.ofMillis(Math.max(0, nowMillis - rs.getLong(4)))));
    }

    /**
     * Events in order, at most {@code limit} (0: all).
     *
     * @param topic      only this topic's, or null for all
     * @param parkedOnly only parked events (read from the small table first)
     */
    public List<SpoolEvent> events(String topic, boolean parkedOnly, int limit) {
        Filter filter = new Filter(topic, List.of(), parkedOnly);
        return query("list the events of", "SELECT " + EVENT_COLUMNS + filter.where("m") + " ORDER BY m.position",
                filter.values(), limit, rs -> new SpoolEvent(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), rs.getInt(6), rs.getString(7),
                        rs.getInt(8) != 0));
    }

    /**
     * Unparks parked events, their attempts reset; the forwarder takes their topics up again.
     *
     * @param topic     only this topic's, or null for all
     * @param positions only these, or empty for all
     * @return the events unparked
     */
    public int retry(String topic, List<Long> positions) {
        Filter filter = new Filter(topic, positions, true);
        return update("retry parked events in", "UPDATE " + TABLE + " SET parked = 0, attempts = 0"
                + filter.where(null), filter.values());
    }

    /**
     * Removes parked events: they are never forwarded.
     *
     * @param topic     only this topic's, or null for all
     * @param positions only these, or empty for all
     * @return the events removed
     */
    public int purge(String topic, List<Long> positions) {
        Filter filter = new Filter(topic, positions, true);
        String parked = "SELECT position FROM " + TABLE + filter.where(null);
        return store.inTransaction("purge parked events from", () -> {
            int removed = execute("DELETE FROM messages WHERE position IN (" + parked + ")", filter.values());
            execute("DELETE FROM " + TABLE + " WHERE position IN (" + parked + ")", filter.values());
            return removed;
        });
    }

    /** The events a command applies to. */
    private record Filter(String topic, List<Long> positions, boolean parkedOnly) {
        /** The condition on the ledger's columns, or on those of its rows joined as {@code f} to {@code alias}. */
        String where(String alias) {
            String prefix = alias == null ? "" : alias + ".";
            List<String> conditions = new ArrayList<>();
            if (parkedOnly) {
                conditions.add((alias == null ? "" : "f.") + "parked = 1");
            }
            if (topic != null) {
                conditions.add(prefix + "topic = ?");
            }
            if (!positions.isEmpty()) {
                conditions.add(prefix + "position IN (" + placeholders(positions.size()) + ")");
            }
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        List<Object> values() {
            List<Object> values = new ArrayList<>();
            if (topic != null) {
                values.add(topic);
            }
            values.addAll(positions);
            return values;
        }
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, List<Object> values, int limit, RowReader<T> reader) {
        try (PreparedStatement select = prepare(sql, values)) {
            select.setMaxRows(Math.max(0, limit));
            List<T> result = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    result.add(reader.read(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw store.failure(what, e);
        }
    }

    private int update(String what, String sql, List<Object> values) {
        try {
            return execute(sql, values);
        } catch (SQLException e) {
            throw store.failure(what, e);
        }
    }

    private int execute(String sql, List<Object> values) throws SQLException {
        try (PreparedStatement statement = prepare(sql, values)) {
            return statement.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql, List<Object> values) throws SQLException {
        PreparedStatement statement = store.connection().prepareStatement(sql);
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
        return statement;
    }
}
