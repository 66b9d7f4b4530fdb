package org.openedx.events.outbox.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openedx.events.bus.spi.EncodedEvent;
import org.openedx.events.wire.EventEnvelope;
import org.openedx.events.wire.MetadataCodec;
import org.openedx.events.wire.StoredEvent;

/**
 * The outbox table's statements. The metadata is kept as the bare fields every backend's
 * envelope is made of ({@link MetadataCodec#BARE_FIELDS}), one column each, and the trace
 * context as the two W3C fields every backend carries ({@code traceparent}, {@code tracestate}).
 */
public final class OutboxSql {

    public static final String TABLE = "event_bus_outbox";
    public static final String TOPICS = "event_bus_outbox_topic";

    private static final String INSERT = "INSERT INTO " + TABLE + " (topic, full_topic, event_key_field, event_key, "
            + "event_type, event_id, source, event_time, minorversion, sourcehost, sourcelib, event_data, "
            + "created_millis, traceparent, tracestate) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String EVENT_COLUMNS = "id, topic, full_topic, event_key_field, event_key, event_type, "
            + "event_id, source, event_time, minorversion, sourcehost, sourcelib, event_data, attempts, parked, "
            + "traceparent, tracestate";
    private static final String BATCH = "SELECT " + EVENT_COLUMNS + " FROM " + TABLE
            + " WHERE full_topic = ? ORDER BY id";
    private static final String LOCK_TOPIC = "SELECT full_topic FROM " + TOPICS
            + " WHERE full_topic = ? FOR UPDATE SKIP LOCKED";
    private static final String LIST_TOPICS = "SELECT full_topic FROM " + TOPICS + " ORDER BY full_topic";
    private static final String DELETE_UP_TO = "DELETE FROM " + TABLE + " WHERE full_topic = ? AND id <= ?";
    private static final String FAILED = "UPDATE " + TABLE + " SET attempts = ?, last_error = ?, parked = ? WHERE id = ?";
    private static final int MAX_ERROR_LENGTH = 4000;

    /** One row as the relay reads it. */
    public record Row(long id, StoredEvent event, int attempts, boolean parked) {
    }

    private OutboxSql() {
    }

    /** Writes one event; {@code createdMillis} by the writer's clock. */
    public static void insert(Connection connection, StoredEvent event, long createdMillis) throws SQLException {
        Map<String, String> fields = MetadataCodec.BARE_FIELDS.toFields(event.envelope().metadata());
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, event.topic());
            insert.setString(2, event.fullTopic());
            insert.setString(3, event.eventKeyField());
            insert.setString(4, event.envelope().key());
            insert.setString(5, fields.get("type"));
            insert.setString(6, fields.get("id"));
            insert.setString(7, fields.get("source"));
            insert.setString(8, fields.get("time"));
            insert.setInt(9, Integer.parseInt(fields.get("minorversion")));
            insert.setString(10, fields.get("sourcehost"));
            insert.setString(11, fields.get("sourcelib"));
            insert.setBytes(12, event.envelope().eventData());
            insert.setLong(13, createdMillis);
            insert.setString(14, event.traceContext().get(EncodedEvent.TRACEPARENT));
            insert.setString(15, event.traceContext().get(EncodedEvent.TRACESTATE));
            insert.executeUpdate();
        }
    }

    /** Adds the topic's row unless it is there. */
    public static void registerTopic(Connection connection, Dialect dialect, String fullTopic) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(dialect.insertTopic())) {
            insert.setString(1, fullTopic);
            insert.executeUpdate();
        }
    }

    /** Every topic that has, or had, rows. */
    public static List<String> topics(Connection connection) throws SQLException {
        List<String> topics = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(LIST_TOPICS);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                topics.add(rows.getString(1));
            }
        }
        return topics;
    }

    /**
     * Locks the topic for this transaction, unless another transaction holds it: then false at
     * once, and that relay goes on with the topic.
     */
    public static boolean lockTopic(Connection connection, String fullTopic) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_TOPIC)) {
            lock.setString(1, fullTopic);
            try (ResultSet rows = lock.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The topic's first rows in order. */
    public static List<Row> batch(Connection connection, String fullTopic, int size) throws SQLException {
        List<Row> batch = new ArrayList<>(Math.min(size, 1000));
        try (PreparedStatement select = connection.prepareStatement(BATCH)) {
            select.setString(1, fullTopic);
            select.setMaxRows(size);
            select.setFetchSize(size);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batch.add(row(rows));
                }
            }
        }
        return batch;
    }

    private static Row row(ResultSet rows) throws SQLException {
        Map<String, String> fields = Map.of("type", rows.getString("event_type"), "id", rows.getString("event_id"),
                "source", rows.getString("source"), "time", rows.getString("event_time"),
                "minorversion", Integer.toString(rows.getInt("minorversion")),
                "sourcehost", rows.getString("sourcehost"), "sourcelib", rows.getString("sourcelib"));
        EventEnvelope envelope = new EventEnvelope(MetadataCodec.BARE_FIELDS.fromFields(fields::get, true),
                rows.getString("event_key"), rows.getBytes("event_data"));
        StoredEvent event = new StoredEvent(rows.getString("topic"), rows.getString("full_topic"),
                rows.getString("event_key_field"), envelope, traceContext(rows));
        return new Row(rows.getLong("id"), event, rows.getInt("attempts"), rows.getBoolean("parked"));
    }

    /** The row's trace context: none when its send was not traced or the row predates the columns. */
    private static Map<String, String> traceContext(ResultSet rows) throws SQLException {
        String parent = rows.getString("traceparent");
        if (parent == null) {
            return Map.of();
        }
        Map<String, String> context = new LinkedHashMap<>(4);
        context.put(EncodedEvent.TRACEPARENT, parent);
        String state = rows.getString("tracestate");
        if (state != null) {
            context.put(EncodedEvent.TRACESTATE, state);
        }
        return context;
    }

    /** Removes the topic's rows up to {@code lastId}, the ones the broker confirmed. */
    public static int deleteUpTo(Connection connection, String fullTopic, long lastId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_UP_TO)) {
            delete.setString(1, fullTopic);
            delete.setLong(2, lastId);
            return delete.executeUpdate();
        }
    }

    /** Records a failed attempt at a row, parking it when {@code park}. */
    public static void failed(Connection connection, long id, int attempts, String error, boolean park)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(FAILED)) {
            update.setInt(1, attempts);
            update.setString(2, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH - 3) + "..."
                    : error);
            update.setBoolean(3, park);
            update.setLong(4, id);
            update.executeUpdate();
        }
    }
}
