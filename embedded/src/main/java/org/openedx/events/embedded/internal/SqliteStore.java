package org.openedx.events.embedded.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteException;
import org.openedx.events.bus.spi.DeadLetter;
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
    /** The size a write-ahead log is cut back to whenever it restarts. */
    private static final long WAL_SIZE_LIMIT = 64L * 1024 * 1024;
    /** The most messages one retention pass removes. */
    private static final int TRIM_STEP = 5_000;
    private static final String INSERT_COLUMNS = "INSERT INTO messages (topic, " + String.join(", ", FIELDS)
            + ", event_key, event_data, stored_ms, attributes, trace_context)";
    private static final String ROW_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /**
     * The most rows one statement of {@link #appendAll} inserts: one statement for a commit's
     * messages costs far less than one each (a statement's set-up, and the sequence table's
     * update that {@code AUTOINCREMENT} makes at its end).
     */
    private static final int ROWS_PER_INSERT = 16;
    /**
     * Free space under which an I/O failure is put down to a full file system: SQLite needs
     * 32 KiB for the shared-memory index and a few pages for a transaction.
     */
    static final long NEARLY_FULL_BYTES = 1024 * 1024;

    private final Path path;
    /** The setting that names the file, for error messages. */
    private final String pathSetting;
    private final Connection connection;
    private final PreparedStatement insert;
    /** The statements of {@link #insertRows}, by their number of rows, prepared on first use. */
    private final PreparedStatement[] multiInserts = new PreparedStatement[ROWS_PER_INSERT + 1];

    public SqliteStore(EmbeddedSettings settings) {
        this(settings, EmbeddedSettings.EVENT_BUS_EMBEDDED_PATH.name());
    }

    /** @param pathSetting the setting that names the file, for error messages */
    public SqliteStore(EmbeddedSettings settings, String pathSetting) {
        this.path = settings.path().toAbsolutePath();
        this.pathSetting = pathSetting;
        Connection opened = null;
        try {
            if (!Files.exists(path)) {
                createStore(path, settings.fileMode());
            }
            opened = DriverManager.getConnection("jdbc:sqlite:" + path);
            connection = opened;
            try (Statement statement = connection.createStatement()) {
                BusyHandler.setHandler(connection, new ShortWaits());
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA synchronous = " + (settings.fullSync() ? "FULL" : "NORMAL"));
                statement.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT);
                // Checkpoints run where they cost no send or commit anything: see boundWal().
                statement.execute("PRAGMA wal_autocheckpoint = 0");
                createSchema(statement);
            }
            insert = connection.prepareStatement(INSERT_COLUMNS + " VALUES " + ROW_VALUES + " RETURNING position");
        } catch (SQLException | IOException e) {
            EmbeddedBusException failure = failure("open", e);
            if (opened != null) {
                // A store that cannot be set up must not keep its files open (a full disk then stays full).
                try {
                    opened.close();
                } catch (SQLException closing) {
                    failure.addSuppressed(closing);
                }
            }
            throw failure;
        }
    }

    /**
     * A stored message.
     *
     * @param metadata   the UTF-8 value of each metadata field, in {@link MetadataCodec#BARE_FIELDS} order
     * @param attributes   what else the message carries (a dead letter's attributes), as JSON text; or null
     * @param traceContext the trace context it carries ({@code traceparent}, {@code tracestate}) as a JSON
     *                     object; or null
     * @param topic        the message's topic
     */
    public record StoredMessage(long position, byte[][] metadata, String key, byte[] eventData, long storedMillis,
                                String attributes, String traceContext, String topic) {

        /** The dead letter's attributes; empty when the message is not one or they do not parse. */
        public Optional<DeadLetter> deadLetter() {
            if (attributes == null) {
                return Optional.empty();
            }
            try {
                Map<String, String> values = TraceContextColumn.read(attributes);
                return DeadLetter.fromAttributes(values::get);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Appends one message; durable when this returns.
     *
     * @param metadata   the metadata's text fields by their bare names
     * @param attributes JSON text of other attributes, or null
     * @return the message's position
     */
    public long append(String topic, Map<String, String> metadata, String key, byte[] eventData, long storedMillis,
                       String attributes) {
        return append(topic, metadata, key, eventData, storedMillis, attributes, null);
    }

    /**
     * Appends one message that carries a trace context; durable when this returns.
     *
     * @param traceContext the trace context as a JSON object, or null
     * @return the message's position
     */
    public long append(String topic, Map<String, String> metadata, String key, byte[] eventData, long storedMillis,
                       String attributes, String traceContext) {
        try {
            return insert(topic, metadata, key, eventData, storedMillis, attributes, traceContext);
        } catch (SQLException e) {
            throw failure("append to topic '" + topic + "' in", e);
        }
    }

    /**
     * A message to append with {@link #appendAll}.
     *
     * @param metadata     the metadata's text fields by their bare names
     * @param attributes   JSON text of other attributes, or null
     * @param traceContext the trace context as a JSON object, or null
     */
    public record Append(String topic, Map<String, String> metadata, String key, byte[] eventData,
                         long storedMillis, String attributes, String traceContext) {
    }

    /**
     * Appends messages in one transaction, in their order: all of them are durable when this
     * returns, or none is stored. A commit costs far more than an insert, so concurrent senders
     * whose messages commit together each pay a share of one.
     *
     * @return the messages' positions, in their order
     */
    public long[] appendAll(List<Append> messages) {
        if (messages.size() == 1) {
            Append only = messages.get(0);
            return new long[] {append(only.topic(), only.metadata(), only.key(), only.eventData(),
                    only.storedMillis(), only.attributes(), only.traceContext())};
        }
        return inTransaction("append " + messages.size() + " messages to", () -> {
            long[] positions = new long[messages.size()];
            for (int from = 0; from < positions.length; from += ROWS_PER_INSERT) {
                insertRows(messages.subList(from, Math.min(positions.length, from + ROWS_PER_INSERT)), positions, from);
            }
            return positions;
        });
    }

    /**
     * Inserts rows with one statement, their positions into {@code positions} from {@code offset}.
     * SQLite returns a statement's rows in no promised order; the rows take increasing positions
     * in the order of its values, so the sorted positions are theirs in order.
     */
    private void insertRows(List<Append> rows, long[] positions, int offset) throws SQLException {
        PreparedStatement statement = multiInserts[rows.size()];
        if (statement == null) {
            statement = connection.prepareStatement(INSERT_COLUMNS + " VALUES "
                    + String.join(", ", Collections.nCopies(rows.size(), ROW_VALUES)) + " RETURNING position");
            multiInserts[rows.size()] = statement;
        }
        int parameter = 1;
        for (Append row : rows) {
            statement.setString(parameter++, row.topic());
            for (String field : FIELDS) {
                statement.setString(parameter++, row.metadata().get(field));
            }
            statement.setString(parameter++, row.key());
            statement.setBytes(parameter++, row.eventData());
            statement.setLong(parameter++, row.storedMillis());
            statement.setString(parameter++, row.attributes());
            statement.setString(parameter++, row.traceContext());
        }
        int inserted = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                positions[offset + inserted++] = rs.getLong(1);
            }
        }
        if (inserted != rows.size()) {
            throw new SQLException("inserted " + inserted + " of " + rows.size() + " messages");
        }
        Arrays.sort(positions, offset, offset + inserted);
    }

    /**
     * Appends a copy of a stored message's envelope, its metadata bytes as they are (a dead
     * letter keeps even bytes that are not UTF-8), with attributes.
     *
     * @return the copy's position
     */
    public long appendCopy(String topic, StoredMessage original, long storedMillis, String attributes) {
        try {
            for (int i = 0; i < FIELDS.size(); i++) {
                byte[] value = original.metadata()[i];
                insert.setBytes(i + 2, value == null ? new byte[0] : value);
            }
            return insert(topic, original.key(), original.eventData(), storedMillis, attributes,
                    original.traceContext());
        } catch (SQLException e) {
            throw failure("append to topic '" + topic + "' in", e);
        }
    }

    private long insert(String topic, Map<String, String> metadata, String key, byte[] eventData,
                        long storedMillis, String attributes, String traceContext) throws SQLException {
        for (int i = 0; i < FIELDS.size(); i++) {
            insert.setString(i + 2, metadata.get(FIELDS.get(i)));
        }
        return insert(topic, key, eventData, storedMillis, attributes, traceContext);
    }

    private long insert(String topic, String key, byte[] eventData, long storedMillis, String attributes,
                        String traceContext) throws SQLException {
        insert.setString(1, topic);
        insert.setString(9, key);
        insert.setBytes(10, eventData);
        insert.setLong(11, storedMillis);
        insert.setString(12, attributes);
        insert.setString(13, traceContext);
        try (ResultSet rs = insert.executeQuery()) {
            rs.next();
            long position = rs.getLong(1);
            finish(rs);
            return position;
        }
    }

    /**
     * Steps a {@code RETURNING} statement to its end. SQLite commits such a statement (outside a
     * transaction) when it finishes, not when its row is read, and closing the result set early
     * drops the commit's error: on a full disk the message would be reported stored, with a
     * position, and be gone.
     */
    static void finish(ResultSet rs) throws SQLException {
        while (rs.next()) {
            // a RETURNING statement of one row: nothing more to read
        }
    }

    /** Messages of a topic after a position, oldest first. */
    public List<StoredMessage> read(String topic, long after, int limit) {
        try (PreparedStatement query = connection.prepareStatement(SELECT_MESSAGES
                + "WHERE topic = ? AND position > ? ORDER BY position LIMIT ?")) {
            query.setString(1, topic);
            query.setLong(2, after);
            query.setInt(3, limit);
            return messages(query);
        } catch (SQLException e) {
            throw failure("read topic '" + topic + "' from", e);
        }
    }

    /** Messages of every topic after a position, oldest first. */
    public List<StoredMessage> readAll(long after, int limit) {
        try (PreparedStatement query = connection.prepareStatement(SELECT_MESSAGES
                + "WHERE position > ? ORDER BY position LIMIT ?")) {
            query.setLong(1, after);
            query.setInt(2, limit);
            return messages(query);
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private static final String SELECT_MESSAGES = "SELECT position, " + String.join(", ", FIELDS)
            + ", event_key, event_data, stored_ms, attributes, trace_context, topic FROM messages ";

    private static List<StoredMessage> messages(PreparedStatement query) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                byte[][] metadata = new byte[FIELDS.size()][];
                for (int i = 0; i < FIELDS.size(); i++) {
                    metadata[i] = rs.getBytes(i + 2);
                }
                messages.add(new StoredMessage(rs.getLong(1), metadata, rs.getString(9), rs.getBytes(10),
                        rs.getLong(11), rs.getString(12), rs.getString(13), rs.getString(14)));
            }
        }
        return messages;
    }

    /** Removes messages by position, in one transaction; returns how many there were. */
    public int delete(List<Long> positions) {
        if (positions.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder("DELETE FROM messages WHERE position IN (");
        for (int i = 0; i < positions.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(positions.get(i).longValue());
        }
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql.append(')').toString());
        } catch (SQLException e) {
            throw failure("delete " + positions.size() + " messages from", e);
        }
    }

    /** How many messages the store holds, of every topic. */
    public long size() {
        return queryLong("SELECT count(*) FROM messages", 0);
    }

    /**
     * Stores made before dead letters existed have no attributes column, and those made before
     * tracing no trace_context column: each is added once.
     */
    private static void addColumn(Statement statement, String column) throws SQLException {
        try (ResultSet columns = statement.executeQuery("PRAGMA table_info(messages)")) {
            while (columns.next()) {
                if (column.equals(columns.getString("name"))) {
                    return;
                }
            }
        }
        statement.execute("ALTER TABLE messages ADD COLUMN " + column + " TEXT");
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
                finish(rs);
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

    /** Whether the topic holds a message or has a consumer group. */
    public boolean topicExists(String topic) {
        return queryLong("SELECT EXISTS (SELECT 1 FROM messages WHERE topic = ?1) "
                + "OR EXISTS (SELECT 1 FROM consumer_groups WHERE topic = ?1)", 0, topic) == 1;
    }

    /** Removes a consumer group of a topic; returns whether it existed. */
    public boolean deleteGroup(String topic, String group) {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM consumer_groups WHERE topic = ? AND group_id = ?")) {
            delete.setString(1, topic);
            delete.setString(2, group);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("delete group '" + group + "' of topic '" + topic + "' in", e);
        }
    }

    /** A topic's size and range; {@code first} and {@code last} are 0 when it is empty. */
    public record TopicRange(String topic, long messages, long first, long last) {
    }

    /** The topics whose names start with {@code prefix}, by name: those with messages and those with only groups. */
    public List<TopicRange> topics(String prefix) {
        try (PreparedStatement query = connection.prepareStatement("SELECT topic, count(position), "
                + "coalesce(min(position), 0), coalesce(max(position), 0) FROM (SELECT topic, position FROM messages "
                + "UNION ALL SELECT topic, NULL FROM consumer_groups) WHERE substr(topic, 1, ?2) = ?1 "
                + "GROUP BY topic ORDER BY topic")) {
            query.setString(1, prefix);
            query.setInt(2, prefix.length());
            List<TopicRange> topics = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    topics.add(new TopicRange(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                }
            }
            return topics;
        } catch (SQLException e) {
            throw failure("list the topics of", e);
        }
    }

    /** A consumer group's position and lease ({@code leaseOwner} null when free). */
    public record GroupRow(String group, long committed, String leaseOwner, long leaseExpiresMillis) {
    }

    /** The groups of a topic, by name. */
    public List<GroupRow> groups(String topic) {
        try (PreparedStatement query = connection.prepareStatement("SELECT group_id, committed, lease_owner, "
                + "lease_expires_ms FROM consumer_groups WHERE topic = ? ORDER BY group_id")) {
            query.setString(1, topic);
            List<GroupRow> groups = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    groups.add(new GroupRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return groups;
        } catch (SQLException e) {
            throw failure("list the groups of topic '" + topic + "' in", e);
        }
    }

    /**
     * Moves a group whose lease is free or expired to a position; returns false, changing nothing,
     * when a consumer holds the lease at {@code nowMillis}.
     */
    public boolean moveIdle(String topic, String group, long position, long nowMillis) {
        try (PreparedStatement update = connection.prepareStatement("UPDATE consumer_groups SET committed = ? "
                + "WHERE topic = ? AND group_id = ? AND (lease_owner IS NULL OR lease_expires_ms < ?)")) {
            update.setLong(1, position);
            update.setString(2, topic);
            update.setString(3, group);
            update.setLong(4, nowMillis);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("move group '" + group + "' of topic '" + topic + "' in", e);
        }
    }

    /** Removes messages of a topic by position. */
    public void remove(String topic, List<Long> positions) {
        inTransaction("remove messages of topic '" + topic + "' from", () -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM messages WHERE topic = ? AND position = ?")) {
                for (long position : positions) {
                    delete.setString(1, topic);
                    delete.setLong(2, position);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    /** The oldest position of a topic; 0 when it is empty. */
    public long firstPosition(String topic) {
        return queryLong("SELECT min(position) FROM messages WHERE topic = ?", 0, topic);
    }

    /** Messages of the topic after the group's committed position (all of them when the group is new). */
    public long lag(String topic, String group) {
        return queryLong("SELECT count(*) FROM messages WHERE topic = ?1 AND position > coalesce((SELECT committed "
                + "FROM consumer_groups WHERE topic = ?1 AND group_id = ?2), 0)", 0, topic, group);
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

    /** The store's connection, for the spool's own table ({@link SpoolLedger}), used on the store's thread. */
    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            insert.close();
            for (PreparedStatement statement : multiInserts) {
                if (statement != null) {
                    statement.close();
                }
            }
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    /** Runs a passive WAL checkpoint, so that sends never pay for one. */
    public void checkpoint() {
        checkpoint("PASSIVE");
    }

    /**
     * Copies the whole write-ahead log into the database and truncates it. Writers wait while
     * it runs (a few milliseconds for a log of a few megabytes): under continuous writes a
     * passive checkpoint never gets to restart the log, and it would grow without bound.
     */
    public boolean truncateWal() {
        return checkpoint("TRUNCATE");
    }

    /**
     * Truncates the write-ahead log when it has grown past {@code bytes}; returns whether it did.
     * Every connection leaves checkpoints to this: the producer's maintenance runs it often, and
     * a consumer as it commits, so that a store without a producer stays bounded too.
     */
    public boolean boundWal(long bytes) {
        if (walSize() <= bytes) {
            return false;
        }
        truncateWal();
        return true;
    }

    /**
     * Like {@link #boundWal(long)}, but waits until the truncation is done: another connection's
     * checkpoint makes one return at once, and a writer that went on would grow the log while it
     * runs. Gives up after {@code patience}, leaving the next call to try again.
     */
    public void boundWalWaiting(long bytes, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (walSize() > bytes && !truncateWal() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TRUNCATE_RETRY_NANOS);
        }
    }

    private static final long TRUNCATE_RETRY_NANOS = 200_000;

    /** The size of the write-ahead log file, 0 when there is none. */
    public long walSize() {
        try {
            return Files.size(path.resolveSibling(path.getFileName() + "-wal"));
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw failure("read the log size of", e);
        }
    }

    /** Whether the checkpoint ran to its end, rather than finding another connection's in its way. */
    private boolean checkpoint(String mode) {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            return rs.next() && rs.getInt(1) == 0;
        } catch (SQLException e) {
            throw failure("checkpoint", e);
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

    interface Work<T> {
        T run() throws SQLException;
    }

    <T> T inTransaction(String what, Work<T> work) {
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

    /**
     * Creates or upgrades the schema, one process at a time: two checking and adding a column at
     * once would both find it missing.
     */
    private static void createSchema(Statement statement) throws SQLException {
        statement.execute("BEGIN IMMEDIATE");
        statement.execute("CREATE TABLE IF NOT EXISTS messages ("
                + "position INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, "
                + "type TEXT NOT NULL, id TEXT NOT NULL, source TEXT NOT NULL, time TEXT NOT NULL, "
                + "minorversion TEXT NOT NULL, sourcehost TEXT NOT NULL, sourcelib TEXT NOT NULL, "
                + "event_key TEXT, event_data BLOB NOT NULL, stored_ms INTEGER NOT NULL)");
        statement.execute("CREATE INDEX IF NOT EXISTS messages_by_topic ON messages (topic, position)");
        addColumn(statement, "attributes");
        addColumn(statement, "trace_context");
        statement.execute("CREATE TABLE IF NOT EXISTS consumer_groups (topic TEXT NOT NULL, "
                + "group_id TEXT NOT NULL, committed INTEGER NOT NULL, lease_owner TEXT, "
                + "lease_expires_ms INTEGER NOT NULL DEFAULT 0, waiter TEXT, waiter_expires_ms INTEGER NOT NULL DEFAULT 0, "
                + "PRIMARY KEY (topic, group_id))");
        statement.execute("COMMIT");
    }

    /**
     * Makes a new store whole before it appears under its name: its WAL mode and schema are set in
     * a file of its own, which is then linked into place in one step. Processes (and connections)
     * opening a new store at once would otherwise switch one empty file to WAL mode together, which
     * SQLite answers with busy and I/O errors ({@code SQLITE_IOERR_DELETE_NOENT}).
     */
    private static void createStore(Path database, Set<PosixFilePermission> mode) throws IOException, SQLException {
        Path fresh = database.resolveSibling(database.getFileName() + "." + UUID.randomUUID() + ".new");
        createPrivately(fresh, mode);
        try {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + fresh);
                 Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                createSchema(statement);
            }
            try {
                Files.createLink(database, fresh);
            } catch (FileAlreadyExistsException e) {
                // another process made it first: the same schema
            } catch (UnsupportedOperationException | FileSystemException e) {
                moveUnlessThere(fresh, database); // a file system without hard links
            }
        } finally {
            Files.deleteIfExists(fresh);
        }
    }

    private static void moveUnlessThere(Path fresh, Path database) throws IOException {
        try {
            Files.move(fresh, database);
        } catch (FileAlreadyExistsException e) {
            // another process made it first
        }
    }

    /**
     * Creates the database file, empty (which SQLite takes for a new database), with {@code mode},
     * and the directories missing above it with {@code mode} plus search where it lets anyone read
     * or write, so that the umask does not decide who may read learners' data. SQLite gives the
     * {@code -wal} and {@code -shm} files it creates the database file's mode. An existing file or
     * directory is left as it is; so is everything on a file system without POSIX permissions.
     */
    static void createPrivately(Path database, Set<PosixFilePermission> mode) throws IOException {
        Path parent = database.toAbsolutePath().getParent();
        boolean posix = database.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return;
        }
        if (parent != null && !Files.isDirectory(parent)) {
            List<Path> missing = new ArrayList<>();
            for (Path dir = parent; dir != null && !Files.exists(dir); dir = dir.getParent()) {
                missing.add(0, dir);
            }
            Set<PosixFilePermission> dirMode = directoryMode(mode);
            for (Path dir : missing) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(dirMode));
                    Files.setPosixFilePermissions(dir, dirMode); // what the umask took off
                } catch (FileAlreadyExistsException e) {
                    // another process made it first: its mode is the one it chose
                }
            }
        }
        try {
            Files.createFile(database, PosixFilePermissions.asFileAttribute(mode));
            Files.setPosixFilePermissions(database, mode);
        } catch (FileAlreadyExistsException e) {
            // an existing store, or another process created it first
        }
    }

    /** A file mode plus search ({@code x}) for each class that may read or write. */
    static Set<PosixFilePermission> directoryMode(Set<PosixFilePermission> fileMode) {
        Set<PosixFilePermission> mode = EnumSet.noneOf(PosixFilePermission.class);
        mode.addAll(fileMode);
        if (fileMode.contains(PosixFilePermission.OWNER_READ) || fileMode.contains(PosixFilePermission.OWNER_WRITE)) {
            mode.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if (fileMode.contains(PosixFilePermission.GROUP_READ) || fileMode.contains(PosixFilePermission.GROUP_WRITE)) {
            mode.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (fileMode.contains(PosixFilePermission.OTHERS_READ) || fileMode.contains(PosixFilePermission.OTHERS_WRITE)) {
            mode.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return mode;
    }

    /** The exception of a failed operation: what was done, the file, its setting and the cause. */
    EmbeddedBusException failure(String what, Exception e) {
        String detail = e.getMessage();
        if (isIoError(e)) {
            String space = spaceProblem(path);
            if (space != null) {
                detail = space + "; " + detail;
            }
        }
        return new EmbeddedBusException("Cannot " + what + " the embedded store " + path + " ("
                + pathSetting + "): " + detail, e);
    }

    /** Whether a failure may come from the file system: an I/O error, a full disk, a file that cannot be opened. */
    static boolean isIoError(Exception e) {
        if (e instanceof IOException) {
            return true;
        }
        if (e instanceof SQLiteException sqlite) {
            String code = sqlite.getResultCode().name();
            return code.startsWith("SQLITE_IOERR") || code.equals("SQLITE_FULL") || code.startsWith("SQLITE_CANTOPEN");
        }
        return false;
    }

    /**
     * What is wrong with the space of the file system that holds the store, e.g.
     * {@code "the file system has no space left (1024 bytes free)"}; null when it has room or
     * cannot be asked.
     */
    static String spaceProblem(Path store) {
        for (Path dir = store.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir)) {
                try {
                    return spaceProblem(Files.getFileStore(dir).getUsableSpace());
                } catch (IOException | SecurityException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** The problem of a file system with {@code usableBytes} free; null when that is room enough. */
    static String spaceProblem(long usableBytes) {
        return usableBytes < NEARLY_FULL_BYTES ? "the file system has no space left (" + usableBytes + " bytes free)"
                : null;
    }
}
