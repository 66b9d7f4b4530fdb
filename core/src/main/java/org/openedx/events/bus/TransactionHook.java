package org.openedx.events.bus;

/**
 * How the bus learns whether an event is sent inside a transaction, and defers its publishing
 * until the transaction commits ({@link org.openedx.events.settings.ProductionMode#ON_COMMIT}).
 * An integration supplies it: the outbox module for plain JDBC, the Spring Boot starter for
 * Spring's transaction synchronisation.
 */
public interface TransactionHook {

    /** No transactions: every send is published at once. */
    TransactionHook NONE = new TransactionHook() {
        @Override
        public boolean inTransaction() {
            return false;
        }

        @Override
        public void afterCommit(Runnable action) {
            throw new IllegalStateException("No transaction is active");
        }
    };

    /** Whether the calling thread is inside a transaction that has not yet committed or rolled back. */
    boolean inTransaction();

    /**
     * Runs {@code action} on the calling thread's transaction's commit, after the data is
     * committed, and never if the transaction rolls back. Called only when {@link #inTransaction()}.
     */
    void afterCommit(Runnable action);

    /**
     * Makes the calling thread's transaction roll back instead of committing, because an event
     * it sent could not be kept ({@code outbox} mode): the data must not commit without its
     * events. Called only when {@link #inTransaction()}; a hook whose transactions cannot be
     * marked so does nothing (the outbox's exception is then the sender's only sign).
     */
    default void rollbackOnly(RuntimeException cause) {
    }
}
