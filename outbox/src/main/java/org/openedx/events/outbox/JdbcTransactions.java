package org.openedx.events.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.openedx.events.bus.TransactionHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain JDBC transactions the bus knows about, for applications without a transaction manager:
 * {@link #inTransaction} binds one connection to the calling thread for the work's duration, so
 * that events of {@code outbox} topics are written on it ({@link JdbcOutbox}) and events of
 * {@code on_commit} topics are sent after it commits. Give it to the bus as its
 * {@link TransactionHook} ({@code EventBus.builder().transactions(...)}).
 *
 * <pre>{@code
 * transactions.inTransaction(connection -> {
 *     deactivate(connection, user);                        // the application's own SQL
 *     USER_DEACTIVATED.sendEvent(EventData.of("user", user));   // into the outbox, same transaction
 *     return null;
 * });
 * }</pre>
 */
public final class JdbcTransactions implements TransactionHook {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcTransactions.class);

    /** Work done on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final class Scope {
        final Connection connection;
        final List<Runnable> afterCommit = new ArrayList<>();
        RuntimeException rollbackOnly;

        Scope(Connection connection) {
            this.connection = connection;
        }
    }

    private final DataSource dataSource;
    private final ThreadLocal<Scope> current = new ThreadLocal<>();

    public JdbcTransactions(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs the work in a transaction on a connection of the data source and commits it, then runs
     * the after-commit actions; rolls back when the work throws or an event could not be written
     * to the outbox. Called inside another, it joins that transaction.
     *
     * @throws SQLException      what the work or the commit threw
     * @throws OutboxException   when an event could not be written to the outbox (the transaction is rolled back)
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        Scope outer = current.get();
        if (outer != null) {
            return work.run(outer.connection);
        }
        T result;
        Scope scope;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            scope = new Scope(connection);
            current.set(scope);
            try {
                result = work.run(connection);
                if (scope.rollbackOnly != null) {
                    throw scope.rollbackOnly;
                }
                connection.commit();
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                current.remove();
                connection.setAutoCommit(autoCommit);
            }
        }
        for (Runnable action : scope.afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The data is committed: one failing action must not stop the others.
                LOG.error("An action after the commit failed", e);
            }
        }
        return result;
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public boolean inTransaction() {
        return current.get() != null;
    }

    @Override
    public void afterCommit(Runnable action) {
        Scope scope = current.get();
        if (scope == null) {
            throw new IllegalStateException("No transaction is active");
        }
        scope.afterCommit.add(action);
    }

    /** The calling thread's transaction's connection, when it runs one. */
    public Optional<Connection> connection() {
        Scope scope = current.get();
        return scope == null ? Optional.empty() : Optional.of(scope.connection);
    }

    /** Makes the calling thread's transaction roll back, with this failure, instead of committing. */
    @Override
    public void rollbackOnly(RuntimeException failure) {
        Scope scope = current.get();
        if (scope != null && scope.rollbackOnly == null) {
            scope.rollbackOnly = failure;
        }
    }
}
