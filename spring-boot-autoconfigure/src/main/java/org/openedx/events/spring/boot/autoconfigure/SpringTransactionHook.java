package org.openedx.events.spring.boot.autoconfigure;

import org.openedx.events.bus.TransactionHook;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
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
     * Marks the transaction rollback-only twice over, as no single Spring call reaches every kind:
     * the status of a declarative ({@code @Transactional}) transaction, which JPA's manager reads,
     * and every resource bound to the thread, whose rollback-only flag a JDBC transaction manager
     * reads at commit also when the transaction is a {@code TransactionTemplate}'s. The commit then
     * rolls back and throws {@code UnexpectedRollbackException}, even when the caller caught the
     * outbox's exception.
     */
    @Override
    public void rollbackOnly(RuntimeException cause) {
        try {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
        } catch (NoTransactionException notDeclarative) {
            // A programmatic transaction: its resources below carry the mark.
        }
        for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
            if (resource instanceof ResourceHolderSupport holder) {
                holder.setRollbackOnly();
            }
        }
    }
}
