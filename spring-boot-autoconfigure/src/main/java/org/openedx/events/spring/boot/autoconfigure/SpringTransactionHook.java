package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.bus.TransactionHook;
import org.springframework.transaction.support.ResourceHolderSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring-managed transactions for the bus: an event of an {@code on_commit} topic sent inside one
 * is handed to the producer from the transaction's after-commit synchronisation, and dropped with
 * it on rollback; an {@code outbox} topic's event that cannot be written marks the transaction
 * rollback-only, so that its data does not commit without the event.
 */
final class SpringTransactionHook implements TransactionHook {

    @Override
    public boolean inTransaction() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.isActualTransactionActive();
    }

    @Override
    public void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /**
     * Marks every resource bound to the thread rollback-only: a JDBC transaction manager (Spring
     * Boot's {@code JdbcTransactionManager}, a {@code DataSourceTransactionManager}) reads its
     * connection's mark at commit, rolls back and throws {@code UnexpectedRollbackException},
     * for {@code @Transactional} methods and {@code TransactionTemplate}s alike, even when the
     * caller went on after the outbox's failure ({@code sendEvent} logs it and returns). The
     * transaction's status is left alone on purpose: marked, it would roll back silently and the
     * caller would be told that its work committed.
     */
    @Override
    public void rollbackOnly(RuntimeException cause) {
        for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
            if (resource instanceof ResourceHolderSupport holder) {
                holder.setRollbackOnly();
            }
        }
    }
}
