package org.openedx.events.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.openedx.events.bus.OutboxWriter;
import org.openedx.events.bus.TransactionHook;
import org.openedx.events.outbox.internal.Dialect;
import org.openedx.events.outbox.internal.OutboxSql;
import org.openedx.events.wire.StoredEvent;

/**
 * Writes events of {@code outbox} topics into the outbox table, on the connection of the
 * sender's transaction, so that the event is kept exactly when the transaction's data is: the
 * connection {@link JdbcTransactions} holds for the calling thread, else the one the data source
 * hands out (a Spring {@code TransactionAwareDataSourceProxy} hands out the current
 * transaction's), in auto-commit when there is no transaction. Give it to the bus with
 * {@code EventBus.builder().outbox(...)}.
 */
public final class JdbcOutbox implements OutboxWriter {

    private final DataSource dataSource;
    private final TransactionHook transactions;
    private final Clock clock;
    /** Topics whose row is committed; a rolled-back first event of a topic must not leave it unregistered. */
    private final Set<String> registeredTopics = ConcurrentHashMap.newKeySet();
    private volatile Dialect dialect;

    private JdbcOutbox(DataSource dataSource, TransactionHook transactions, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An outbox written in the transactions these run, or in auto-commit outside them. */
    public static JdbcOutbox create(JdbcTransactions transactions) {
        return new JdbcOutbox(transactions.dataSource(), transactions, Clock.systemUTC());
    }

    /**
     * An outbox written on the data source's connections: inside a transaction that
     * {@code transactions} tells of, the data source must hand out that transaction's connection.
     */
    public static JdbcOutbox create(DataSource dataSource, TransactionHook transactions) {
        return new JdbcOutbox(dataSource, transactions, Clock.systemUTC());
    }

    /** The same outbox with the clock of the rows' creation times. */
    public JdbcOutbox withClock(Clock clock) {
        return new JdbcOutbox(dataSource, transactions, clock);
    }

    /**
     * Inserts the event's row, and its topic's on the topic's first event.
     *
     * @throws OutboxException when the insert fails; the transaction is then marked to roll back
     *                         ({@link TransactionHook#rollbackOnly})
     */
    @Override
    public void write(StoredEvent event) {
        Optional<Connection> current = transactions instanceof JdbcTransactions jdbc ? jdbc.connection()
                : Optional.empty();
        try {
            if (current.isPresent()) {
                insert(current.get(), event);
            } else {
                try (Connection connection = dataSource.getConnection()) {
                    insert(connection, event);
                }
            }
        } catch (SQLException | RuntimeException e) {
            OutboxException failure = new OutboxException("Cannot write event " + event.envelope().metadata().eventType()
                    + " (id " + event.envelope().metadata().id() + ") for topic '" + event.topic()
                    + "' to the outbox: " + e.getMessage(), e);
            if (transactions.inTransaction()) {
                transactions.rollbackOnly(failure);
            }
            throw failure;
        }
    }

    private void insert(Connection connection, StoredEvent event) throws SQLException {
        String fullTopic = event.fullTopic();
        if (!registeredTopics.contains(fullTopic)) {
            if (dialect == null) {
                dialect = Dialect.of(connection);
            }
            OutboxSql.registerTopic(connection, dialect, fullTopic);
            if (transactions.inTransaction()) {
                transactions.afterCommit(() -> registeredTopics.add(fullTopic));
            } else {
                registeredTopics.add(fullTopic);
            }
        }
        OutboxSql.insert(connection, event, clock.millis());
    }
}
