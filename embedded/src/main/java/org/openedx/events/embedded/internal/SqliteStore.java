package org.openedx.events.embedded.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.openedx.events.embedded.EmbeddedBusException;
import org.openedx.events.embedded.EmbeddedSettings;
import org.openedx.events.wire.MetadataCodec;

/**
 * One connection to the embedded store: a SQLite file in WAL mode that several processes
 * share. Messages carry the same envelope as the broker backends (metadata fields by their
 * bare names, the key and the Avro bytes) and get an increasing position. Each consumer
 * group has a committed position per topic and a lease, so that consumers of one group
 * take turns and never handle the same message unless one of them died while holding it.
 * Not thread-safe: each producer and consumer owns one.
 */
public final class SqliteStore implements AutoCloseable {

    private static final List<String> FIELDS = MetadataCodec.BARE_FIELDS.names();
    /** How long a refused consumer keeps its claim to the next turn without asking again. */
    private static final long WAITER_MILLIS = 200;
    /** The most messages one retention pass removes. */
    private static final int TRIM_STEP = 5_000;

    private final Path path;
    private final Connection connection;
    private final PreparedStatement insert;

    public SqliteStore(EmbeddedSettings settings) {
        this.path = settings.path().toAbsolutePath();
        try {
            Path parent = path.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            connection = DriverManager.getConnection("jdbc:sqlite:" + path);
            try (Statement statement = connection.createStatement()) {
                BusyHandler.setHandler(connection, new ShortWaits());
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = " + (settings.fullSync() ? "FULL" : "NORMAL"));
                statement.execute("CREATE TABLE IF NOT EXISTS messages ("
                        + "position INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, "
                        + "type TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, time TEXT NOT NULL, "
                        + "minorversion TEXT NOT NULL, sourcehost TEXT NOT NULL, sourcelib TEXT NOT NULL, "
                        + "event_key TEXT, event_data BLOB NOT NULL, stored_ms INTEGER NOT NULL)");
                statement.execute("CREATE INDEX IF NOT EXISTS messages_by_topic ON messages (topic, position)");
                statement.execute("CREATE TABLE IF NOT EXISTS consumer_groups (topic TEXT NOT NULL, "
                        + "group_id TEXT NOT NULL, committed INTEGER NOT NULL, lease_owner TEXT, "
                        + "lease_expires_ms INTEGER NOT NULL DEFAULT 0, waiter TEXT, waiter_expires_ms INTEGER NOT NULL DEFAULT 0, "
                        + "PRIMARY KEY (topic, group_id))");
            }
            insert = connection.prepareStatement("INSERT INTO messages (topic, " + String.join(", ", FIELDS)
                    + ", event_key, event_data, stored_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        } catch (SQLException | IOException e) {
            throw failure("open", e);
        }
    }

    /** A stored message. */
    public record StoredMessage(long position, String topic, Map<String, String> metadataFields, String key,
                                byte[] eventData, long storedMillis) {
    }

    /** Appends one message; durable when this returns. */
    public void append(String topic, Map<String, String> metadataFields, String key, byte[] eventData) {
        try {
            insert.setString(1, topic);
            for (int i = 0; i < FIELDS.size(); i++) {
                insert.setString(i + 2, metadataFields.get(FIELDS.get(i)));
            }
            insert.setString(9, key);
            insert.setBytes(10, eventData);
            insert.setLong(11, System.currentTimeMillis());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw failure("append to topic '" + topic + "' in", e);
        }
    }

    /** Messages of a topic after a position, oldest first. */
    public List<StoredMessage> read(String topic, long after, int limit) {
        try (PreparedStatement query = connection.prepareStatement("SELECT position, " + String.join(", ", FIELDS)
                + ", event_key, event_data, stored_ms FROM messages WHERE topic = ? AND position > ? "
                + "ORDER BY position LIMIT ?")) {
            query.setString(1, topic);
            query.setLong(2, after);
            query.setInt(3, limit);
            List<StoredMessage> messages = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> fields = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < FIELDS.size(); i++) {
                        fields.put(FIELDS.get(i), rs.getString(i + 2));
                    }
                    messages.add(new StoredMessage(rs.getLong(1), topic, fields, rs.getString(9), rs.getBytes(10),
                            rs.getLong(11)));
                }
            }
            return messages;
        } catch (SQLException e) {
            throw failure("read topic '" + topic + "' from", e);
        }
    }

    /**
     * Takes the group's lease when it is free, expired or already ours, creating the group
     * at {@code startAfter} when it is new; returns the committed position, or -1 when another
     * consumer holds the lease. A consumer that is refused becomes the group's waiter for a
     * moment, and the lease goes to the waiter next, so that consumers of a group take turns.
     */
    public long acquire(String topic, String group, String owner, long leaseMillis, long startAfter) {
        return inTransaction("lease group '" + group + "' of topic '" + topic + "' in", () -> {
            long now = System.currentTimeMillis();
            try (PreparedStatement create = connection.prepareStatement("INSERT OR IGNORE INTO consumer_groups "
                    + "(topic, group_id, committed) VALUES (?, ?, ?)")) {
                create.setString(1, topic);
                create.setString(2, group);
                create.setLong(3, startAfter);
                create.executeUpdate();
            }
            try (PreparedStatement take = connection.prepareStatement("UPDATE consumer_groups SET lease_owner = ?1, "
                    + "lease_expires_ms = ?2, waiter = CASE WHEN waiter = ?1 THEN NULL ELSE waiter END "
                    + "WHERE topic = ?3 AND group_id = ?4 "
                    + "AND (lease_owner IS NULL OR lease_owner = ?1 OR lease_expires_ms < ?5) "
                    + "AND (waiter IS NULL OR waiter = ?1 OR waiter_expires_ms < ?5)")) {
                take.setString(1, owner);
                take.setLong(2, now + leaseMillis);
                take.setString(3, topic);
                take.setString(4, group);
                take.setLong(5, now);
                if (take.executeUpdate() == 1) {
                    return committed(topic, group);
                }
            }
            try (PreparedStatement wait = connection.prepareStatement("UPDATE consumer_groups SET waiter = ?1, "
                    + "waiter_expires_ms = ?2 WHERE topic = ?3 AND group_id = ?4 "
                    + "AND (waiter IS NULL OR waiter = ?1 OR waiter_expires_ms < ?5)")) {
                wait.setString(1, owner);
                wait.setLong(2, now + WAITER_MILLIS);
                wait.setString(3, topic);
                wait.setString(4, group);
                wait.setLong(5, now);
                wait.executeUpdate();
            }
            return -1L;
        });
    }

    /** What a commit found. */
    public enum Commit {
        /** The position is committed and the lease renewed (or released, when asked). */
        DONE,
        /** The position is committed and another consumer of the group waits for a turn. */
        DONE_OTHERS_WAITING,
        /** Nothing changed: the lease was lost to another consumer after it expired. */
        LEASE_LOST
    }

    /** Commits the group's position and renews the lease, or releases it. */
    public Commit commit(String topic, String group, String owner, long position, long leaseMillis, boolean release) {
        try (PreparedStatement update = connection.prepareStatement("UPDATE consumer_groups SET committed = ?, "
                + "lease_owner = ?, lease_expires_ms = ? WHERE topic = ? AND group_id = ? AND lease_owner = ? "
                + "RETURNING waiter, waiter_expires_ms")) {
            long now = System.currentTimeMillis();
            update.setLong(1, position);
            update.setString(2, release ? null : owner);
            update.setLong(3, release ? 0 : now + leaseMillis);
            update.setString(4, topic);
            update.setString(5, group);
            update.setString(6, owner);
            try (ResultSet rs = update.executeQuery()) {
                if (!rs.next()) {
                    return Commit.LEASE_LOST;
                }
                String waiter = rs.getString(1);
                boolean othersWaiting = waiter != null && !waiter.equals(owner) && rs.getLong(2) >= now;
                return othersWaiting ? Commit.DONE_OTHERS_WAITING : Commit.DONE;
            }
        } catch (SQLException e) {
            throw failure("commit group '" + group + "' of topic '" + topic + "' in", e);
        }
    }

    /** Moves a group to a position (start options); creates it when new. */
    public void seek(String topic, String group, long position) {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO consumer_groups (topic, group_id, "
                + "committed) VALUES (?, ?, ?) ON CONFLICT (topic, group_id) DO UPDATE SET committed = excluded.committed")) {
            upsert.setString(1, topic);
            upsert.setString(2, group);
            upsert.setLong(3, position);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw failure("move group '" + group + "' of topic '" + topic + "' in", e);
        }
    }

    /** The group's committed position; 0 when the group does not exist. */
    public long committed(String topic, String group) {
        return queryLong("SELECT committed FROM consumer_groups WHERE topic = ? AND group_id = ?", 0, topic, group);
    }

    /** The newest position of a topic; 0 when it is empty. */
    public long lastPosition(String topic) {
        return queryLong("SELECT max(position) FROM messages WHERE topic = ?", 0, topic);
    }

    /** The position just before the first message stored at or after a time. */
    public long positionBefore(String topic, long storedMillis) {
        long first = queryLong("SELECT min(position) FROM messages WHERE topic = ? AND stored_ms >= ?", -1, topic,
                storedMillis);
        return first < 0 ? lastPosition(topic) : first - 1;
    }

    /** Whether another connection committed since the last call (SQLite {@code data_version}). */
    public long dataVersion() {
        return queryLong("PRAGMA data_version", 0);
    }

    /**
     * Applies retention to a topic: at most {@code maxMessages}, none older than
     * {@code minStoredMillis}, and (unless {@code trimUnconsumed}) nothing a group has not
     * committed. The bounds are found with reads, which do not block writers; the delete
     * removes at most {@link #TRIM_STEP} messages, so a send never waits long for it.
     * Returns how many messages were removed.
     */
    public int trim(String topic, Integer maxMessages, Long minStoredMillis, boolean trimUnconsumed) {
        long first = queryLong("SELECT min(position) FROM messages WHERE topic = ?", -1, topic);
        if (first < 0) {
            return 0;
        }
        long bound = -1;
        if (maxMessages != null) {
            bound = Math.max(bound, queryLong("SELECT position FROM messages WHERE topic = ? ORDER BY position "
                    + "DESC LIMIT 1 OFFSET ?", -1, topic, maxMessages));
        }
        if (minStoredMillis != null) {
            bound = Math.max(bound, queryLong("SELECT max(position) FROM (SELECT position, stored_ms FROM messages "
                    + "WHERE topic = ? ORDER BY position LIMIT ?) WHERE stored_ms < ?", -1, topic, TRIM_STEP,
                    minStoredMillis));
        }
        if (!trimUnconsumed) {
            bound = Math.min(bound, queryLong("SELECT min(committed) FROM consumer_groups WHERE topic = ?",
                    Long.MAX_VALUE, topic));
        }
        if (bound < first) {
            return 0;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM messages WHERE topic = ? AND position <= ?")) {
            delete.setString(1, topic);
            delete.setLong(2, Math.min(bound, first + TRIM_STEP - 1));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("trim topic '" + topic + "' in", e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            insert.close();
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    /** Runs a passive WAL checkpoint, so that sends never pay for one. */
    public void checkpoint() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            throw failure("checkpoint", e);
        }
    }

    /** Leaves WAL checkpoints to {@link #checkpoint()} on another connection. */
    public void disableAutoCheckpoint() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = 0");
        } catch (SQLException e) {
            throw failure("configure", e);
        }
    }

    /**
     * Retries a locked write every 100 microseconds for up to 30 seconds. SQLite's own busy
     * timeout sleeps in steps of up to 100 milliseconds, which is what a waiting writer would
     * add to an event's latency.
     */
    private static final class ShortWaits extends BusyHandler {
        private static final long PAUSE_NANOS = 100_000;
        private static final long GIVE_UP_NANOS = 30_000_000_000L;
        private long firstTry;

        @Override
        protected int callback(int attempts) {
            long now = System.nanoTime();
            if (attempts == 0) {
                firstTry = now;
            }
            if (now - firstTry > GIVE_UP_NANOS) {
                return 0;
            }
            LockSupport.parkNanos(PAUSE_NANOS);
            return 1;
        }
    }

    private long queryLong(String sql, long whenNone, Object... parameters) {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return whenNone;
                }
                long value = rs.getLong(1);
                return rs.wasNull() ? whenNone : value;
            }
        } catch (SQLException e) {
            throw failure("query", e);
        }
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T inTransaction(String what, Work<T> work) {
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
            }
            try {
                T result = work.run();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("COMMIT");
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ROLLBACK");
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private EmbeddedBusException failure(String what, Exception e) {
        return new EmbeddedBusException("Cannot " + what + " the embedded store " + path + ": " + e.getMessage(), e);
    }
}
