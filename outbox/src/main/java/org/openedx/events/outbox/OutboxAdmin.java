package org.openedx.events.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.openedx.events.outbox.internal.OutboxSql;
import org.openedx.events.outbox.internal.UrlDataSource;
import org.openedx.events.settings.InvalidSettingException;
import org.openedx.events.settings.Settings;

/**
 * What tools and metrics ask of the outbox: what waits per topic, its rows, and the handling of
 * parked rows (tried again, or removed on purpose). Only parked rows can be retried or purged:
 * a row a relay may be publishing is never touched.
 */
public final class OutboxAdmin {

    private static final String TABLE = OutboxSql.TABLE;

    private final DataSource dataSource;
    private final Clock clock;

    public OutboxAdmin(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The outbox the settings name ({@code EVENT_BUS_OUTBOX_DATABASE_URL}, {@code _USER}, {@code _PASSWORD}),
     * with a new connection per operation.
     *
     * @throws org.openedx.events.settings.InvalidSettingException naming the URL setting when it is not set
     */
    public static OutboxAdmin fromSettings(Settings settings) {
        String url = settings.get(OutboxSettings.EVENT_BUS_OUTBOX_DATABASE_URL);
        if (url == null || url.isBlank()) {
            throw new InvalidSettingException(OutboxSettings.EVENT_BUS_OUTBOX_DATABASE_URL.name(), "not set; expected "
                    + "the JDBC URL of the outbox's database, e.g. jdbc:postgresql://localhost:5432/lms");
        }
        return new OutboxAdmin(new UrlDataSource(url.trim(), settings.get(OutboxSettings.EVENT_BUS_OUTBOX_DATABASE_USER),
                settings.get(OutboxSettings.EVENT_BUS_OUTBOX_DATABASE_PASSWORD)), Clock.systemUTC());
    }

    /** Each topic with rows waiting, by name. */
    public List<OutboxTopicStatus> status() {
        long now = clock.millis();
        return query("read the outbox's status", "SELECT full_topic, COUNT(*), SUM(CASE WHEN parked THEN 1 ELSE 0 END), "
                + "MIN(created_millis), MAX(attempts) FROM " + TABLE + " GROUP BY full_topic ORDER BY full_topic",
                List.of(), rows -> new OutboxTopicStatus(rows.getString(1), rows.getLong(2), rows.getLong(3),
                        Duration.ofMillis(Math.max(0, now - rows.getLong(4))), rows.getInt(5)));
    }

    /**
     * Rows in order, at most {@code limit}.
     *
     * @param fullTopic  only this topic's, or null for all
     * @param parkedOnly only parked rows
     */
    public List<OutboxRow> list(String fullTopic, boolean parkedOnly, int limit) {
        Filter filter = new Filter(fullTopic, List.of(), parkedOnly);
        return query("list the outbox", "SELECT id, full_topic, event_type, event_id, event_key, created_millis, "
                + "attempts, last_error, parked FROM " + TABLE + filter.where() + " ORDER BY id", filter.values(),
                limit, rows -> new OutboxRow(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), Instant.ofEpochMilli(rows.getLong(6)), rows.getInt(7), rows.getString(8),
                        rows.getBoolean(9)));
    }

    /**
     * Unparks parked rows, with their attempts reset, so that their topic's relay goes on.
     *
     * @param fullTopic only this topic's, or null for all
     * @param ids       only these rows, or empty for all
     * @return the rows unparked
     */
    public int retry(String fullTopic, List<Long> ids) {
        Filter filter = new Filter(fullTopic, ids, true);
        return update("retry parked rows", "UPDATE " + TABLE + " SET parked = FALSE, attempts = 0" + filter.where(),
                filter.values());
    }

    /**
     * Removes parked rows: their events are never published.
     *
     * @param fullTopic only this topic's, or null for all
     * @param ids       only these rows, or empty for all
     * @return the rows removed
     */
    public int purge(String fullTopic, List<Long> ids) {
        Filter filter = new Filter(fullTopic, ids, true);
        return update("purge parked rows", "DELETE FROM " + TABLE + filter.where(), filter.values());
    }

    /** The rows a command applies to. */
    private record Filter(String fullTopic, List<Long> ids, boolean parkedOnly) {
        String where() {
            List<String> conditions = new ArrayList<>();
            if (parkedOnly) {
                conditions.add("parked = TRUE");
            }
            if (fullTopic != null) {
                conditions.add("full_topic = ?");
            }
            if (!ids.isEmpty()) {
                conditions.add("id IN (" + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")");
            }
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        List<Object> values() {
            List<Object> values = new ArrayList<>();
            if (fullTopic != null) {
                values.add(fullTopic);
            }
            values.addAll(ids);
            return values;
        }
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, List<Object> values, RowReader<T> reader) {
        return query(what, sql, values, 0, reader);
    }

    private <T> List<T> query(String what, String sql, List<Object> values, int limit, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = prepare(connection, sql, values)) {
            select.setMaxRows(Math.max(0, limit));
            List<T> result = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    result.add(reader.read(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new OutboxException("Cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private int update(String what, String sql, List<Object> values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = prepare(connection, sql, values)) {
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("Cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> values)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
        return statement;
    }
}
